/**
 * Why a rule was met or missed, in both of the desk's languages. The call record keeps the
 * English sentence (`why` in the log and the scorecard JSON, as it always has), so a report reads
 * it back into the desk's language from the same table that wrote it: a saved call from before
 * this table is read the same way, and a sentence not in the table is shown as it was written.
 * Pure: no IO.
 */
import type { Language } from '../src/language.js';
import { TICKET_KINDS } from '../src/ui/text.js';

/** A sentence with its blanks ({0}, {1}) in each language. */
interface Because {
  readonly en: string;
  readonly 'zh-CN': string;
  /** Its blanks are a ticket's kind (a word to translate), not a branch id or a reason code. */
  readonly kinds?: true;
}

/** Every sentence the judge and the scorecard write. The more specific first: they are read back in this order. */
const BECAUSE = {
  calledOutside: { en: 'called outside {0}', 'zh-CN': '在{0}之外回访' },
  purposeFirst: { en: 'the purpose came before the customer agreed to talk', 'zh-CN': '客户同意通话前就说明了来意' },
  consentFirst: { en: 'consent asked first', 'zh-CN': '先征得了客户同意' },
  longerThan: { en: 'longer than {0} minutes', 'zh-CN': '超过{0}分钟' },
  keptShort: { en: 'kept short', 'zh-CN': '通话简短' },
  rangUnanswered: { en: 'rang {0} s unanswered', 'zh-CN': '响铃{0}秒无人接听' },
  rejectedAfter: { en: 'rejected after {0} s', 'zh-CN': '响铃{0}秒后被拒接' },
  rang: { en: 'rang {0} s', 'zh-CN': '响铃{0}秒' },
  agentHungUpFirst: { en: 'the agent hung up first', 'zh-CN': '坐席先挂机' },
  lineNotSaid: { en: 'a required line was not said', 'zh-CN': '必说的话术没有说' },
  said: { en: 'said', 'zh-CN': '已说' },
  noOpening: { en: 'no opening line', 'zh-CN': '没有说开场白' },
  openingAfter: { en: 'opening after {0} s', 'zh-CN': '接通{0}秒后才说开场白' },
  holdUnasked: { en: 'put on hold without asking to wait', 'zh-CN': '没有请客户稍等就保持' },
  askedToWait: { en: 'asked to wait', 'zh-CN': '已请客户稍等' },
  noThanksAfterHold: { en: 'no thanks after the hold', 'zh-CN': '保持后没有致谢' },
  heldPastCheckBack: { en: 'held past the check-back limit without checking back', 'zh-CN': '保持超过回线时限，没有回线询问' },
  thankedAfterHold: { en: 'thanked after the hold', 'zh-CN': '保持后已致谢' },
  apologisedAfterHold: { en: 'apologised after the hold', 'zh-CN': '保持后已致歉' },
  nonBusinessOver: { en: 'non-business call over the limit', 'zh-CN': '非业务来电超时' },
  withinLimit: { en: 'within the limit', 'zh-CN': '未超时' },
  explainedEnough: { en: 'closed after explaining enough times', 'zh-CN': '解释够次数后才结束' },
  explainedTooFew: { en: 'closed before explaining enough times', 'zh-CN': '解释次数不够就结束了通话' },
  reasons: { en: '{0} reason(s)', 'zh-CN': '{0}个来电原因' },
  wrapUpOver: { en: 'wrap-up ran over its limit', 'zh-CN': '话后记录超时' },
  loggedInTime: { en: 'logged in time', 'zh-CN': '及时记录' },
  ticket: { en: '{0} ticket', 'zh-CN': '{0}工单', kinds: true },
  expectedNotDone: { en: 'expected in this call, not done', 'zh-CN': '本通电话应做而没有做' },
  wrongBranch: { en: 'should have gone to branch {0}, took {1}', 'zh-CN': '应走分支{0}，实际走了{1}' },
  wrongReason: { en: 'call reason should be {0}, chose {1}', 'zh-CN': '来电原因应为{0}，实际选了{1}' },
  wrongTicket: { en: 'ticket should be {0}, was {1}', 'zh-CN': '工单应为{0}，实际为{1}', kinds: true },
  markedByTrainer: { en: 'marked by the trainer', 'zh-CN': '培训师标记' },
  heardPolite: { en: 'heard "{0}" in the agent\'s words', 'zh-CN': '听到坐席说“{0}”' },
  noPoliteWord: { en: 'no polite word heard in {0} of the agent\'s sentences', 'zh-CN': '坐席{0}句话里没有听到礼貌用语' },
  talkedOver: { en: 'talked over the caller {0} time(s), the first for {1} s', 'zh-CN': '打断客户{0}次，第一次重叠{1}秒' },
  letCallerFinish: { en: 'let the caller finish', 'zh-CN': '没有打断客户' },
  thanksUnanswered: { en: 'the caller thanked or said goodbye, no reply in kind', 'zh-CN': '客户致谢或道别，坐席没有回应' },
} as const satisfies Record<string, Because>;

export type BecauseKey = keyof typeof BECAUSE;

/** The words a blank may hold beside its codes: a ticket's kind, "none", a list's "or". */
const KINDS: Readonly<Record<string, string>> = TICKET_KINDS['zh-CN'];
const zhBlank = (blank: string, kinds: boolean) => (kinds ? KINDS[blank] : undefined) ?? (blank === 'none' ? '无' : blank.split(' or ').join('或'));

const fill = (template: string, blanks: readonly (string | number)[]) => template.replace(/\{(\d)\}/g, (_, i: string) => String(blanks[Number(i)] ?? ''));

/** The sentence as the record keeps it (English). */
export function because(key: BecauseKey, ...blanks: (string | number)[]): string {
  return fill(BECAUSE[key].en, blanks);
}

const READ_BACK = Object.values(BECAUSE).map((entry: Because) => ({
  entry,
  pattern: new RegExp(`^${entry.en.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\d\}/g, '(.+?)')}$`),
}));

/** A recorded sentence in the desk's language; one not written by this table is shown as it is. */
export function whyIn(language: Language, why: string): string {
  if (language === 'en') return why;
  for (const { entry, pattern } of READ_BACK) {
    const found = pattern.exec(why);
    if (found) return fill(entry[language], found.slice(1).map((blank) => zhBlank(blank, entry.kinds === true)));
  }
  return why;
}
