/**
 * Characters a terminal acts on instead of showing: C0 and C1 controls but the line break, DEL,
 * the line and paragraph separators, and the bidirectional overrides. Text from a pack or a
 * caller must not move the cursor, recolour, retitle or reorder the agent's screen. Written as
 * the inside of a character class, so settings' patterns can build on it.
 */
export const CONTROL_CLASS = '\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** One of them. */
export const CONTROL_CHARACTER = new RegExp(`[${CONTROL_CLASS}]`, 'u');
/** Every one of them in a text, for `replace`. */
export const CONTROL_CHARACTERS = new RegExp(`[${CONTROL_CLASS}]`, 'gu');
