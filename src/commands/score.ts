/** `ringside score`: a saved call's scorecard, and a trainer's marks on it. */
import { UserError } from '../errors.js';
import { callTime, rescored, whyIn } from '../../machines/scorecard.js';
import type { Words } from '../language.js';
import { formatScorecard } from '../reports/score-text.js';
import { CallStore } from '../store/sqlite.js';
import type { CommandContext } from './context.js';

const WORDS: Words<{
  noCall: (id: number) => string;
  both: (items: string) => string;
  notAnswered: (id: number) => string;
  beforeScorecards: (id: number) => string;
  failedOn: (item: string, on: string, at: string | null) => string;
  scenario: (why: string) => string;
  shown: (why: string, id: number) => string;
}> = {
  'zh-CN': {
    noCall: (id) => `没有已保存的第 ${id} 号通话；\`ringside history\` 列出各通电话。`,
    both: (items) => `${items} 不能同时判为不合格和合格。`,
    notAnswered: (id) => `第 ${id} 号通话没有接听：没有可评的。`,
    beforeScorecards: (id) => `第 ${id} 号通话在有评分卡之前就保存了，不能评分。`,
    failedOn: (item, on, at) => `${item} ${at === null ? '' : `在 ${at} `}因 ${on} 不合格`,
    scenario: (why) => `培训场景（${why}）`,
    shown: (why, id) => `--pass 只能撤回培训师的标记，而${why}，这是通话本身显示的：没有改动。见 \`ringside score ${id}\`。`,
  },
  en: {
    noCall: (id) => `There is no saved call ${id}; ringside history shows the calls.`,
    both: (items) => `${items} cannot both fail and pass.`,
    notAnswered: (id) => `Call ${id} was not answered: there is nothing to score.`,
    beforeScorecards: (id) => `Call ${id} was saved before scorecards existed; it cannot be scored.`,
    failedOn: (item, on, at) => `${item} failed on ${on}${at === null ? '' : ` at ${at}`}`,
    scenario: (why) => `the scenario (${why})`,
    shown: (why, id) => `--pass takes back only a trainer's mark, and ${why}, which the call itself shows: nothing was changed. See ringside score ${id}.`,
  },
};

export function score(context: CommandContext, id: number, options: { fail?: string[]; pass?: string[]; reviewed?: boolean; json?: boolean }): void {
  const { io, paths } = context;
  const language = context.language;
  const words = WORDS[language];
  const store = new CallStore(paths.database);
  try {
    const call = store.getCall(id);
    if (!call || call.savedAt === null && call.outcome === null) throw new UserError(words.noCall(id));
    const card = call.scorecard ?? { items: [] };
    const both = (options.fail ?? []).filter((item) => options.pass?.includes(item));
    if (both.length > 0) throw new UserError(words.both(both.join(', ')));
    if (options.fail || options.pass || options.reviewed) {
      if (!call.scorecard) {
        throw new UserError(call.answeredAt === null ? words.notAnswered(id) : words.beforeScorecards(id));
      }
      // A pass takes back a trainer's mark; what the call itself showed (a rule's verdict) stays.
      const shown = card.items.filter((item) => options.pass?.includes(item.item) && item.failures.some((failure) => failure.by !== 'trainer'));
      if (shown.length > 0) {
        const why = shown.map((item) => {
          const failure = item.failures.find((f) => f.by !== 'trainer')!;
          return words.failedOn(item.item, failure.rule ?? words.scenario(whyIn(language, failure.why)), failure.at !== null ? callTime(failure.at, call.answeredAt ?? call.ringAt) : null);
        });
        throw new UserError(words.shown(why.join(language === 'en' ? '; ' : '；'), id));
      }
      store.rescore(id, (card) => rescored(card, { fail: options.fail ?? [], pass: options.pass ?? [], reviewed: options.reviewed ?? false }));
    }
    const now = store.getCall(id)!;
    io.out(options.json ? `${JSON.stringify({ id, mode: now.mode, scenarioId: now.scenarioId, ...now.scorecard }, null, 2)}\n` : formatScorecard(now, language));
  } finally {
    store.close();
  }
}
