/** `ringside score`: a saved call's scorecard as text, failures first with their moments. */
import { callTime, SCORE_ITEMS } from '../../machines/scorecard.js';
import type { SavedCall } from '../store/store.js';
import { padDisplay } from '../width.js';

const VERDICT = { pass: '✓', fail: '✗', 'n/a': '–', unreviewed: '?' } as const;

export function formatScorecard(call: SavedCall): string {
  const card = call.scorecard;
  const what = call.mode === 'training' ? `training: ${call.scenarioId}` : 'live call';
  if (!card) return `Call ${call.id} (${what}) has no scorecard: it was saved before scorecards existed.\n`;
  const lines = [
    `Call ${call.id} · ${what} · score ${card.total} (${card.passed}/${card.judged} items passed)${card.instantFail.length > 0 ? ` · instant fail: ${card.instantFail.join(', ')}` : ''}`,
    '',
  ];
  const failures = card.items.flatMap((item) => item.failures);
  lines.push(failures.length === 0 ? 'No item failed.' : 'Failed (item, moment on the talk clock, rule, why):');
  for (const failure of failures) {
    lines.push(`  ${failure.item}  ${callTime(failure.at, call.answeredAt ?? call.ringAt)}  ${padDisplay(failure.rule ?? 'trainer', 18)} ${failure.why}`);
  }
  lines.push('', 'Items (✓ passed, ✗ failed, – not applicable, ? for a trainer to judge: ringside score ID --fail/--pass/--reviewed):');
  for (const item of card.items) {
    const info = SCORE_ITEMS.find((entry) => entry.id === item.item);
    lines.push(`  ${item.item} ${VERDICT[item.verdict]} ${padDisplay(info?.judged ?? '', 8)} ${info?.label.en ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}
