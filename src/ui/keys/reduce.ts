/**
 * The screen's key reducer: (screen state, key, what the screen reads) → (screen state, effects).
 * Pure: it decides what a key means (through the keymap, the pane that is open and
 * `commandStatus`), and hands back as data what must happen outside it: an event to send to the
 * desk, exit, a retry of the log, a step of the training run, the follow-ups to list. The driver
 * (src/ui/keys/screen-driver.ts) carries those out and feeds each key of a burst the snapshot the
 * previous key's effects left behind.
 */
import { readyLineTicks, reasonGroups } from '../../../machines/call.js';
import { currentBranch, stepById } from '../../../machines/steps.js';
import type { CallCommand, CallSnapshot } from '../../call/session.js';
import type { FollowUp } from '../../store/store.js';
import type { Scorecard } from '../../../machines/scorecard.js';
import type { NextMove } from '../../train/run.js';
import { commandStatus, HANG_UP_ASKS, keyFor, keyNames, refusal, type ScreenFacts } from './commands.js';
import { entryOf } from './keymap.js';
import { editLine, LINE_LIMITS, lineOf, pasteInto, type EditKey, type Line } from '../panes/LineEditor.js';
import type { Paste } from './terminal-input.js';
import { callerFields, matchingReasons, PAGE_SIZE, pageWithin, type Pane } from './menus.js';
import { screenState, type ScreenState } from '../view.js';

/** What a line being typed is for: a caller field, a note, the summary. */
export type EditTarget = { kind: 'field'; field: string; label: string } | { kind: 'note' } | { kind: 'summary' };

/**
 * A line being typed; `buffer` is the text so far, `length` its characters. `refused`:
 * characters that did not go in (past the limit), and `lineBreaks`: a paste's line breaks became
 * spaces; both are said under the line.
 */
export type Editing = EditTarget & { readonly buffer: string; readonly length: number; readonly refused: number; readonly lineBreaks: boolean };

/** The screen's own state: which pane is open, what is being typed, a flash message. */
export interface ScreenUi {
  readonly pane: Pane;
  readonly editing: Editing | null;
  /** Wrap-up: the reason group opened with its digit. */
  readonly group: string | null;
  /** Wrap-up: the type-to-filter text, null when not filtering. */
  readonly filter: string | null;
  /** Wrap-up: the page of the open group or of the filter's matches (nine to a page). */
  readonly page: number;
  readonly flash: string | null;
  /** The flash outlives the next move of the call (the saved-call message, until the next ring). */
  readonly flashStays: boolean;
  /** Step mode: what the last step did, and why. */
  readonly lastStep: { readonly move: NextMove; readonly change: string } | null;
  /** The state the call was in when the hang-up key asked: the question is about that call as it was then. */
  readonly hangUpAskedIn: ScreenState | null;
  /** The scorecard shown full screen after a trained call (and the moment the call rang). */
  readonly card: { readonly card: Scorecard; readonly since: number } | null;
  /** The follow-ups the call-back key listed, in the order of their digits. */
  readonly listed: readonly FollowUp[];
  /** True while a step's model keys are being pressed (a step key among them is text, not another step). */
  readonly replaying: boolean;
}

/** Something the reducer asks to be done outside it, in order. */
export type ScreenEffect =
  /**
   * An event to the desk (or, `viaRun`, the ring of the training run). `explain`: the command
   * whose refusal is said when it is not taken; `elseClose`: a refused event closes the pane
   * instead; `opensAsked`: the step it says may open the caller field it asks for.
   */
  | { readonly kind: 'send'; readonly event: CallCommand; readonly explain?: string; readonly elseClose?: boolean; readonly opensAsked?: boolean; readonly viaRun?: boolean }
  | { readonly kind: 'exit' }
  /** Write again what the log could not take. */
  | { readonly kind: 'retry' }
  /** Step mode: play the next move of the run (its model keys come back through the reducer). */
  | { readonly kind: 'step' }
  /** List the open follow-ups (the list opens with them). */
  | { readonly kind: 'listFollowUps' };

export interface Reduced {
  readonly ui: ScreenUi;
  readonly effects: readonly ScreenEffect[];
}

/** A key as the reducer takes it: its keymap name, what was typed, and the flags the line editor reads. */
export interface ScreenKey extends EditKey {
  readonly name: string;
}

/** The screen as it opens, with what there is to say (a call left on a lost pack, a save made at start-up, a call restored). */
export function initialUi(firstFlash: string | null): ScreenUi {
  return { pane: 'auto', editing: null, group: null, filter: null, page: 0, flash: firstFlash, flashStays: firstFlash !== null, lastStep: null, hangUpAskedIn: null, card: null, listed: [], replaying: false };
}

const NAMED_FLAGS: Record<string, keyof EditKey> = { return: 'return', tab: 'tab', escape: 'escape', backspace: 'backspace' };

/** A key by its keymap name ('return', 'space', 'left', 'x' ...), as the terminal would give it. */
export function namedKey(name: string): ScreenKey {
  if (name === 'space') return { name, input: ' ' };
  if (name === 'left' || name === 'right') return { name, input: '', arrow: true };
  const flag = NAMED_FLAGS[name];
  return flag ? { name, input: '', [flag]: true } : { name, input: name };
}

/** Control characters that come inside a run of typed text, by their key names. */
const TYPED_KEYS: Record<string, string> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', ' ': 'space' };

/**
 * Ink's (input, key) as the keys it holds: keys typed faster than the terminal is read arrive as
 * one string ("11s" at wrap-up, an input method's "张先生⏎"), each a key of its own.
 */
export function keysOf(
  input: string,
  key: { leftArrow?: boolean; rightArrow?: boolean; upArrow?: boolean; downArrow?: boolean; return?: boolean; tab?: boolean; escape?: boolean; backspace?: boolean; delete?: boolean; ctrl?: boolean; meta?: boolean },
): ScreenKey[] {
  const chars = [...input];
  if (chars.length > 1 && !key.ctrl && !key.meta) return chars.map((char) => namedKey(TYPED_KEYS[char] ?? char));
  const arrow = key.leftArrow || key.rightArrow || key.upArrow || key.downArrow;
  const name = key.leftArrow ? 'left' : key.rightArrow ? 'right' : key.upArrow ? 'up' : key.downArrow ? 'down' : key.return ? 'return' : key.tab ? 'tab' : key.escape ? 'escape' : key.backspace || key.delete ? 'backspace' : input === ' ' ? 'space' : input;
  return [{ name, input, return: key.return, escape: key.escape, backspace: key.backspace, delete: key.delete, ctrl: key.ctrl, meta: key.meta, tab: key.tab, arrow }];
}

/** How long a line being typed may be. */
export function lineLimit(editing: EditTarget): number {
  return editing.kind === 'field' ? LINE_LIMITS.field : LINE_LIMITS[editing.kind];
}

/** A line to type, opened with `text` in it. */
function startEditing(what: EditTarget, text: string): Editing {
  return { ...what, ...lineOf(text), refused: 0, lineBreaks: false };
}

/** The open line after a key or a paste: its new text, with what was refused and a paste's line breaks added to what is said under it. */
function applyEdit(typing: Editing, edit: Line & { readonly refused: number; readonly lineBreaks?: boolean }): Editing {
  return { ...typing, buffer: edit.buffer, length: edit.length, refused: typing.refused + edit.refused, lineBreaks: typing.lineBreaks || edit.lineBreaks === true };
}

/** The caller field `id` opened for typing, with what it holds. */
function editField(ui: ScreenUi, id: string, facts: ScreenFacts): ScreenUi {
  const field = callerFields(facts.pack, facts.text).find((f) => f.id === id);
  return field ? { ...ui, pane: 'auto', editing: startEditing({ kind: 'field', field: field.id, label: field.label }, facts.snapshot.context.fields[field.id] ?? '') } : ui;
}

const say = (ui: ScreenUi, flash: string): ScreenUi => ({ ...ui, flash, flashStays: false });
const done = (ui: ScreenUi, ...effects: ScreenEffect[]): Reduced => ({ ui, effects });

/** The key of the keymap for a command acts: its effects, or the pane it opens. */
function runCommand(ui: ScreenUi, command: string, facts: ScreenFacts): Reduced {
  const toggle = (pane: Pane) => done({ ...ui, pane: ui.pane === pane ? 'auto' : pane });
  const state = screenState(facts.snapshot);
  const event = entryOf(facts.keymap, command)?.event;
  switch (command) {
    case 'branches':
    case 'fields':
    case 'score':
      return toggle(command);
    case 'lines':
      return done({ ...ui, pane: ui.pane === 'lines' ? 'auto' : 'lines', page: 0 });
    case 'help':
    case 'map':
      return done({ ...ui, pane: command });
    case 'step':
      return done(ui, { kind: 'step' });
    case 'callBack':
      if (!facts.pack.callback) return done(say(ui, facts.text.noCallbackScript));
      return done(ui, { kind: 'listFollowUps' });
    case 'ring':
      return done(ui, { kind: 'send', event: { type: 'RING' }, explain: 'ring', viaRun: true });
    case 'note':
      return done({ ...ui, editing: startEditing({ kind: 'note' }, '') });
    case 'summary':
      return done({ ...ui, editing: startEditing({ kind: 'summary' }, facts.snapshot.context.summary) });
    case 'filter':
      return done({ ...ui, group: null, filter: '', page: 0 });
    case 'quit':
      // A replay is read-only: nothing of it is kept, so nothing to ask. Anything the log still
      // owes (a full disk) would be lost with the process: that is asked first.
      if (facts.storeProblem === null && (state === 'idle' || state === 'logged' || facts.run?.kind === 'replay')) return done(ui, { kind: 'exit' });
      return done({ ...ui, pane: 'confirmQuit' });
    case 'cancel':
      return done(ui, { kind: 'send', event: { type: 'CANCEL' }, elseClose: true });
    case 'agentHangUp':
      // Hanging up on a customer (or refusing a ringing call) is asked first, as quitting is.
      if (HANG_UP_ASKS.includes(state)) return done({ ...ui, pane: 'confirmHangUp', hangUpAskedIn: state });
      return done(ui, { kind: 'send', event: { type: 'AGENT_HANG_UP' }, explain: 'agentHangUp' });
    case 'save':
      // What the log could not take (a call, its save, a missed call), s tries again.
      if (state === 'logged' || state === 'idle') return done(ui, { kind: 'retry' });
      return done(ui, { kind: 'send', event: { type: 'SAVE' }, explain: 'save' });
    case 'say':
      return done(ui, { kind: 'send', event: { type: 'SAY' }, explain: 'say', opensAsked: true });
    default:
      return event ? done(ui, { kind: 'send', event: { type: event } as CallCommand, explain: command }) : done(ui);
  }
}

/** The page keys of the picker: → the next page, ← the one before (round), when a list takes more than one. */
const PAGE_KEYS: Record<string, number> = { right: 1, left: -1 };

/** The picker's page after a page key, or null when the key does not page (not a page key, or one page only). */
function turnPage(ui: ScreenUi, name: string, count: number): ScreenUi | null {
  const step = PAGE_KEYS[name];
  const { page, pages } = pageWithin(count, ui.page);
  if (step === undefined || pages < 2) return null;
  return { ...ui, page: (page + step + pages) % pages };
}

/** Keys in a wrap-up reason picker: group then reason by digit, or filter and type; ←/→ page. Null: not the picker's key. */
function reasonKey(ui: ScreenUi, key: ScreenKey, plainText: boolean, facts: ScreenFacts): Reduced | null {
  const { name, input } = key;
  const toggle = (code: string): ScreenEffect => ({ kind: 'send', event: { type: 'TOGGLE_REASON', code } });
  const groups = reasonGroups(facts.snapshot.context);
  const typed = ui.filter;
  if (typed !== null) {
    const matches = matchingReasons(groups, typed, facts.spell);
    const turned = turnPage(ui, name, matches.length);
    if (turned) return done(turned);
    if (name === 'escape') return done({ ...ui, filter: null, page: 0 });
    if (name === 'backspace') return done({ ...ui, filter: typed.slice(0, -1), page: 0 });
    if (name === 'return') return done({ ...ui, filter: null, page: 0 }, ...(matches[0] ? [toggle(matches[0].code)] : []));
    if (/^[1-9]$/.test(name)) {
      const picked = matches[pageWithin(matches.length, ui.page).page * PAGE_SIZE + Number(name) - 1];
      return done({ ...ui, filter: null, page: 0 }, ...(picked ? [toggle(picked.code)] : []));
    }
    if (plainText && [...typed].length + [...input].length > LINE_LIMITS.filter) return done(say(ui, facts.text.lineFull(LINE_LIMITS.filter, [...input].length)));
    if (plainText) return done({ ...ui, filter: typed + input, page: 0 });
    return done(ui);
  }
  if (ui.group !== null) {
    const reasons = groups.find((g) => g.hotkey === ui.group)?.reasons ?? [];
    const turned = turnPage(ui, name, reasons.length);
    if (turned) return done(turned);
    // A reason is picked by its own key, whichever page shows it.
    const reason = reasons.find((r) => r.hotkey === name);
    if (reason || name === 'escape' || name === 'backspace') return done({ ...ui, group: null, page: 0 }, ...(reason ? [toggle(reason.code)] : []));
    return null;
  }
  if (groups.some((g) => g.hotkey === name)) return done({ ...ui, group: name, page: 0 });
  // Enter opens the group the branch suggests (marked ← in the list).
  const suggested = currentBranch(facts.snapshot.context)?.reasonGroup;
  if (name === 'return' && suggested) return done({ ...ui, group: suggested, page: 0 });
  return null;
}

/** The line being typed is kept: its text goes to the call. */
function submit(ui: ScreenUi, editing: Editing, value: string): Reduced {
  const text = value.trim();
  const event: CallCommand =
    editing.kind === 'field' ? { type: 'SET_FIELD', field: editing.field, value: text } : editing.kind === 'note' ? { type: 'ADD_NOTE', text } : { type: 'SET_SUMMARY', text };
  return done({ ...ui, editing: null }, { kind: 'send', event });
}

/** One key: what it does to the screen and what it asks to be done. */
export function reduceKey(ui: ScreenUi, key: ScreenKey, facts: ScreenFacts): Reduced {
  const { name, input } = key;
  const { keymap, pack, text, run } = facts;
  const typing = ui.editing;
  // In a class demo the step key steps even while a field is open (the model types into it).
  const stepKey = entryOf(keymap, 'step')?.keys.includes(name);
  if (typing && stepKey && run?.stepMode && !ui.replaying) return done(ui, { kind: 'step' });
  if (typing) {
    const result = editLine(typing, key, lineLimit(typing));
    if (result.done === 'keep') return submit(ui, typing, result.buffer);
    if (result.done === 'drop') return done({ ...ui, editing: null });
    return done({ ...ui, editing: applyEdit(typing, result) });
  }
  const open = ui.pane;
  const state = screenState(facts.snapshot);
  if (open === 'help' || open === 'map' || open === 'scorecard') return done({ ...ui, pane: 'auto' });
  if (open === 'score') {
    const item = input.toUpperCase();
    if (name === 'escape' || name === 'return') return done({ ...ui, pane: 'auto' });
    if (/^[A-N]$/.test(item) && input.length === 1) return done(ui, { kind: 'send', event: { type: 'TOGGLE_FAULT', item } });
    return done(ui);
  }
  const isKeyOf = (command: string) => entryOf(keymap, command)?.keys.includes(name) === true;
  if (open === 'confirmQuit') {
    if (isKeyOf('quit')) return done(ui, { kind: 'exit' });
    if (name === 'escape') return done({ ...ui, pane: 'auto' });
    return done(ui);
  }
  if (open === 'confirmHangUp') {
    const again = isKeyOf('agentHangUp');
    if (!again && name !== 'escape') return done(ui);
    return done({ ...ui, pane: 'auto' }, ...(again ? [{ kind: 'send', event: { type: 'AGENT_HANG_UP' }, explain: 'agentHangUp' } as const] : []));
  }
  let ui2 = ui;
  // The list is for an idle desk: once a call rings, its keys are the call's again.
  if (open === 'followUps' && state === 'idle') {
    const picked = /^[1-9]$/.test(name) ? ui.listed[Number(name) - 1] : undefined;
    // A team ticket has no ticket on this desk to close: said, never dialled as one of ours.
    if (picked?.team) return done(say({ ...ui, pane: 'auto' }, text.teamTicketPicked(picked.ticketId, picked.team.agent)));
    if (picked) {
      const about = picked.reasons.join('、') || (text.ticketKinds[picked.kind] ?? picked.kind);
      const dial: CallCommand = { type: 'DIAL', ticketId: picked.ticketId, number: picked.caller.phone, name: picked.caller.name || undefined, about, openedAt: picked.openedAt };
      return done({ ...ui, pane: 'auto' }, { kind: 'send', event: dial, explain: 'callBack' });
    }
    // Any other key closes the list and does what it does (c: a call rang).
    ui2 = { ...ui, pane: 'auto' };
    if (name === 'escape') return done(ui2);
  }
  if (open === 'branches') {
    const branch = pack.branches.find((b) => b.hotkey === name);
    if (branch) return done({ ...ui, pane: 'auto' }, { kind: 'send', event: { type: 'CHOOSE_BRANCH', branch: branch.id }, explain: 'branches' });
  }
  if (open === 'fields') {
    const field = callerFields(pack, text).find((f) => f.hotkey === name);
    if (field) return done(editField(ui, field.id, facts));
  }
  if (open === 'lines') {
    // Numbered 1-9 on each page, ←/→ turn the page when there are more than nine.
    const turned = turnPage(ui, name, pack.lines.length);
    if (turned) return done(turned);
    const line = /^[1-9]$/.test(name) ? pack.lines[pageWithin(pack.lines.length, ui.page).page * PAGE_SIZE + Number(name) - 1] : undefined;
    if (line) return done({ ...ui, pane: 'auto', page: 0 }, { kind: 'send', event: { type: 'SAY_READY', line: line.id }, explain: 'lines' });
  }
  if (name === 'escape' && ui2.pane !== 'auto' && state !== 'holdAsk') return done({ ...ui2, pane: 'auto' });
  const plainText = input !== '' && !key.ctrl && !key.meta && name === input;
  if (state === 'wrapUp' && ui2.pane === 'auto') {
    const picked = reasonKey(ui2, key, plainText, facts);
    if (picked) return picked;
  }
  const matching = keymap.filter((entry) => entry.keys.includes(name)).map((entry) => ({ entry, status: commandStatus(entry.command, facts) })).filter((m) => m.status !== 'absent');
  const chosen = matching.find((m) => m.status === 'ready') ?? matching[0];
  // A key of the keymap that means nothing in this state says so, rather than doing nothing.
  if (!chosen) return done(keymap.some((e) => e.keys.includes(name)) ? say(ui2, run?.kind === 'replay' ? text.replayReadOnly(keyNames(keymap, facts.language)) : text.notNow(keyNames(keymap, facts.language))) : ui2);
  if (chosen.status === 'refused') return done(say(ui2, refusal(chosen.entry.command, facts)));
  return runCommand(ui2, chosen.entry.command, facts);
}

/**
 * After a send was carried out: a refusal said (or the pane closed), and a line said that asks
 * for a caller field (the surname step) opens that field, so the agent types it as it is said.
 */
export function afterSend(ui: ScreenUi, effect: Extract<ScreenEffect, { kind: 'send' }>, taken: boolean, before: CallSnapshot, facts: ScreenFacts): ScreenUi {
  if (!taken) {
    if (effect.elseClose) return { ...ui, pane: 'auto' };
    return effect.explain ? say(ui, refusal(effect.explain, facts)) : ui;
  }
  if (effect.event.type === 'UNDO') return say(ui, undoneText(before, facts));
  if (effect.event.type === 'SAY_READY') return say(ui, readySaidText(effect.event.line, before, facts));
  if (!effect.opensAsked) return ui;
  // The step just said, if this key said one (not the thanks after a hold, not a check-back).
  const steps = facts.snapshot.context.steps;
  const said = Object.keys(steps).find((id) => steps[id]!.count > (before.context.steps[id]?.count ?? 0));
  const asks = said ? stepById(facts.pack, said)?.asks : undefined;
  return asks ? editField(ui, asks, facts) : ui;
}

/** What `u` just took back, said from the change as the call had it before the undo. */
function undoneText(before: CallSnapshot, facts: ScreenFacts): string {
  const { text, pack } = facts;
  const entry = before.context.undo.at(-1);
  if (!entry) return '';
  const what = entry.what ?? '';
  const phaseName = (phase: string) => (text.phases as Record<string, string>)[phase] ?? phase;
  const name =
    entry.kind === 'nextPhase'
      ? phaseName(what)
      : entry.kind === 'branch'
        ? (pack.branches.find((branch) => branch.id === what)?.label ?? what)
        : entry.kind === 'readyLine'
          ? (pack.lines.find((line) => line.id === what)?.label ?? what)
          : entry.kind === 'reason'
            ? (reasonGroups(before.context).flatMap((group) => group.reasons).find((reason) => reason.code === what)?.label ?? what)
            : (stepLabel(facts, what) ?? what);
  const sentence = text.undone[entry.kind]?.(name) ?? '';
  // A change that had moved the call on: it is back in the phase it was made in.
  const back = entry.kind !== 'nextPhase' && entry.before.phase && entry.before.phase !== before.context.phase ? text.undoBackTo(phaseName(entry.before.phase)) : '';
  return `${sentence}${back}`;
}

/** A step's name as the checklist shows it. */
function stepLabel(facts: ScreenFacts, id: string): string | undefined {
  const step = stepById(facts.pack, id);
  return step ? (step.label ?? step.line) : undefined;
}

/** A ready line said: which, the step it ticked (if any), and that u takes it back. */
function readySaidText(id: string, before: CallSnapshot, facts: ScreenFacts): string {
  const { text, pack } = facts;
  const line = pack.lines.find((l) => l.id === id);
  const ticked = readyLineTicks(before.context, id);
  const k = keyNames(facts.keymap, facts.language);
  return `${text.readySaid(line?.label ?? id)}${ticked ? text.readyTicked(ticked.label ?? ticked.line) : ''}${text.undoHint(k)}`;
}

/**
 * A paste is text: it goes into the open line whole (up to the line's limit, its line breaks
 * made spaces) and is never run as keys; with no line open it is refused, and that is said.
 */
export function reducePaste(ui: ScreenUi, paste: Paste, facts: ScreenFacts): ScreenUi {
  const typing = ui.editing;
  if (typing) return { ...ui, editing: applyEdit(typing, pasteInto(typing, paste, lineLimit(typing))) };
  if (ui.filter !== null && screenState(facts.snapshot) === 'wrapUp' && ui.pane === 'auto') {
    const pasted = pasteInto(lineOf(ui.filter), paste, LINE_LIMITS.filter);
    return { ...ui, filter: pasted.buffer, ...(pasted.refused > 0 ? { flash: facts.text.lineFull(LINE_LIMITS.filter, pasted.refused), flashStays: false } : {}) };
  }
  const key = (command: string) => keyFor(facts.keymap, command, facts.language);
  return say(ui, facts.run?.kind === 'replay' ? facts.text.replayReadOnly(keyNames(facts.keymap, facts.language)) : facts.text.pasteNoField(key('note'), key('fields')));
}

/** What was said about the last saved call, for the saved message. */
export interface SavedCall {
  readonly id: number;
  readonly outcome: string | null;
  readonly ticketDueAt: number | null;
  readonly scorecard: Scorecard | null;
  readonly since: number;
  readonly callback: { readonly ticketId: number; readonly closed: boolean } | null;
}

/**
 * The call moved (or the log had news). A refusal goes once the call moves on; the last call's
 * message when the next one rings; a list gives way to a ringing call; the hang-up question
 * closes once the call is no longer as it was asked about; a newly saved call is said, with its
 * scorecard full screen after a trained call.
 */
export function deskMoved(ui: ScreenUi, facts: ScreenFacts, saved: { readonly call: SavedCall; readonly message: string } | null): ScreenUi {
  let next = ui;
  if (next.flash && !next.flashStays) next = { ...next, flash: null };
  if (next.flashStays && facts.snapshot.matches('ringing')) next = { ...next, flash: null, flashStays: false };
  if (next.pane === 'followUps' && !facts.snapshot.matches('idle')) next = { ...next, pane: 'auto' };
  // The ready lines are for the call: once it has ended, wrap-up's reasons take the pane.
  if (next.pane === 'lines' && !facts.snapshot.hasTag('live')) next = { ...next, pane: 'auto', page: 0 };
  // A second hang-up key must not do what was not asked (answered on the handset, the caller gone meanwhile).
  if (next.pane === 'confirmHangUp' && screenState(facts.snapshot) !== next.hangUpAskedIn) next = { ...next, pane: 'auto' };
  if (!saved) return next;
  const card = facts.run?.kind === 'train' && saved.call.scorecard ? { card: saved.call.scorecard, since: saved.call.since } : null;
  return { ...next, flash: saved.message, flashStays: true, group: null, filter: null, page: 0, pane: card ? 'scorecard' : 'auto', card, editing: null };
}
