import { Text } from 'ink';

export interface EditKey {
  readonly input: string;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
  readonly tab?: boolean;
  readonly arrow?: boolean;
}

export type EditResult = { buffer: string; done: null } | { buffer: string; done: 'keep' | 'drop' };

/**
 * One line of text, as a pure step: type, Backspace, Enter keeps it, Esc drops it. The screen's
 * single key handler feeds it, so keys that arrive together (an input method's commit and its
 * Enter, a paste, a fast typist) are applied in order. A controlled text input component loses
 * them: ink-text-input saved "张先生⏎" in one burst as "".
 */
export function editLine(buffer: string, key: EditKey): EditResult {
  if (key.escape) return { buffer, done: 'drop' };
  if (key.return) return { buffer, done: 'keep' };
  if (key.backspace || key.delete) return { buffer: [...buffer].slice(0, -1).join(''), done: null };
  if (!key.input || key.ctrl || key.meta || key.tab || key.arrow) return { buffer, done: null };
  // Keys that arrive in one burst (a held Backspace, a paste, a slow link) come as one string:
  // each backspace in it deletes, Enter ends, other control characters and escape sequences drop.
  let next = buffer;
  for (const char of key.input.replace(/\u001b\[[0-9;]*[A-Za-z~]/g, '')) {
    if (char === '\r' || char === '\n') return { buffer: next, done: 'keep' };
    if (char === '\u007f' || char === '\b') next = [...next].slice(0, -1).join('');
    else if (char >= ' ') next += char;
  }
  return { buffer: next, done: null };
}

export function LineEditor({ label, buffer }: { readonly label: string; readonly buffer: string }) {
  return (
    <Text>
      <Text color="cyan"> {label}: </Text>
      {buffer}
      <Text inverse> </Text>
    </Text>
  );
}
