/**
 * The store a read command reads: the desk's own log, or with `--team [URL]` the whole team's
 * (src/team/store.ts, loaded only then: a desk's `history` never loads the PostgreSQL client).
 */
import { CallStore } from '../store/sqlite.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';

export async function readsOf(context: CommandContext, team: string | boolean | undefined): Promise<LogReads> {
  if (team === undefined || team === false) return new CallStore(context.paths.database);
  const { teamOf } = await import('./team.js');
  const { TeamStore } = await import('../team/store.js');
  return TeamStore.open(await teamOf(context, team));
}
