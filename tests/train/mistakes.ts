/**
 * One mistaken run per built-in scenario: the keys a trainee presses (in the format of a
 * scenario's model), and the score and failures ("item rule", in item order) it must end with.
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
};
