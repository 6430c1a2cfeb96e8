/** The rows that come and go over the bottom of the screen: questions, the log's problem, the flash, the line being typed. */
import { Box, Text, useStdout } from 'ink';
import { wrapText } from '../../typography.js';
import { explainedEnough, type CallContext } from '../../../machines/call.js';
import type { StoreProblem } from '../../call/desk.js';
import { BUSY_WAIT_MS } from '../../store/open.js';
import { LineEditor } from './LineEditor.js';
import { lineLimit, type Editing } from '../keys/reduce.js';
import type { KeyNames, ScreenText } from '../text.js';

/**
 * A message line; wrapped lines start under its first word. Wrapped here, not by Ink, so that no
 * row starts with 。or ， nor ends with （ (src/typography.ts); the screen is as wide as the terminal.
 */
export function Message({ color, text, width }: { readonly color: string; readonly text: string; readonly width?: number }) {
  const { stdout } = useStdout();
  const columns = width ?? (stdout?.columns || 80) - 1;
  return (
    <Box paddingLeft={1}>
      <Text color={color}>{wrapText(text, columns).join('\n')}</Text>
    </Box>
  );
}

/** What quitting now would cost: the log still owed something, a practice call not kept, a call that comes back. */
export function quitQuestion(text: ScreenText, keys: KeyNames, storeProblem: StoreProblem | null, training: boolean): string {
  if (storeProblem?.kind === 'busy') return text.quitBusy(BUSY_WAIT_MS / 1000, keys);
  if (storeProblem) return text.quitUnwritten(keys);
  return training ? text.quitTraining(keys) : text.quitConfirm(keys);
}

export function QuitQuestion(props: { readonly text: ScreenText; readonly keys: KeyNames; readonly storeProblem: StoreProblem | null; readonly training: boolean }) {
  return <Message color="yellow" text={quitQuestion(props.text, props.keys, props.storeProblem, props.training)} />;
}

/** The question the hang-up key asks: refuse a ringing call, or hang up on the customer (a fault unless the standard allows it now). */
export function hangUpQuestion(text: ScreenText, keys: KeyNames, ringing: boolean, ctx: CallContext): string {
  const key = keys('agentHangUp');
  if (ringing) return text.rejectConfirm(key);
  return explainedEnough(ctx) ? text.hangUpAllowed(key) : text.hangUpConfirm(key);
}

export function HangUpQuestion(props: { readonly text: ScreenText; readonly keys: KeyNames; readonly ringing: boolean; readonly ctx: CallContext }) {
  return <Message color="yellow" text={hangUpQuestion(props.text, props.keys, props.ringing, props.ctx)} />;
}

/** What the log could not take yet, and what to do. */
export function storeProblemText(text: ScreenText, keys: KeyNames, problem: StoreProblem | null): string | null {
  return problem ? `⚠ ${text.storeProblem[problem.kind](problem.detail, keys)}` : null;
}

export function StoreProblemMessage({ text }: { readonly text: string | null }) {
  return text ? <Message color="red" text={text} /> : null;
}

export function Flash({ text }: { readonly text: string | null }) {
  return text ? <Message color="yellow" text={text} /> : null;
}

/** What to say under the line being typed: what did not go in, and what a paste's line breaks became. */
export function editNotice(text: ScreenText, editing: Editing): string | null {
  const said = [editing.refused > 0 ? text.lineFull(lineLimit(editing), editing.refused) : '', editing.lineBreaks ? text.pasteLineBreaks : ''].filter(Boolean);
  return said.length > 0 ? said.join(' ') : null;
}

export interface EditorProps {
  readonly editing: Editing;
  readonly text: ScreenText;
  /** The text as it may be shown (masked on a projector). */
  readonly shown: string;
  readonly width: number;
}

/** The line being typed, with what it is for. */
export function Editor({ editing, text, shown, width }: EditorProps) {
  const label = editing.kind === 'field' ? editing.label : editing.kind === 'note' ? text.notes : text.summary;
  return <LineEditor label={text.edit(label)} buffer={shown} length={editing.length} limit={lineLimit(editing)} width={width} notice={editNotice(text, editing)} />;
}
