/**
 * The rule IDs of ../shared/domain/STANDARDS.md (digested from the service codes in the seeds).
 * Packs, the machine and the tests refer to rules by these IDs; `ringside rules` lists them.
 */
export interface Rule {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
}

export const RULES: readonly Rule[] = [
  { id: 'R-RING-3', kind: 'timer', title: 'answer within three rings; later makes R-LATE-SORRY required' },
  { id: 'R-LATE-SORRY', kind: 'courtesy', title: 'after a late answer or a wait: sorry to keep you waiting' },
  { id: 'R-OPEN', kind: 'courtesy', title: 'standard opening: greeting, company, agent number, how can I help' },
  { id: 'R-OPEN-NOW', kind: 'timer', title: 'the opening is said at once on connect' },
  { id: 'R-SURNAME', kind: 'courtesy', title: "ask the caller's surname and address them by it" },
  { id: 'R-POLITE', kind: 'reminder', title: 'polite words throughout' },
  { id: 'R-REPEAT', kind: 'line', title: 'sorry, could you repeat that? (a ready line)' },
  { id: 'R-NO-INTERRUPT', kind: 'scorecard', title: "don't interrupt or talk over the caller" },
  { id: 'R-RESTATE', kind: 'courtesy', title: "restate the caller's problem and confirm it" },
  { id: 'R-HOLD-ASK', kind: 'courtesy', title: 'ask the caller to wait before a hold' },
  { id: 'R-HOLD-BACK', kind: 'courtesy + timer', title: 'thank/apologise after a hold; check back at the limit' },
  { id: 'R-SUPPORT', kind: 'branch', title: 'unclear question: ask support on hold, confirm, then answer' },
  { id: 'R-REMIND', kind: 'courtesy', title: 'proactively give related notes and reminders' },
  { id: 'R-NO-PROMISE', kind: 'reminder', title: 'no casual promises; a plan and a time instead' },
  { id: 'R-ANYTHING-ELSE', kind: 'courtesy', title: 'ask whether there is anything else' },
  { id: 'R-RECIPROCATE', kind: 'courtesy', title: 'answer thanks or goodbye in kind' },
  { id: 'R-FAREWELL', kind: 'courtesy', title: 'standard closing line with thanks' },
  { id: 'R-THEY-HANG-UP', kind: 'courtesy + event', title: 'let the customer hang up first' },
  { id: 'R-REASON', kind: 'wrap-up', title: 'every call gets a call reason' },
  { id: 'R-LOG', kind: 'wrap-up', title: 'every call is logged with caller, handler and summary' },
  { id: 'R-LOG-NOW', kind: 'timer', title: 'record right after the hang-up' },
  { id: 'R-TICKET', kind: 'branch', title: 'complaints and suggestions become tickets' },
  { id: 'R-FOLLOW-UP', kind: 'follow-up', title: 'call back unresolved items within 2 working days' },
  { id: 'R-CALLBACK', kind: 'branch (outbound)', title: 'call-back: right time, consent, purpose, short' },
  { id: 'R-FIRST-ASK', kind: 'branch', title: 'the first agent owns the issue until handed over' },
  { id: 'R-ESCALATE', kind: 'line', title: 'a caller who demands a manager: the reassurance line' },
  { id: 'R-CROSS-REGION', kind: 'branch', title: "another region's question: the redirect line with the area code" },
  { id: 'R-OUT-OF-SCOPE', kind: 'branch + counter', title: 'outside the business: explain three times, then close' },
  { id: 'R-WRONG-NUMBER', kind: 'branch', title: 'wrong number: the standard line' },
  { id: 'R-FIND-PERSON', kind: 'branch', title: 'asks for a person: ask who is calling; absent: take a message' },
  { id: 'R-NON-BUSINESS-3MIN', kind: 'timer', title: 'non-business calls last at most three minutes' },
  { id: 'R-OUTBOUND', kind: 'branch (outbound)', title: 'outbound calls: introduce, purpose, time suits, short' },
  { id: 'R-NIGHT', kind: 'schedule', title: 'night service hours change the flow' },
  { id: 'R-HOLIDAY', kind: 'line', title: 'weekend/holiday wishes in the opening or farewell' },
  { id: 'R-FLAG-CALLER', kind: 'wrap-up', title: 'mark an abusive or problem caller for the supervisor' },
  { id: 'R-PRIVACY', kind: 'security', title: 'customer data is confidential' },
];

export const RULE_IDS = RULES.map((rule) => rule.id);

/** A rule's kind and title in the desk's language; the English ones for an ID with no other words. */
export function ruleWords(id: string, language: 'zh-CN' | 'en'): { kind: string; title: string } | null {
  const english = RULES.find((rule) => rule.id === id);
  if (!english) return null;
  return language === 'zh-CN' ? (RULE_WORDS_ZH[id] ?? english) : english;
}

/** A rule's title in the desk's language, empty for an unknown ID. */
export const ruleTitle = (id: string, language: 'zh-CN' | 'en') => ruleWords(id, language)?.title ?? '';

/** Each rule's kind and title as a Chinese desk reads them (`ringside rules`); the English ones are above. */
export const RULE_WORDS_ZH: Readonly<Record<string, { kind: string; title: string }>> = {
  'R-RING-3': { kind: '计时', title: '三声铃响内接听；接晚了则必须说 R-LATE-SORRY' },
  'R-LATE-SORRY': { kind: '礼貌', title: '接晚了或让客户等了：说“让您久等了”' },
  'R-OPEN': { kind: '礼貌', title: '标准开场白：问候、公司、工号、请问有什么可以帮您' },
  'R-OPEN-NOW': { kind: '计时', title: '接通即说开场白' },
  'R-SURNAME': { kind: '礼貌', title: '问清客户贵姓，并以姓氏称呼' },
  'R-POLITE': { kind: '提醒', title: '全程使用礼貌用语' },
  'R-REPEAT': { kind: '常用语', title: '没听清时请客户再说一遍（常用语）' },
  'R-NO-INTERRUPT': { kind: '评分', title: '不打断、不抢话' },
  'R-RESTATE': { kind: '礼貌', title: '复述客户的问题并确认' },
  'R-HOLD-ASK': { kind: '礼貌', title: '保持前先请客户稍等' },
  'R-HOLD-BACK': { kind: '礼貌 + 计时', title: '保持后致谢或致歉；到时限回来问候' },
  'R-SUPPORT': { kind: '分支', title: '问题不清楚：保持并求助，确认后再解答' },
  'R-REMIND': { kind: '礼貌', title: '主动告知相关注意事项和提醒' },
  'R-NO-PROMISE': { kind: '提醒', title: '不随意承诺；给出方案和时间' },
  'R-ANYTHING-ELSE': { kind: '礼貌', title: '询问是否还有其他需要' },
  'R-RECIPROCATE': { kind: '礼貌', title: '客户致谢或道别时相应回应' },
  'R-FAREWELL': { kind: '礼貌', title: '标准结束语并致谢' },
  'R-THEY-HANG-UP': { kind: '礼貌 + 事件', title: '客户先挂机' },
  'R-REASON': { kind: '收尾', title: '每通来电都记来电原因' },
  'R-LOG': { kind: '收尾', title: '每通来电都记录来电人、处理人和小结' },
  'R-LOG-NOW': { kind: '计时', title: '挂机后立即记录' },
  'R-TICKET': { kind: '分支', title: '投诉和建议都建工单' },
  'R-FOLLOW-UP': { kind: '回访', title: '未解决的事项两个工作日内回访' },
  'R-CALLBACK': { kind: '分支（外呼）', title: '回访：时间合适、征得同意、说明目的、简短' },
  'R-FIRST-ASK': { kind: '分支', title: '首问负责：转交之前由第一位坐席负责到底' },
  'R-ESCALATE': { kind: '常用语', title: '客户要找领导：安抚的话' },
  'R-CROSS-REGION': { kind: '分支', title: '其他地区的问题：带区号的转告用语' },
  'R-OUT-OF-SCOPE': { kind: '分支 + 计数', title: '业务范围外：解释三次后结束通话' },
  'R-WRONG-NUMBER': { kind: '分支', title: '打错电话：标准用语' },
  'R-FIND-PERSON': { kind: '分支', title: '找人：问清来电人；不在：记下留言' },
  'R-NON-BUSINESS-3MIN': { kind: '计时', title: '非业务来电最长三分钟' },
  'R-OUTBOUND': { kind: '分支（外呼）', title: '外呼：自我介绍、说明目的、时间合适、简短' },
  'R-NIGHT': { kind: '时段', title: '夜间服务时段的流程不同' },
  'R-HOLIDAY': { kind: '常用语', title: '周末或节假日在开场或结束时送上祝福' },
  'R-FLAG-CALLER': { kind: '收尾', title: '标记骚扰或有问题的来电人，报告主管' },
  'R-PRIVACY': { kind: '安全', title: '客户资料保密' },
};
