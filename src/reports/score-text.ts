/** `ringside score`: a saved call's scorecard as text in the desk's language, failures first with their moments. */
import { callTime, SCORE_ITEMS, whyIn } from '../../machines/scorecard.js';
import type { Language, Words } from '../language.js';
import type { SavedCall } from '../store/store.js';
import { padDisplay } from '../width.js';
import { shownSpeech } from '../privacy.js';
import { printable } from '../errors.js';

const VERDICT = { pass: '✓', fail: '✗', 'n/a': '–', unreviewed: '?' } as const;

interface ScoreWords {
  training: (scenario: string) => string;
  live: string;
  none: (id: number, what: string) => string;
  head: (id: number, what: string, total: number, passed: number, judged: number) => string;
  instantFail: (keys: string) => string;
  noFailure: string;
  failed: string;
  /** A failure with no rule: a trainer's mark. */
  trainer: string;
  items: string;
  judged: Record<'auto' | 'trainer', string>;
  /** The steps the transcript ticked, with what was heard (the evidence). */
  heard: string;
}

const WORDS: Words<ScoreWords> = {
  'zh-CN': {
    training: (scenario) => `培训：${scenario}`,
    live: '来电',
    none: (id, what) => `第 ${id} 号通话（${what}）没有评分卡：它在有评分卡之前就保存了。\n`,
    head: (id, what, total, passed, judged) => `第 ${id} 号通话 · ${what} · 评分 ${total} 分（${passed}/${judged} 项合格）`,
    instantFail: (keys) => ` · 一票否决：${keys}`,
    noFailure: '没有不合格项。',
    failed: '不合格项（项目、通话计时的时刻、规则、原因）：',
    trainer: '培训师',
    items: '各项（✓ 合格，✗ 不合格，– 不适用，? 待培训师评定：`ringside score 编号 --fail/--pass/--reviewed`）：',
    judged: { auto: '自动', trainer: '培训师' },
    heard: '听到（转写勾选的步骤：时刻、步骤、匹配度、听到的话；来电人资料和号码已遮盖）：',
  },
  en: {
    training: (scenario) => `training: ${scenario}`,
    live: 'live call',
    none: (id, what) => `Call ${id} (${what}) has no scorecard: it was saved before scorecards existed.\n`,
    head: (id, what, total, passed, judged) => `Call ${id} · ${what} · score ${total} (${passed}/${judged} items passed)`,
    instantFail: (keys) => ` · instant fail: ${keys}`,
    noFailure: 'No item failed.',
    failed: 'Failed (item, moment on the talk clock, rule, why):',
    trainer: 'trainer',
    items: 'Items (✓ passed, ✗ failed, – not applicable, ? for a trainer to judge: ringside score ID --fail/--pass/--reviewed):',
    judged: { auto: 'auto', trainer: 'trainer' },
    heard: "Heard (steps the transcript ticked: moment, step, match, the words; the caller's data and numbers masked):",
  },
};

export function formatScorecard(call: SavedCall, language: Language): string {
  const words = WORDS[language];
  const card = call.scorecard;
  const what = call.mode === 'training' ? words.training(String(call.scenarioId)) : words.live;
  if (!card) return words.none(call.id, what);
  const lines = [
    `${words.head(call.id, what, card.total, card.passed, card.judged)}${card.instantFail.length > 0 ? words.instantFail(card.instantFail.join(', ')) : ''}`,
    '',
  ];
  const failures = card.items.flatMap((item) => item.failures);
  lines.push(failures.length === 0 ? words.noFailure : words.failed);
  for (const failure of failures) {
    lines.push(`  ${failure.item}  ${callTime(failure.at, call.answeredAt ?? call.ringAt)}  ${padDisplay(failure.rule ?? words.trainer, 18)} ${whyIn(language, failure.why)}`);
  }
  lines.push('', words.items);
  for (const item of card.items) {
    const info = SCORE_ITEMS.find((entry) => entry.id === item.item);
    lines.push(`  ${item.item} ${VERDICT[item.verdict]} ${padDisplay(info ? words.judged[info.judged] : '', 8)} ${info?.label[language] ?? ''}`);
  }
  const heard = call.steps.filter((step) => step.heard).sort((a, b) => a.heard!.at - b.heard!.at);
  if (heard.length > 0) {
    // The agent's words as heard, for the debrief; the caller's name, number and address in them masked.
    const { name, phone, address, fields } = call.caller;
    const data = [name, ...[...name].slice(0, 1), phone, address, ...Object.values(fields)];
    lines.push('', words.heard);
    for (const step of heard) {
      const evidence = step.heard!;
      lines.push(`  ${callTime(evidence.at, call.answeredAt ?? call.ringAt)}  ${padDisplay(step.id, 22)} ${String(Math.round(evidence.score * 100)).padStart(3)}%  ${printable(shownSpeech('history', evidence.text, data))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
