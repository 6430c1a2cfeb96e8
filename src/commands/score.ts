/** `ringside score`: a saved call's scorecard, and a trainer's marks on it. */
import { UserError } from '../errors.js';
import { callTime, rescored } from '../../machines/scorecard.js';
import { formatScorecard } from '../reports/score-text.js';
import { CallStore } from '../store/sqlite.js';
import type { CommandContext } from './context.js';

export function score({ io, paths }: CommandContext, id: number, options: { fail?: string[]; pass?: string[]; reviewed?: boolean; json?: boolean }): void {
  const store = new CallStore(paths.database);
  try {
    const call = store.getCall(id);
    if (!call || call.savedAt === null && call.outcome === null) throw new UserError(`There is no saved call ${id}; ringside history shows the calls.`);
    const card = call.scorecard ?? { items: [] };
    const both = (options.fail ?? []).filter((item) => options.pass?.includes(item));
    if (both.length > 0) throw new UserError(`${both.join(', ')} cannot both fail and pass.`);
    if (options.fail || options.pass || options.reviewed) {
      if (!call.scorecard) {
        throw new UserError(call.answeredAt === null ? `Call ${id} was not answered: there is nothing to score.` : `Call ${id} was saved before scorecards existed; it cannot be scored.`);
      }
      // A pass takes back a trainer's mark; what the call itself showed (a rule's verdict) stays.
      const shown = card.items.filter((item) => options.pass?.includes(item.item) && item.failures.some((failure) => failure.by !== 'trainer'));
      if (shown.length > 0) {
        const why = shown.map((item) => {
          const failure = item.failures.find((f) => f.by !== 'trainer')!;
          return `${item.item} failed on ${failure.rule ?? `the scenario (${failure.why})`}${failure.at !== null ? ` at ${callTime(failure.at, call.answeredAt ?? call.ringAt)}` : ''}`;
        });
        throw new UserError(`--pass takes back only a trainer's mark, and ${why.join('; ')}, which the call itself shows: nothing was changed. See ringside score ${id}.`);
      }
      store.rescore(id, (card) => rescored(card, { fail: options.fail ?? [], pass: options.pass ?? [], reviewed: options.reviewed ?? false }));
    }
    const now = store.getCall(id)!;
    io.out(options.json ? `${JSON.stringify({ id, mode: now.mode, scenarioId: now.scenarioId, ...now.scorecard }, null, 2)}\n` : formatScorecard(now));
  } finally {
    store.close();
  }
}
