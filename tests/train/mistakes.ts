/**
 * One mistaken run per built-in scenario: the keys a trainee presses (in the format of a
 * scenario's model), and the score and failures ("item rule", in item order; "scenario" for a scenario's own expectation) it must end with.
 */
import type { Move } from './play.js';

export const MISTAKES: Record<string, { moves: Move[]; total: number; failures: string[] }> = {
  // Skips the restate and the reminder with Tab, and does not answer the caller's thanks.
  'zh-consultation': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'space' },
      { type: '王先生' },
      { keys: 'tab' },
      { keys: 'space' },
      { keys: 'tab' },
      { keys: 'space' },
      { keys: 'right' },
      { keys: 'space' },
      { keys: 'return 2', wait: 3 },
      { keys: 's' },
    ],
    total: 79,
    failures: ['G R-RECIPROCATE', 'J R-REMIND', 'M R-RESTATE'],
  },
  // Answers late but opens without the apology (→ past it, Tab leaves the greeting), and after
  // the hold skips the thanks-for-waiting line with →. (E R-RING-3 fails even for the model while
  // the engine judges the scenario's forced late answer: see the report.)
  'zh-late-answer': {
    moves: [
      { keys: 'a', wait: 20 },
      { keys: 'right', wait: 1 },
      { keys: 'space' },
      { keys: 'tab' },
      { keys: 'space' },
      { type: '李女士' },
      { keys: 'space' },
      { keys: 'h' },
      { keys: 'space', wait: 1 },
      { keys: 'h', wait: 18 },
      { keys: 'right' },
      { keys: 'space', wait: 3 },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'return 4', wait: 3 },
      { keys: 's' },
    ],
    total: 86,
    failures: ['E R-LATE-SORRY', 'F R-HOLD-BACK'],
  },
  // Never takes the complaint branch: handles it as an enquiry (answers, skips the reminder with
  // Tab), so no complaint ticket is opened; files the reason by hand.
  'zh-complaint': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'space' },
      { type: '张先生' },
      { keys: 'space', wait: 3 },
      { keys: 'space', wait: 3 },
      { keys: 'tab' },
      { keys: 'space' },
      { keys: 'right' },
      { keys: 'space' },
      { keys: '2 3', wait: 3 },
      { keys: 's' },
    ],
    total: 77,
    failures: ['J R-REMIND', 'K scenario', 'N R-TICKET'],
  },
  // Takes the suggestion branch but skips the restate with Tab, and files the wrong reason
  // (product instead of service suggestion).
  'zh-suggestion': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'b 3' },
      { keys: 'space' },
      { type: '陈先生' },
      { keys: 'tab' },
      { keys: 'space', wait: 3 },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'return 1', wait: 3 },
      { keys: 'w' },
      { type: '陈先生建议人工客服晚上延长到十点。' },
      { keys: 's' },
    ],
    total: 85,
    failures: ['M R-RESTATE', 'N R-REASON'],
  },
  // Explains three times, then hangs up without the redirect or the closing line.
  'zh-out-of-scope': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'b 5', wait: 3 },
      { keys: 'space' },
      { keys: 'space', wait: 3 },
      { keys: 'space', wait: 3 },
      { keys: 'x x', wait: 3 }, // x asks first; again hangs up
      { keys: 's', wait: 3 },
    ],
    total: 89,
    failures: ['K R-OUT-OF-SCOPE'],
  },
  // Misses the cross-region case: answers it as an enquiry (no area code, no redirect line) and
  // files it as a plan change.
  'zh-cross-region': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'space' },
      { type: '黄女士' },
      { keys: 'space' },
      { keys: 'return' },
      { keys: 'space' },
      { keys: 'space', wait: 3 },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: '2 1', wait: 3 },
      { keys: 's' },
    ],
    total: 86,
    failures: ['K scenario', 'N R-REASON'],
  },
  // Says the wrong-number line and hangs up at once, before the caller (instant fail).
  'zh-wrong-number': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'b 5', wait: 3 },
      { keys: 'space x x' }, // x asks first; again hangs up
      { keys: 's', wait: 3 },
    ],
    total: 0,
    failures: ['H R-THEY-HANG-UP'],
  },
  // Says the transfer line "好的,请稍等" before knowing the colleague is in: the call moves to
  // closing, so no message can be taken; leaves the caller waiting without a hold (no thanks for
  // waiting), then does not return the caller's thanks.
  'zh-find-person-message': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'b 6' },
      { keys: 'space' },
      { keys: 'space' },
      { type: '华信公司' },
      { keys: 'space' },
      { keys: 'space', wait: 15 },
      { keys: 'right' },
      { keys: 'space' },
      { keys: 's', wait: 3 },
    ],
    total: 75,
    failures: ['F R-HOLD-BACK', 'G R-RECIPROCATE', 'K scenario'],
  },
  // Consults support on hold for 45 s without checking back with the caller at the 30 s mark.
  'zh-support': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'b 7' },
      { keys: 'space' },
      { type: '周女士' },
      { keys: 'space' },
      { keys: 'return' },
      { keys: 'space', wait: 3 },
      { keys: 'space' },
      { keys: 'h', wait: 1 },
      { keys: 'space', wait: 1 },
      { keys: 'h', wait: 45 },
      { keys: 'space', wait: 1 },
      { keys: 'space', wait: 5 },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'return 3', wait: 3 },
      { keys: 's' },
    ],
    total: 92,
    failures: ['F R-HOLD-BACK'],
  },
  // Goes straight to the restate (→), never asks the name (Tab leaves it), and does not return
  // the caller's thanks.
  'en-consultation': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'right' },
      { keys: 'space', wait: 3 },
      { keys: 'tab' },
      { keys: 'space', wait: 3 },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'right' },
      { keys: 'space' },
      { keys: 'return 3', wait: 3 },
      { keys: 's' },
    ],
    total: 86,
    failures: ['F R-SURNAME', 'G R-RECIPROCATE'],
  },
  // Apologises and opens, but puts the caller on hold without asking (h h) and leaves them there
  // for 40 s without checking back. (E R-RING-3: the engine's forced-late-answer judgement.)
  'en-late-answer-hold': {
    moves: [
      { keys: 'a', wait: 20 },
      { keys: 'space', wait: 1 },
      { keys: 'space', wait: 1 },
      { keys: 'space' },
      { type: 'Ms Patel' },
      { keys: 'space' },
      { keys: 'h h' },
      { keys: 'h', wait: 40 },
      { keys: 'space', wait: 1 },
      { keys: 'space', wait: 3 },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'space' },
      { keys: 'return 5', wait: 3 },
      { keys: 's' },
    ],
    total: 93,
    failures: ['F R-HOLD-ASK', 'F R-HOLD-BACK'],
  },
  // Leaves the complaint with Tab before promising the reply time, and files it as staff attitude.
  'en-complaint': {
    moves: [
      { keys: 'a', wait: 3 },
      { keys: 'space', wait: 1 },
      { keys: 'b 2' },
      { keys: 'space' },
      { type: 'Mr Harris' },
      { keys: 'space', wait: 3 },
      { keys: 'r', wait: 1 },
      { keys: 'r', wait: 5 },
      { keys: 'space' },
      { keys: 'tab' },
      { keys: 'space' },
      { keys: 'right' },
      { keys: 'space' },
      { keys: 'return 1', wait: 3 },
      { keys: 'w' },
      { type: 'Mr Harris: kettle broke after two weeks, shop refused an exchange.' },
      { keys: 's' },
    ],
    total: 92,
    failures: ['N R-FOLLOW-UP', 'N R-REASON'],
  },
};
