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
