/** `ringside history`: the latest calls, the table read light, `--json` whole and written a call at a time. */
import { formatHistory, historyJson, jsonArrayPieces } from '../reports/history.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';
import { readsOf } from './reads.js';

export async function history(context: CommandContext, options: { json?: boolean; limit: number; unmasked?: boolean; team?: string | boolean }): Promise<void> {
  const { io, paths } = context;
  const store: LogReads = await readsOf(context, options.team);
  try {
    if (!options.json) {
      // The table shows a few figures of each call: read those, not the calls whole.
      io.out(formatHistory(await store.historyRows(options.limit), !options.unmasked, context.language));
      return;
    }
    const calls = await store.recentCalls(options.limit);
    // Reading the packs costs more than the calls: only when a call has a pack's own fields.
    // (Loaded only then: the parser of user packs is most of what a start would cost.)
    let privateFields: Map<string, string[]> | null = null;
    const packs = calls.some((call) => Object.keys(call.caller.fields).length > 0) ? await import('../pack/load.js') : null;
    const isPrivate = (packId: string, field: string) => {
      if (!packs) return true; // no call has a pack's own field
      privateFields ??= new Map(packs.listPacks(paths.userPacks).map((entry) => [entry.id, entry.privateFields]));
      return privateFields.get(packId)?.includes(field) ?? true;
    };
    // A piece at a time: a long page's JSON is longer than one string can be.
    for (const piece of jsonArrayPieces(historyJson(calls, !options.unmasked, isPrivate))) io.out(piece);
  } finally {
    await store.close();
  }
}
