/**
 * The live screen. One root key handler maps keys through the keymap table to machine events;
 * the machine decides whether an event means anything now (desk.can). The screen keeps only
 * what is its own: which pane is open, what is being typed, a flash message.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { callMachine, explainedEnough, holdBackPending, reasonGroups, saveBlockers } from '../../machines/call.js';
import { withinHours } from '../../machines/judge.js';
import { followUpState, shownFollowUp } from '../followups.js';
import { BUSY_WAIT_MS } from '../store/open.js';
import type { FollowUp } from '../store/store.js';
import { activeStateIds, chartOf, chartText, transitionText } from '../../machines/chart.js';
import { currentBranch, stepById, undoneRequired } from '../../machines/steps.js';
import { getNextSnapshot } from 'xstate';
import { callTime, costsOf, SCORE_ITEMS, type Scorecard } from '../../machines/scorecard.js';
import type { NextMove, ScreenRun } from '../train/run.js';
import { changeText, describeChange } from '../train/explain.js';
import type { CallDesk } from '../call/desk.js';
import type { CallCommand } from '../call/session.js';
import type { PhoneFollower, PhoneNotice } from '../softphone/follow.js';
import { Checklist } from './Checklist.js';
import { ScorecardView } from './ScorecardView.js';
import { ContextPane } from './ContextPane.js';
import { CurrentLine } from './CurrentLine.js';
import { Header } from './Header.js';
import { HelpBar } from './HelpBar.js';
import { editLine, LINE_LIMITS, LineEditor, lineOf, pasteInto, type Line } from './LineEditor.js';
import type { Paste } from './terminal-input.js';
import { keyLabel, keyName, type KeyCommand, type Language } from './keymap.js';
import { callerFields, matchingReasons, type Pane } from './panes.js';
import { PhaseBar } from './PhaseBar.js';
import { textFor } from './text.js';
import { useDeskSnapshot } from './use-desk.js';
import { maskCallerData, maskField, maskFreeText } from '../privacy.js';
import { useTerminalSize } from './use-terminal-size.js';
import { fitWidth, padDisplay, stringWidth } from '../width.js';
import { checklist, fillLine, inNightHours, lineVariables, lineView, screenState, untilNightChanges, type ScreenState } from './view.js';

export interface AppProps {
  readonly desk: CallDesk;
  readonly keymap: readonly KeyCommand[];
  /** The screen's language; `auto` follows the pack of the call on screen. */
  readonly language: Language | 'auto';
  /** Company, hotline, agent number and name from the settings: they fill the lines' {variables}. */
  readonly variables: Record<string, string>;
  /** The agent, from the settings; an empty number falls back to the pack's. */
  readonly agent: { readonly name: string; readonly number: string };
  /** The time of day, for the pack's night service hours (R-NIGHT); tests fix it. */
  readonly timeOfDay?: () => Date;
  /** How often the timers tick (tests use a short one). */
  readonly tickMs?: number;
  /** A training run or a replay beside the call: the caller pane, step mode, the scorecard at the end. */
  readonly run?: ScreenRun;
  /** The phone the calls come on (live mode): its link's state and what it has to say. */
  readonly phone?: PhoneFollower;
  /** How many follow-ups are overdue (live mode): shown while waiting for a call. */
  readonly overdueFollowUps?: () => number;
  /** The open follow-ups, soonest due first (live mode): o lists them, a digit calls one back. */
  readonly followUps?: () => FollowUp[];
  /** On a projector: the caller's name, phone, address, private fields, notes and summary show masked. */
  readonly projector?: boolean;
  /** The terminal's pastes (src/ui/terminal-input.ts): text for the open field, never keys. */
  readonly pastes?: { onPaste(listener: (paste: Paste) => void): () => void };
}

/**
 * A line being typed: a caller field, a note, the summary; `buffer` is the text so far, `length`
 * its characters. `refused`: characters that did not go in (past the limit), and `lineBreaks`: a
 * paste's line breaks became spaces; both are said under the line.
 */
type Editing = (({ kind: 'field'; field: string; label: string } | { kind: 'note' } | { kind: 'summary' }) & { buffer: string; length: number; refused: number; lineBreaks: boolean }) | null;

/** A line to type, opened with `text` in it. */
function startEditing(what: { kind: 'field'; field: string; label: string } | { kind: 'note' } | { kind: 'summary' }, text: string): NonNullable<Editing> {
  return { ...what, ...lineOf(text), refused: 0, lineBreaks: false };
}

/** The open line after a key or a paste: its new text, with what was refused and a paste's line breaks added to what is said under it. */
function applyEdit(typing: NonNullable<Editing>, edit: Line & { readonly refused: number; readonly lineBreaks?: boolean }): NonNullable<Editing> {
  return { ...typing, buffer: edit.buffer, length: edit.length, refused: typing.refused + edit.refused, lineBreaks: typing.lineBreaks || edit.lineBreaks === true };
}

interface ScreenUi {
  pane: Pane;
  editing: Editing;
  /** Wrap-up: the reason group opened with its digit. */
  group: string | null;
  /** Wrap-up: the type-to-filter text, null when not filtering. */
  filter: string | null;
  flash: string | null;
  /** The flash outlives the next move of the call (the saved-call message, until the next ring). */
  flashStays?: boolean;
  /** Step mode: what the last step did, and why. */
  lastStep?: { move: NextMove; change: string } | null;
  /** The state the call was in when `x` asked: the question is about that call as it was then. */
  hangUpAskedIn?: ScreenState;
  /** The scorecard shown full screen after a trained call (and the moment the call rang). */
  card?: { card: Scorecard; since: number } | null;
}

/** The commands a key may mean in each screen state (the machine still has the last word). */
const SCREEN_COMMANDS: Record<ScreenState, readonly string[]> = {
  idle: ['ring', 'callBack', 'step', 'save', 'map', 'help', 'quit'], // s: only to write what the log still owes
  dialing: ['answer', 'agentHangUp', 'fields', 'step', 'map', 'help', 'quit'],
  ringing: ['answer', 'fields', 'callerHangUp', 'agentHangUp', 'step', 'map', 'help', 'quit'],
  live: ['say', 'prevLine', 'nextLine', 'nextPhase', 'hold', 'branches', 'fields', 'lines', 'note', 'flag', 'callerHangUp', 'agentHangUp', 'step', 'score', 'map', 'help', 'quit'],
  holdAsk: ['say', 'hold', 'cancel', 'callerHangUp', 'agentHangUp', 'step', 'score', 'map', 'help', 'quit'],
  hold: ['say', 'hold', 'fields', 'note', 'flag', 'callerHangUp', 'agentHangUp', 'step', 'score', 'map', 'help', 'quit'],
  wrapUp: ['filter', 'summary', 'fields', 'note', 'flag', 'save', 'step', 'score', 'map', 'help', 'quit'],
  logged: ['save', 'map', 'help', 'quit'], // s tries a failed save again
};

/** Screen states where the agent's hang-up key asks first: a customer is (or is ringing) on the line. */
const HANG_UP_ASKS: readonly ScreenState[] = ['ringing', 'live', 'holdAsk', 'hold'];

/** A message line; wrapped lines start under its first word. */
function Message({ color, text }: { readonly color: string; readonly text: string }) {
  return (
    <Box paddingLeft={1}>
      <Text color={color}>{text}</Text>
    </Box>
  );
}

/** The call map, drawn once from the machine itself. */
const CALL_CHART = chartOf(callMachine);

/** What the help bar shows while a line is being typed. */
const EDIT_KEYS: readonly KeyCommand[] = [
  { command: 'keep', keys: ['return'], label: { 'zh-CN': '确认', en: 'keep' }, bar: true },
  { command: 'drop', keys: ['escape'], label: { 'zh-CN': '取消', en: 'cancel' }, bar: true },
];

/** A key name of the keymap as Ink hands it to useInput: the input and the key flags. */
function inkKey(name: string): [string, Parameters<Parameters<typeof useInput>[0]>[1]] {
  const flags = {} as Parameters<Parameters<typeof useInput>[0]>[1];
  const named: Record<string, keyof typeof flags> = {
    return: 'return',
    tab: 'tab',
    escape: 'escape',
    left: 'leftArrow',
    right: 'rightArrow',
    backspace: 'backspace',
  };
  if (name === 'space') return [' ', flags];
  const flag = named[name];
  return flag ? ['', { ...flags, [flag]: true }] : [name, flags];
}

/** Control characters that come inside a run of typed text, by their key names. */
const TYPED_KEYS: Record<string, string> = { '\r': 'return', '\n': 'return', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', ' ': 'space' };

/** Colors of the phone link's states in the header. */
const LINK_COLORS: Record<string, string> = { connecting: 'yellow', connected: 'green', reconnecting: 'yellow', lost: 'red' };

/** What the phone has to say, in the screen's words. */
function noticeText(notice: PhoneNotice, text: ReturnType<typeof textFor>): string {
  switch (notice.kind) {
    case 'refused':
      return text.phoneRefused(text.phoneCommands[notice.command] ?? notice.command, notice.detail);
    case 'endedUnseen':
      return text.endedUnseen;
    case 'lineDropped':
      return text.lineDropped(notice.detail);
    case 'stillOnPhone':
      return text.stillOnPhone;
  }
}

export function App({ desk, keymap, language: languageSetting, variables, agent, timeOfDay, tickMs, run: coach, phone, overdueFollowUps, followUps, projector = false, pastes }: AppProps) {
  const snapshot = useDeskSnapshot(desk);
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const pack = desk.pack;
  const language = languageSetting === 'auto' ? pack.language : languageSetting;
  const text = textFor(language);
  /** The key a command is on now (the agent may have moved it), as the screen names keys. */
  const keyFor = (command: string) => keyLabel(keymap.find((entry) => entry.command === command)?.keys[0] ?? '?', language);
  const agentNumber = agent.number || pack.variables.agentNumber || '';
  const agentLabel = `${text.agent} ${agentNumber} ${agent.name}`.trim();
  const notice = desk.orphan ? text.orphan(desk.orphan.id, desk.orphan.packId) : undefined;
  // The screen's own state lives in a ref: keys that arrive in one burst are each handled with
  // what the one before did, not with the last render's copy. Setting it redraws.
  // What to say as the screen opens: a call left open on a lost pack, a call saved at start-up
  // (its save had failed last time), or a call restored.
  const firstFlash =
    notice ?? (desk.lastSaved ? text.saved(desk.lastSaved.id, desk.lastSaved.ticketDueAt) : desk.restored ? text.restored : null);
  const ui = useRef<ScreenUi>({ pane: 'auto', editing: null, group: null, filter: null, flash: firstFlash, flashStays: firstFlash !== null });
  const [, redraw] = useState(0);
  const update = useCallback((patch: Partial<ScreenUi>) => {
    ui.current = { ...ui.current, ...patch };
    redraw((n) => n + 1);
  }, []);
  const seenSave = useRef(desk.lastSaved);
  const seenProblem = useRef(desk.storeProblem);
  /** True while a step's model keys are being pressed (a '.' in them is text, not another step). */
  const replaying = useRef(false);
  const { pane, editing, group, filter, flash } = ui.current;

  const ctx = snapshot.context;
  const state = screenState(snapshot);
  // The caller's fields, notes and summary are drawn from `shown` (the line editor, the
  // follow-ups list and a step's typing are masked where they are drawn); the machine keeps the
  // real values. A training scenario's caller words show as written: the class must hear them.
  const isPrivate = useCallback((id: string) => pack.fields.some((field) => field.id === id && field.private), [pack]);
  const shown = useMemo(() => (projector ? maskCallerData(ctx, isPrivate) : ctx), [projector, ctx, isPrivate]);
  // A caller field not filled yet shows as a prompt (〔区号?〕), never as a raw {areaCode}.
  const vars = useMemo(() => {
    const prompts = Object.fromEntries(callerFields(pack, text).map((field) => [field.id, `〔${field.label}?〕`]));
    // A call-back's lines name why the customer called, and when.
    const ticket: Record<string, string> = ctx.callback
      ? { about: ctx.callback.about, opened: text.day(ctx.callback.openedAt) }
      : {};
    return { ...prompts, ...lineVariables(pack, variables, shown.fields), ...ticket };
  }, [pack, text, variables, shown.fields, ctx.callback]);
  /** The follow-ups the o key listed, in the order of their digits. */
  const listed = useRef<FollowUp[]>([]);

  // A saved call hands over to a fresh one at once (the desk does that); say so, reset the panes.
  useEffect(
    () =>
      desk.subscribe(() => {
        // The log's news (a write failed, or all is written again) comes without the call moving.
        if (desk.storeProblem !== seenProblem.current) {
          seenProblem.current = desk.storeProblem;
          redraw((n) => n + 1);
        }
        const saved = desk.lastSaved;
        // A refusal or the last call's message goes once the call moves on.
        if (ui.current.flash && !ui.current.flashStays) update({ flash: null });
        if (ui.current.flashStays && desk.snapshot.matches('ringing')) update({ flash: null, flashStays: false });
        // A call that rings while the follow-ups are listed takes the screen: three rings count.
        if (ui.current.pane === 'followUps' && !desk.snapshot.matches('idle')) update({ pane: 'auto' });
        // The question is about the call as it was when asked: once it has moved (answered on the
        // handset, the caller hung up meanwhile), a second x must not do what was not asked.
        if (ui.current.pane === 'confirmHangUp' && screenState(desk.snapshot) !== ui.current.hangUpAskedIn) update({ pane: 'auto' });
        if (!saved || saved === seenSave.current) return;
        seenSave.current = saved;
        const score = saved.scorecard && saved.outcome === 'answered' ? ` ${text.scoreCosts(saved.scorecard.total, costsOf(saved.scorecard), saved.scorecard.instantFail)}` : '';
        const flash = saved.callback
          ? text.callbackSaved(saved.id, saved.callback.ticketId, saved.callback.closed)
          : saved.outcome === 'missed'
            ? text.missedSaved(saved.id)
            : coach?.kind === 'train'
              ? `${text.trainingSaved(saved.id, saved.ticketDueAt !== null)}${score}`
              : `${text.saved(saved.id, saved.ticketDueAt)}${score}`;
        // After a trained call, the scorecard itself, full screen.
        const card = coach?.kind === 'train' && saved.scorecard ? { card: saved.scorecard, since: saved.since } : null;
        update({ flash, flashStays: true, group: null, filter: null, pane: card ? 'scorecard' : 'auto', card, editing: null });
      }),
    [desk, text, update, coach],
  );
  // The phone moves on its own too (its link drops, another call rings).
  useEffect(() => phone?.subscribe(() => redraw((n) => n + 1)), [phone]);
  // The run moves on its own (the caller speaks, a replay plays): redraw with it.
  useEffect(
    () =>
      coach?.subscribe(() => {
        // The end of a replay shows the scorecard the call was saved with.
        if (coach.kind === 'replay' && coach.savedCard && coach.peek().kind === 'end' && !ui.current.card) {
          update({ pane: 'scorecard', card: coach.savedCard, flash: text.replayEnd, flashStays: true });
        } else redraw((n) => n + 1);
      }),
    [coach, text, update],
  );
  // R-NIGHT: the night service hours begin and end whether or not anything else redraws the
  // screen (an idle desk has no ticking timer), so the header is redrawn at each edge.
  const [nightEdges, passNightEdge] = useState(0);
  useEffect(() => {
    if (!pack.nightHours) return;
    const clock = desk.clock;
    const now = timeOfDay ? timeOfDay() : new Date(clock.now());
    const timer = clock.setTimeout(() => passNightEdge((n) => n + 1), untilNightChanges(pack.nightHours, now) + 1);
    return () => clock.clearTimeout(timer);
  }, [pack, desk.clock, timeOfDay, nightEdges]);
  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => update({ flash: null, flashStays: false }), 5000);
    return () => clearTimeout(timer);
  }, [flash, update]);

  /** Whether a keymap command can act now, judged on the live snapshot and screen state. */
  const available = (entry: KeyCommand): boolean => {
    const live = desk.snapshot;
    const now = screenState(live);
    if (!SCREEN_COMMANDS[now].includes(entry.command)) return false;
    // A replay only plays and shows.
    if (coach?.kind === 'replay' && !['step', 'map', 'help', 'quit'].includes(entry.command)) return false;
    switch (entry.command) {
      case 'branches':
        return now === 'live' && !live.context.callback;
      case 'callerHangUp':
        return desk.can({ type: 'CALLER_HANG_UP' }) && !phone?.phoneTellsHangUp;
      case 'lines':
        return pack.lines.length > 0;
      case 'step':
        return coach?.stepMode === true && coach.peek().kind !== 'end';
      case 'callBack':
        return followUps !== undefined && !coach;
      case 'ring':
        return coach ? coach.kind === 'train' && desk.can({ type: 'RING' }) : desk.can({ type: 'RING' });
      case 'save':
        // Between calls s only tries again what the log could not take; in wrap-up it is refused
        // with its reason when something is missing.
        return now !== 'idle' || desk.storeProblem !== null;
      case 'score':
      case 'summary':
      case 'flag':
      case 'filter':
      case 'fields':
      case 'note':
      case 'help':
      case 'map':
      case 'quit':
        return true;
      default:
        return entry.event ? desk.can({ type: entry.event } as CallCommand) : true;
    }
  };

  /** A key that cannot act now says why in the flash line. */
  const explainRefusal = (command: string) => {
    const live = desk.snapshot.context;
    const say = (flash: string) => update({ flash, flashStays: false });
    const event = keymap.find((entry) => entry.command === command)?.event;
    const held = event ? desk.held({ type: event } as CallCommand) : null;
    if (coach?.kind === 'replay') {
      say(text.replayReadOnly);
    } else if (command === 'callerHangUp' && phone?.phoneTellsHangUp) {
      say(text.phoneTellsHangUp(keyFor('agentHangUp')));
    } else if (held) {
      say(held);
    } else if (command === 'save') {
      say(saveBlockers(live).map((rule) => text.blocked[rule]).join(';'));
    } else if (live.strict && command === 'hold' && screenState(desk.snapshot) === 'holdAsk') {
      say(text.strictHoldAsk);
    } else if (live.strict && holdBackPending(live)) {
      say(text.strictThanks);
    } else if (live.strict && undoneRequired(live).length > 0 && ['nextPhase', 'agentHangUp', 'branches', 'hold'].includes(command)) {
      say(`${text.strictBlocked}: ${undoneRequired(live).map((step) => step.label ?? step.id).join('、')}`);
    } else {
      say(text.notNow);
    }
  };

  const editField = (id: string) => {
    const field = callerFields(pack, text).find((f) => f.id === id);
    if (field) update({ pane: 'auto', editing: startEditing({ kind: 'field', field: field.id, label: field.label }, desk.snapshot.context.fields[field.id] ?? '') });
  };

  const run = (entry: KeyCommand) => {
    const { pane: open } = ui.current;
    const toggle = (pane: Pane) => update({ pane: open === pane ? 'auto' : pane });
    switch (entry.command) {
      case 'branches':
      case 'fields':
      case 'lines':
        return toggle(entry.command);
      case 'help':
        return update({ pane: 'help' });
      case 'map':
        return update({ pane: 'map' });
      case 'score':
        return toggle('score');
      case 'step':
        return playStep();
      case 'callBack':
        if (!pack.callback) return update({ flash: text.noCallbackScript, flashStays: false });
        listed.current = (followUps?.() ?? []).slice(0, 9);
        return update({ pane: 'followUps' });
      case 'ring':
        if (!(coach ? coach.ring() : desk.send({ type: 'RING' }))) explainRefusal('ring');
        return;
      case 'note':
        return update({ editing: startEditing({ kind: 'note' }, '') });
      case 'summary':
        return update({ editing: startEditing({ kind: 'summary' }, desk.snapshot.context.summary) });
      case 'filter':
        return update({ group: null, filter: '' });
      case 'quit': {
        const now = screenState(desk.snapshot);
        // A replay is read-only: nothing of it is kept, so nothing to ask. Anything the log still
        // owes (a full disk) would be lost with the process: that is asked first.
        if (desk.storeProblem === null && (now === 'idle' || now === 'logged' || coach?.kind === 'replay')) return exit();
        return update({ pane: 'confirmQuit' });
      }
      case 'cancel':
        if (!desk.send({ type: 'CANCEL' })) update({ pane: 'auto' });
        return;
      case 'agentHangUp':
        // Hanging up on a customer (or refusing a ringing call) is asked first, as quitting is.
        if (HANG_UP_ASKS.includes(screenState(desk.snapshot))) return update({ pane: 'confirmHangUp', hangUpAskedIn: screenState(desk.snapshot) });
        if (!desk.send({ type: 'AGENT_HANG_UP' })) explainRefusal('agentHangUp');
        return;
      case 'save':
        // What the log could not take (a call, its save, a missed call), s tries again.
        if (screenState(desk.snapshot) === 'logged' || screenState(desk.snapshot) === 'idle') desk.retry();
        else if (!desk.send({ type: 'SAVE' })) explainRefusal('save');
        return;
      case 'say': {
        const before = desk.snapshot.context;
        if (!desk.send({ type: 'SAY' })) return explainRefusal('say');
        // The step just said, if this key said one (not the thanks after a hold, not a check-back).
        const said = Object.keys(desk.snapshot.context.steps).find(
          (id) => desk.snapshot.context.steps[id]!.count > (before.steps[id]?.count ?? 0),
        );
        // The surname step opens the name field, so the agent types it as it is said.
        const asks = said ? stepById(pack, said)?.asks : undefined;
        if (asks) editField(asks);
        return;
      }
      default:
        if (entry.event && !desk.send({ type: entry.event } as CallCommand)) explainRefusal(entry.command);
    }
  };

  /** Keys in a wrap-up reason picker: group then reason by digit, or / and type to filter. */
  const reasonKey = (name: string, input: string, plainText: boolean): boolean => {
    const { group: open, filter: typed } = ui.current;
    const toggle = (code: string) => desk.send({ type: 'TOGGLE_REASON', code });
    const groups = reasonGroups(desk.snapshot.context);
    if (typed !== null) {
      const matches = matchingReasons(groups, typed);
      if (name === 'escape') update({ filter: null });
      else if (name === 'backspace') update({ filter: typed.slice(0, -1) });
      else if (name === 'return') {
        if (matches[0]) toggle(matches[0].code);
        update({ filter: null });
      } else if (/^[1-9]$/.test(name)) {
        const picked = matches[Number(name) - 1];
        if (picked) toggle(picked.code);
        update({ filter: null });
      } else if (plainText && [...typed].length + [...input].length > LINE_LIMITS.filter) {
        update({ flash: text.lineFull(LINE_LIMITS.filter, [...input].length), flashStays: false });
      } else if (plainText) update({ filter: typed + input });
      return true;
    }
    if (open !== null) {
      const reason = groups.find((g) => g.hotkey === open)?.reasons.find((r) => r.hotkey === name);
      if (reason) toggle(reason.code);
      if (reason || name === 'escape' || name === 'backspace') {
        update({ group: null });
        return true;
      }
      return false;
    }
    if (groups.some((g) => g.hotkey === name)) {
      update({ group: name });
      return true;
    }
    // Enter opens the group the branch suggests (marked ← in the list).
    const suggested = currentBranch(desk.snapshot.context)?.reasonGroup;
    if (name === 'return' && suggested) {
      update({ group: suggested });
      return true;
    }
    return false;
  };

  const onKey = (input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    // Keys typed faster than the terminal is read arrive as one string ("11s" at wrap-up): each
    // is a key of its own, and a field a key opens takes the characters after it.
    const chars = [...input];
    if (chars.length > 1 && !key.ctrl && !key.meta) {
      for (const char of chars) onKey(...inkKey(TYPED_KEYS[char] ?? char));
      return;
    }
    const typing = ui.current.editing;
    // In a class demo the step key steps even while a field is open (the model types into it).
    const stepKey = keymap.find((entry) => entry.command === 'step')?.keys.includes(keyName(input, key));
    if (typing && stepKey && coach?.stepMode && !replaying.current) return playStep();
    if (typing) {
      const arrow = key.leftArrow || key.rightArrow || key.upArrow || key.downArrow;
      const result = editLine(typing, { ...key, input, arrow }, lineLimit(typing));
      if (result.done === 'keep') submit(typing, result.buffer);
      else if (result.done === 'drop') update({ editing: null });
      else update({ editing: applyEdit(typing, result) });
      return;
    }
    const name = keyName(input, key);
    const { pane: open } = ui.current;
    const now = screenState(desk.snapshot);
    if (open === 'help' || open === 'map' || open === 'scorecard') return update({ pane: 'auto' });
    if (open === 'score') {
      const item = input.toUpperCase();
      if (name === 'escape' || name === 'return') update({ pane: 'auto' });
      else if (/^[A-N]$/.test(item) && input.length === 1) desk.send({ type: 'TOGGLE_FAULT', item });
      return;
    }
    if (open === 'confirmQuit') {
      if (name === 'q') exit();
      else if (name === 'escape') update({ pane: 'auto' });
      return;
    }
    if (open === 'confirmHangUp') {
      const again = keymap.find((e) => e.command === 'agentHangUp')?.keys.includes(name);
      if (again || name === 'escape') update({ pane: 'auto' });
      if (again && !desk.send({ type: 'AGENT_HANG_UP' })) explainRefusal('agentHangUp');
      return;
    }
    // The list is for an idle desk: once a call rings, its keys are the call's again.
    if (open === 'followUps' && now === 'idle') {
      const picked = /^[1-9]$/.test(name) ? listed.current[Number(name) - 1] : undefined;
      if (picked) {
        update({ pane: 'auto' });
        const about = picked.reasons.join('、') || (text.ticketKinds[picked.kind] ?? picked.kind);
        const dialed = desk.send({ type: 'DIAL', ticketId: picked.ticketId, number: picked.caller.phone, name: picked.caller.name || undefined, about, openedAt: picked.openedAt });
        if (!dialed) explainRefusal('callBack');
        return;
      }
      // Any other key closes the list and does what it does (c: a call rang).
      update({ pane: 'auto' });
      if (name === 'escape') return;
    }
    if (open === 'branches') {
      const branch = pack.branches.find((b) => b.hotkey === name);
      if (branch) {
        update({ pane: 'auto' });
        if (!desk.send({ type: 'CHOOSE_BRANCH', branch: branch.id })) explainRefusal('branches');
        return;
      }
    }
    if (open === 'fields') {
      const field = callerFields(pack, text).find((f) => f.hotkey === name);
      if (field) return editField(field.id);
    }
    if (name === 'escape' && open !== 'auto' && now !== 'holdAsk') return update({ pane: 'auto' });
    const plainText = input !== '' && !key.ctrl && !key.meta && name === input;
    if (now === 'wrapUp' && open === 'auto' && reasonKey(name, input, plainText)) return;

    const matching = keymap.filter((entry) => entry.keys.includes(name) && SCREEN_COMMANDS[now].includes(entry.command));
    const entry = matching.find(available) ?? matching[0];
    // A key of the keymap that means nothing in this state says so, rather than doing nothing.
    if (!entry) return keymap.some((e) => e.keys.includes(name)) ? update({ flash: coach?.kind === 'replay' ? text.replayReadOnly : text.notNow }) : undefined;
    if (!available(entry)) return explainRefusal(entry.command);
    run(entry);
  };

  // The one key handler of the screen.
  useInput(onKey);

  /**
   * A paste is text: it goes into the open line whole (up to the line's limit, its line breaks
   * made spaces) and is never run as keys; with no line open it is refused, and that is said.
   */
  const onPaste = (paste: Paste) => {
    const typing = ui.current.editing;
    if (typing) {
      update({ editing: applyEdit(typing, pasteInto(typing, paste, lineLimit(typing))) });
      return;
    }
    const typed = ui.current.filter;
    if (typed !== null && screenState(desk.snapshot) === 'wrapUp' && ui.current.pane === 'auto') {
      const pasted = pasteInto(lineOf(typed), paste, LINE_LIMITS.filter);
      update({ filter: pasted.buffer, ...(pasted.refused > 0 ? { flash: text.lineFull(LINE_LIMITS.filter, pasted.refused), flashStays: false } : {}) });
      return;
    }
    update({ flash: coach?.kind === 'replay' ? text.replayReadOnly : text.pasteNoField(keyFor('note'), keyFor('fields')), flashStays: false });
  };
  const pasteHandler = useRef(onPaste);
  pasteHandler.current = onPaste;
  useEffect(() => pastes?.onPaste((paste) => pasteHandler.current(paste)), [pastes]);

  /** Step mode: the next move of the call; an agent's move is pressed here, as keys. */
  function playStep() {
    // A '.' among the model's own keys is not another step.
    if (!coach || replaying.current) return;
    const before = desk.snapshot;
    const move = coach.peek();
    const model = coach.step();
    // The model's keys go through the same handler as the agent's, typed text included.
    replaying.current = true;
    try {
      if (model?.keys) for (const key of model.keys.split(' ')) onKey(...inkKey(key));
      // Typed text goes into the open field; with none open the scenario is out of step with the call.
      if (model?.type && ui.current.editing) {
        for (const char of model.type) onKey(char, inkKey(char)[1]);
        onKey(...inkKey('return'));
      } else if (model?.type) {
        update({ flash: text.stepNoField(model.type), flashStays: false });
      }
    } finally {
      replaying.current = false;
    }
    // After a save the desk is on a fresh call: the step is explained by the call it ended.
    const after = desk.snapshot.matches('idle') && !before.matches('idle') ? null : desk.snapshot;
    update({ lastStep: { move, change: after ? changeText(describeChange(before, after)) : '' } });
  }

  /** Why the next move would happen: the states it leaves and enters, the rules it settles. */
  function preview(move: NextMove): string {
    const snap = desk.snapshot;
    let event: CallCommand | null = null;
    if (move.kind === 'caller' && move.beat.hangsUp) event = { type: 'CALLER_HANG_UP' };
    if (move.kind === 'event') event = move.event;
    if (move.kind === 'agent' && move.move.keys) {
      const now = screenState(snap);
      const first = move.move.keys.split(' ')[0]!;
      const entry = keymap.find((e) => e.keys.includes(first) && SCREEN_COMMANDS[now].includes(e.command) && e.event);
      if (entry?.event && ui.current.pane === 'auto') event = { type: entry.event } as CallCommand;
    }
    if (!event || !snap.can({ ...event, at: desk.clock.now() } as never)) return '';
    const next = getNextSnapshot(callMachine, snap, { ...event, at: desk.clock.now() } as never);
    return changeText(describeChange(snap, next));
  }

  /** The question `x` asks: refuse a ringing call, or hang up on the customer (a fault unless the standard allows it now). */
  function hangUpQuestion(): string {
    const key = keyFor('agentHangUp');
    if (desk.snapshot.matches('ringing')) return text.rejectConfirm(key);
    return explainedEnough(desk.snapshot.context) ? text.hangUpAllowed(key) : text.hangUpConfirm(key);
  }

  /** How long the line being typed may be. */
  function lineLimit(current: NonNullable<Editing>): number {
    return current.kind === 'field' ? LINE_LIMITS.field : LINE_LIMITS[current.kind];
  }

  /** What to say under the line being typed: what did not go in, and what a paste's line breaks became. */
  function editNotice(current: NonNullable<Editing>): string | null {
    const said = [current.refused > 0 ? text.lineFull(lineLimit(current), current.refused) : '', current.lineBreaks ? text.pasteLineBreaks : ''].filter(Boolean);
    return said.length > 0 ? said.join(' ') : null;
  }

  function submit(current: NonNullable<Editing>, value: string) {
    update({ editing: null });
    if (current.kind === 'field') desk.send({ type: 'SET_FIELD', field: current.field, value: value.trim() });
    if (current.kind === 'note') desk.send({ type: 'ADD_NOTE', text: value.trim() });
    if (current.kind === 'summary') desk.send({ type: 'SET_SUMMARY', text: value.trim() });
  }

  // A training run or a replay: the caller's words (or the brief before the phone rings) and, in
  // step mode, what the next step does and why.
  const callerRows: { key: string; text: string; dim: boolean }[] = [];
  if (coach) {
    const said = coach.transcript.slice(-2);
    if (state === 'idle' && coach.brief) {
      callerRows.push({ key: 'brief', text: `${coach.title}:${coach.brief} ${text.brief(coach.stepMode ? '.' : 'c')}`, dim: false });
    } else if (coach.persona) {
      said.forEach((line, i) =>
        callerRows.push({ key: `said-${coach.transcript.length - said.length + i}`, text: `${text.callerSays}(${coach.persona}):「${line.text}」`, dim: i < said.length - 1 }),
      );
    }
  }
  const stepRows: { key: string; label: string; text: string; color?: string; wrap?: boolean }[] = [];
  if (coach?.stepMode) {
    const next = coach.peek();
    const lastStep = ui.current.lastStep;
    if (lastStep?.change) stepRows.push({ key: 'done', label: text.stepDone, text: lastStep.change });
    const why = preview(next);
    const what =
      next.kind === 'ring'
        ? text.stepRing
        : next.kind === 'caller'
          ? `${text.callerSays}:${next.beat.says ? `「${next.beat.says}」` : ''}${next.beat.hangsUp ? ` ${text.stepHangUp}` : ''}`
          : next.kind === 'agent'
            ? `${text.stepAgent(next.move.keys ? next.move.keys.split(' ').map((k) => keyLabel(k, language)).join(' ') : `「${projector ? maskFreeText(next.move.type ?? '') : next.move.type}」⏎`)}`
            : next.kind === 'event'
              ? `${text.stepEvent}: ${next.event.type}`
              : coach.kind === 'replay' ? text.replayEnd : text.stepEnd;
    const tip = next.kind === 'caller' ? next.beat.tip : next.kind === 'agent' ? next.move.tip : undefined;
    stepRows.push({ key: 'next', label: `${text.stepNext} (.)`, text: [what, tip].filter(Boolean).join(' — '), color: 'cyan', wrap: true });
    if (why) stepRows.push({ key: 'why', label: '', text: why });
  }

  // The brief wraps: count its rows.
  const coachRows =
    callerRows.reduce((sum, row) => sum + (row.key === 'brief' || !row.dim ? Math.ceil(stringWidth(row.text) / Math.max(10, columns - 3)) : 1), 0) +
    stepRows.reduce((sum, row) => sum + (row.wrap ? Math.ceil(stringWidth(`${row.label} ▸ ${row.text}`) / Math.max(10, columns - 3)) : 1), 0);

  const leftWidth = Math.min(48, Math.floor((columns - 1) * 0.55));
  const rightWidth = columns - leftWidth - 3;
  const barCommands = keymap.filter((entry) => entry.bar && available(entry));
  const phase = state === 'wrapUp' ? 'wrapUp' : ctx.phase;
  const rule = '─'.repeat(Math.max(10, columns - 1));
  // Before a training call the brief stands in for the "waiting for a call" hint.
  const shownLine = coach && state === 'idle' ? { current: null, next: null, hint: null } : lineView(snapshot, vars);
  // With a softphone, calls ring on the screen by themselves.
  const line =
    shownLine.hint === 'idle' && phone?.phone
      ? { ...shownLine, hint: 'idlePhone' as const }
      : shownLine.hint === 'closingHint' && phone?.phoneTellsHangUp
        ? { ...shownLine, hint: 'closingHintPhone' as const }
        : shownLine;
  const phoneRows: { key: string; text: string; color: string }[] = [];
  if (ctx.callerHolds.at(-1)?.endedAt === null && state !== 'wrapUp') phoneRows.push({ key: 'callerHeld', text: text.callerHeld, color: 'yellow' });
  if (phone?.notice) phoneRows.push({ key: 'notice', text: noticeText(phone.notice, text), color: phone.notice.kind === 'endedUnseen' || phone.notice.kind === 'stillOnPhone' ? 'red' : 'yellow' });
  if (phone && phone.missedMeanwhile > 0) phoneRows.push({ key: 'missed', text: text.missedWhileBusy(phone.missedMeanwhile), color: 'yellow' });
  if (phone && phone.waiting.length > 0) phoneRows.push({ key: 'waiting', text: text.waitingCalls(phone.waiting.length), color: 'yellow' });
  if (phone && phone.unreadable > 0) phoneRows.push({ key: 'unreadable', text: text.phoneUnreadable(phone.unreadable), color: 'yellow' });
  // Between calls, the promises to call back that are late (R-FOLLOW-UP).
  const overdue = state === 'idle' && overdueFollowUps ? overdueFollowUps() : 0;
  if (overdue > 0) phoneRows.push({ key: 'overdue', text: text.overdueFollowUps(overdue), color: 'red' });
  const linkLabel = phone?.phone ? { text: text.link[phone.linkState] ?? phone.linkState, color: LINK_COLORS[phone.linkState] ?? 'white' } : null;
  const nonBusinessOver = state === 'live' && ctx.pastNonBusinessLimit && (ctx.callback !== null || ctx.branchIds.some((id) => pack.branches.find((b) => b.id === id)?.nonBusiness));
  // A call-back: which ticket, and whether this is a suitable time to call (R-CALLBACK).
  if (ctx.callback && state !== 'logged') phoneRows.push({ key: 'callback', text: text.callbackRow(ctx.callback.ticketId, ctx.callback.about, text.day(ctx.callback.openedAt)), color: 'cyan' });
  const callbackHours = pack.callback?.hours ?? [];
  const offHours = (state === 'dialing' || pane === 'followUps') && callbackHours.length > 0 && !withinHours(callbackHours, timeOfDay ? timeOfDay().getTime() : desk.clock.now());
  if (offHours) phoneRows.push({ key: 'offHours', text: text.outsideCallbackHours(callbackHours.join('、')), color: 'yellow' });
  const wrapUpOver = state === 'wrapUp' && ctx.wrapUpOverdue;
  // Rows left for the checklist: the screen less everything else on it, the current line's
  // wrapping included (the line area has at least three rows, but on a short terminal).
  const storeMessage = desk.storeProblem ? `⚠ ${text.storeProblem[desk.storeProblem.kind](desk.storeProblem.detail)}` : null;
  const lineWidth = Math.max(10, columns - 4);
  const aroundLine = coachRows + phoneRows.reduce((sum, row) => sum + Math.ceil(stringWidth(row.text) / Math.max(10, columns - 3)), 0) + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + (nonBusinessOver ? 1 : 0) + (wrapUpOver ? 1 : 0) + (pane === 'confirmQuit' || pane === 'confirmHangUp' ? 2 : 0) + (storeMessage ? Math.ceil(stringWidth(storeMessage) / Math.max(10, columns - 3)) : 0) + (editing && editNotice(editing) ? 1 : 0);
  // A short terminal (a window shrunk beside the phone) keeps the header, the line and the keys;
  // the checklist gives up its rows first. A line longer than the room left is cut (…).
  const short = rows < 16;
  const lineRoom = Math.max(1, rows - aroundLine - (short ? 0 : 3) - 1 - (line.hint ? 1 : 0) - (line.next ? 1 : 0));
  const current = line.current ? fitWidth(line.current, lineRoom * lineWidth - 2 * lineRoom) : null;
  const lineRows = (line.hint ? 1 : 0) + (current ? Math.ceil(stringWidth(current) / lineWidth) : 0) + (line.next ? 1 : 0);
  const otherRows = aroundLine + Math.max(short ? 0 : 3, lineRows);
  const checklistRows = Math.max(short ? 0 : 3, rows - otherRows - 1);

  if (pane === 'help') {
    const lines = [
      ...keymap.map((entry) => ({
        key: entry.command,
        text: `${padDisplay(entry.keys.map((key) => keyLabel(key, language)).join(' / '), 12)} ${entry.label[language]}`,
        dim: !available(entry),
      })),
      { key: 'digits', text: `${padDisplay('1-9', 12)} ${text.menuDigits}`, dim: false },
    ];
    // Two columns when one does not fit the terminal's height.
    const perColumn = lines.length + 1 > rows ? Math.ceil(lines.length / 2) : lines.length;
    const columnsOfLines = [lines.slice(0, perColumn), lines.slice(perColumn)].filter((c) => c.length > 0);
    return (
      <Box flexDirection="column">
        <Text bold> {text.helpTitle}</Text>
        <Box>
          {columnsOfLines.map((column, i) => (
            <Box key={i} flexDirection="column" width={Math.floor((columns - 1) / columnsOfLines.length)}>
              {column.map((line) => (
                <Text key={line.key} dimColor={line.dim}>
                  {'  '}
                  {fitWidth(line.text, Math.floor((columns - 1) / columnsOfLines.length) - 3)}
                </Text>
              ))}
            </Box>
          ))}
        </Box>
      </Box>
    );
  }

  if (pane === 'map') {
    // The statechart with where the call is (▶), where it has been (✓), and where it can go next.
    const current = activeStateIds(snapshot.value);
    // A call that came in never dials (that is a call-back's state), and the other way round for ringing.
    const other = ctx.callback ? /^\s+ringing\b/ : /^\s+dialing\b/;
    const tree = chartText(CALL_CHART, { current, visited: desk.visited, transitions: false }).trimEnd().split('\n').slice(1).filter((line) => !other.test(line.replace(/^\s*[▶✓]/, ' ')));
    // The most specific first: what the innermost state the call is in can do.
    const depth = (id: string) => id.split('.').length;
    const next = CALL_CHART.transitions
      .filter((t) => current.includes(t.from) && t.to.some((to) => to !== t.from))
      .sort((a, b) => depth(b.from) - depth(a.from));
    const room = Math.max(0, rows - tree.length - 4);
    return (
      <Box flexDirection="column">
        <Text bold> {text.mapTitle}</Text>
        {tree.map((line, i) => (
          <Text key={i} color={line.includes('▶') ? 'green' : undefined} bold={line.includes('▶')} dimColor={!line.includes('▶') && !line.includes('✓')}>
            {' '}
            {line}
          </Text>
        ))}
        {room > 0 && <Text bold> {text.mapNext}</Text>}
        {next.slice(0, room).map((t, i) => (
          <Text key={i}>
            {'   '}
            {fitWidth(transitionText(t), columns - 5)}
          </Text>
        ))}
      </Box>
    );
  }

  if (pane === 'scorecard' && ui.current.card) {
    return <ScorecardView card={ui.current.card.card} since={ui.current.card.since} text={text} language={language} columns={columns} rows={rows} />;
  }

  if (pane === 'score') {
    // The items with what is marked so far: a letter marks the fault now, again takes it back.
    return (
      <Box flexDirection="column">
        <Text bold> {text.scoreTitle}</Text>
        {SCORE_ITEMS.map((item) => {
          const fault = ctx.faults.find((f) => f.item === item.id);
          return (
            <Text key={item.id} color={fault ? 'red' : undefined} dimColor={!fault && item.judged === 'auto'}>
              {'  '}
              <Text bold color={fault ? 'red' : 'cyan'}>{item.id.toLowerCase()}</Text>
              {fault ? ` ✗ ${callTime(fault.at, ctx.answeredAt ?? ctx.ringAt ?? fault.at)} ` : '         '}
              {fitWidth(item.label[language], columns - 16)}
            </Text>
          );
        })}
      </Box>
    );
  }

  const editLabel = editing?.kind === 'field' ? editing.label : editing?.kind === 'note' ? text.notes : text.summary;
  return (
    <Box flexDirection="column">
      <Header packName={coach ? `${coach.kind === 'train' ? text.train : text.replay}:${coach.title}` : pack.name} agent={agentLabel} state={state} ctx={ctx} clock={desk.clock} text={text} night={inNightHours(pack.nightHours, timeOfDay ? timeOfDay() : new Date(desk.clock.now()))} columns={columns} tickMs={tickMs} link={linkLabel} unwritten={desk.storeProblem !== null} />
      <PhaseBar phase={phase} text={text} />
      <Text dimColor>{rule}</Text>
      {callerRows.map((row) =>
        row.key === 'brief' || !row.dim ? (
          <Message key={row.key} color="magenta" text={row.text} />
        ) : (
          <Text key={row.key} color="magenta" dimColor={row.dim}>
            {' '}
            {fitWidth(row.text, columns - 2)}
          </Text>
        ),
      )}
      <CurrentLine view={{ ...line, current }} text={text} late={ctx.lateAnswer} width={columns - 3} minRows={short ? 0 : 3} />
      <Text dimColor>{rule}</Text>
      {pane === 'followUps' ? (
        <Box flexDirection="column" paddingX={1}>
          <Text bold>{text.followUpsTitle}</Text>
          {listed.current.length === 0 && <Text>{text.noFollowUps}</Text>}
          {listed.current.map((f, i) => {
            const when = followUpState(f, desk.clock.now());
            const caller = shownFollowUp(f, projector).caller;
            return (
              <Text key={f.ticketId} color={when === 'overdue' ? 'red' : when === 'due today' ? 'yellow' : undefined}>
                <Text color="cyan">{i + 1}</Text>{' '}
                {fitWidth(`${padDisplay(`T${f.ticketId}`, 6)} ${padDisplay(text.followUpStates[when] ?? when, 8)} ${[caller.name, caller.phone].filter(Boolean).join(' ')} ${f.reasons.join('、')}`, columns - 6)}
              </Text>
            );
          })}
        </Box>
      ) : pane === 'lines' ? (
        <Box flexDirection="column" paddingX={1}>
          <Text bold>{text.linesTitle}</Text>
          {pack.lines.map((line) => (
            <Text key={line.id}>
              <Text color="cyan">{line.label}</Text> {fillLine(line.line, vars)}
            </Text>
          ))}
        </Box>
      ) : (
      <Box height={short ? checklistRows + 1 : undefined} overflow="hidden">
        <Checklist rows={checklist(ctx)} text={text} width={leftWidth} maxRows={checklistRows} />
        <Box borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} borderDimColor marginRight={1} />
        <ContextPane pane={pane} state={state} ctx={shown} pack={pack} text={text} width={rightWidth} group={group} filter={filter} />
      </Box>
      )}
      <Text dimColor>{rule}</Text>
      {nonBusinessOver && <Text color="red"> ⚠ {ctx.callback ? text.callbackOver : text.nonBusinessOver}</Text>}
      {wrapUpOver && <Text color="red"> ⚠ {text.wrapUpOver}</Text>}
      {stepRows.map((row) =>
        row.wrap ? (
          // What comes next, with the trainer's tip: it wraps rather than lose the tip.
          <Message key={row.key} color={row.color ?? 'white'} text={`${row.label} ▸ ${row.text}`} />
        ) : (
          <Text key={row.key} color={row.color} dimColor={!row.color}>
            {' '}
            {fitWidth(row.label ? `${row.label} ▸ ${row.text}` : `   ${row.text}`, columns - 2)}
          </Text>
        ),
      )}
      {phoneRows.map((row) => (
        <Message key={row.key} color={row.color} text={row.text} />
      ))}
      {pane === 'confirmQuit' && <Message color="yellow" text={desk.storeProblem?.kind === 'busy' ? text.quitBusy(BUSY_WAIT_MS / 1000) : desk.storeProblem ? text.quitUnwritten : coach?.kind === 'train' ? text.quitTraining : text.quitConfirm} />}
      {pane === 'confirmHangUp' && <Message color="yellow" text={hangUpQuestion()} />}
      {storeMessage && <Message color="red" text={storeMessage} />}
      {editing ? (
        <LineEditor
          label={text.edit(editLabel)}
          buffer={!projector ? editing.buffer : editing.kind === 'field' ? maskField(editing.field, editing.buffer, isPrivate) : maskFreeText(editing.buffer)}
          length={editing.length}
          limit={lineLimit(editing)}
          width={columns - 1}
          notice={editNotice(editing)}
        />
      ) : flash ? (
        <Message color="yellow" text={flash} />
      ) : null}
      <HelpBar commands={editing ? EDIT_KEYS : barCommands} language={language} width={columns - 1} />
    </Box>
  );
}
