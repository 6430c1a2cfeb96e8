/** `ringside export`: the saved live calls as CSV or JSON, to standard output or a file written in place. */
import type { Writable } from 'node:stream';
import { printable, UserError } from '../errors.js';
import { exportCalls, parseDay, progressBar, type ExportFormat } from '../reports/export.js';
import { writeFileInPlace } from '../safe-fs.js';
import { CallStore } from '../store/sqlite.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';

export async function exportLog(
  { io, paths }: CommandContext,
  options: { format: ExportFormat; from?: string; to?: string; out?: string; unmasked?: boolean },
): Promise<void> {
  const from = options.from ? parseDay(options.from, '--from') : 0;
  const to = options.to ? parseDay(options.to, '--to', true) : Number.MAX_SAFE_INTEGER;
  if (from >= to) throw new UserError(`--from ${options.from} is after --to ${options.to}.`);
  if (options.unmasked && !options.out) {
    throw new UserError('--unmasked writes caller names, phones and addresses: give --out FILE as well (it is created readable by you only).');
  }
  const store: LogReads = new CallStore(paths.database);
  try {
    const run = (out: Writable) =>
      exportCalls(store, {
        format: options.format,
        from,
        to,
        masked: !options.unmasked,
        out,
        progress: process.stderr.isTTY ? progressBar(process.stderr) : undefined,
      });
    if (!options.out) {
      await run(process.stdout);
      return;
    }
    // Never through a link or over another's file; the old file stays until the new one is whole.
    const written = await writeFileInPlace(options.out, { private: options.unmasked ?? false }, run);
    io.err(`${written} calls written to ${printable(options.out)}${options.unmasked ? ' (caller data in full: keep it private)' : ' (caller data masked)'}.\n`);
  } finally {
    await store.close();
  }
}
