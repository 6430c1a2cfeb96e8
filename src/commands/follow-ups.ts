/** `ringside follow-ups`: the open tickets, soonest due first. */
import { formatFollowUps, followUpsJson } from '../reports/followups.js';
import { CallStore } from '../store/sqlite.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';

export async function followUps(context: CommandContext, options: { json?: boolean; unmasked?: boolean }): Promise<void> {
  const { io, paths } = context;
  const store: LogReads = new CallStore(paths.database);
  try {
    const list = await store.openFollowUps();
    const now = Date.now();
    io.out(
      options.json
        ? `${JSON.stringify(followUpsJson(list, now, !options.unmasked), null, 2)}\n`
        : formatFollowUps(list, now, !options.unmasked, context.language, process.stdout.columns ?? 100),
    );
  } finally {
    await store.close();
  }
}
