/** `ringside export`: the saved live calls as CSV or JSON, to standard output or a file written in place. */
import type { Writable } from 'node:stream';
import { printable, UserError } from '../errors.js';
import { exportCalls, parseDay, progressBar, type ExportFormat } from '../reports/export.js';
import { writeFileInPlace } from '../safe-fs.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';
import { readsOf } from './reads.js';
import { formatCount, formatNumber, type Words } from '../language.js';

const WORDS: Words<{
  fromAfterTo: (from: string, to: string) => string;
  unmaskedToFile: string;
  exporting: string;
  written: (calls: number, file: string, unmasked: boolean) => string;
}> = {
  'zh-CN': {
    fromAfterTo: (from, to) => `--from ${from} 晚于 --to ${to}。`,
    unmaskedToFile: '--unmasked 会写出来电人的姓名、电话和地址：请同时给出 --out 文件（建成只有你能读）。',
    exporting: '导出中',
    written: (calls, file, unmasked) => `已把 ${formatNumber('zh-CN', calls)} 通来电写入 ${file}（${unmasked ? '来电人资料完整：请妥善保密' : '来电人资料已遮蔽'}）。\n`,
  },
  en: {
    fromAfterTo: (from, to) => `--from ${from} is after --to ${to}.`,
    unmaskedToFile: '--unmasked writes caller names, phones and addresses: give --out FILE as well (it is created readable by you only).',
    exporting: 'exporting',
    written: (calls, file, unmasked) =>
      `${formatCount('en', calls, { one: 'call', other: 'calls' })} written to ${file}${unmasked ? ' (caller data in full: keep it private)' : ' (caller data masked)'}.\n`,
  },
};

export async function exportLog(
  context: CommandContext,
  options: { format: ExportFormat; from?: string; to?: string; out?: string; unmasked?: boolean; team?: string | boolean },
): Promise<void> {
  const { io } = context;
  const language = context.language;
  const words = WORDS[language];
  const from = options.from ? parseDay(options.from, '--from', false, language) : 0;
  const to = options.to ? parseDay(options.to, '--to', true, language) : Number.MAX_SAFE_INTEGER;
  if (from >= to) throw new UserError(words.fromAfterTo(String(options.from), String(options.to)));
  if (options.unmasked && !options.out) throw new UserError(words.unmaskedToFile);
  const store: LogReads = await readsOf(context, options.team);
  try {
    const run = (out: Writable) =>
      exportCalls(store, {
        format: options.format,
        from,
        to,
        masked: !options.unmasked,
        out,
        progress: process.stderr.isTTY ? progressBar(process.stderr, words.exporting) : undefined,
      });
    if (!options.out) {
      await run(process.stdout);
      return;
    }
    // Never through a link or over another's file; the old file stays until the new one is whole.
    const written = await writeFileInPlace(options.out, { private: options.unmasked ?? false }, run);
    io.err(words.written(written, printable(options.out), options.unmasked ?? false));
  } finally {
    await store.close();
  }
}
