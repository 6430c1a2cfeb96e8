/**
 * Whether a command of the keymap can act now: the one place the screen asks. The machine
 * decides (its `can` for the event the command leads to: fields → SET_FIELD, note → ADD_NOTE,
 * filter → TOGGLE_REASON ...), and the screen adds only what is its own: the run beside the call
 * (a replay only plays), the phone (it tells the caller's hang-up), the hold question (answered
 * before anything else is typed). The help bar, the ? pane's dimmed keys, the key reducer and the
 * refusal sentences all read `commandStatus` and `refusal`.
 */
import type { Spell } from './menus.js';
import { holdBackPending, reasonGroups, saveBlockers } from '../../../machines/call.js';
import { undoneRequired } from '../../../machines/steps.js';
import type { StoreProblem } from '../../call/desk.js';
import type { CallCommand, CallSnapshot } from '../../call/session.js';
import type { Pack } from '../../pack/schema.js';
import { entryOf, keyLabel, type KeyCommand, type Language } from './keymap.js';
import type { KeyNames, ScreenText } from '../text.js';
import { screenState, type ScreenState } from '../view.js';
import { colonAfter } from '../../typography.js';

/** What the key reducer and the views read of the call and what is beside it. */
export interface ScreenFacts {
  /** The call as it is now (the snapshot after the previous key's commands were carried out). */
  readonly snapshot: CallSnapshot;
  readonly pack: Pack;
  readonly keymap: readonly KeyCommand[];
  readonly language: Language;
  readonly text: ScreenText;
  readonly storeProblem: StoreProblem | null;
  /** The desk's `can`: the machine, behind the desk's gate (a training scenario holds some back). */
  can(command: CallCommand): boolean;
  /** Why the desk's gate holds a command back now, or null. */
  held(command: CallCommand): string | null;
  /** A training run or a replay beside the call. */
  readonly run: { readonly kind: 'train' | 'replay'; readonly stepMode: boolean; readonly atEnd: boolean } | null;
  /** The phone tells when the caller hangs up (a followed softphone): the key is not needed. */
  readonly phoneTellsHangUp: boolean;
  /** The follow-ups can be listed (live mode). */
  readonly followUpsOffered: boolean;
  /** The reason filter's pinyin, once loaded (null: characters and codes only). */
  readonly spell: Spell | null;
}

/**
 * `ready`: the command acts now. `refused`: the call is where the command belongs but it cannot
 * act (a guard, the run, the phone): a key for it says why. `absent`: it means nothing here.
 */
export type CommandStatus = 'ready' | 'refused' | 'absent';

/** The commands a replay keeps: it only plays and shows. */
const REPLAY_COMMANDS: ReadonlySet<string> = new Set(['step', 'map', 'help', 'quit']);

/** Screen states where the agent's hang-up key asks first: a customer is (or is ringing) on the line. */
export const HANG_UP_ASKS: readonly ScreenState[] = ['ringing', 'live', 'holdAsk', 'hold'];

/**
 * Whether the call's present states take this kind of event at all, whatever their guards say
 * now (read from the machine's own definition): a guard's "no" is a refusal to explain, an event
 * no present state takes is a key that means nothing here.
 */
export function handles(snapshot: CallSnapshot, type: CallCommand['type']): boolean {
  let found = false;
  const walk = (node: { ownEvents: readonly string[]; states: Record<string, unknown> }, value: unknown): void => {
    if (node.ownEvents.includes(type)) found = true;
    if (typeof value === 'string') {
      const child = node.states[value] as typeof node | undefined;
      if (child) walk(child, undefined);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        const child = node.states[key] as typeof node | undefined;
        if (child) walk(child, inner);
      }
    }
  };
  walk(snapshot.machine.root as unknown as { ownEvents: readonly string[]; states: Record<string, unknown> }, snapshot.value);
  return found;
}

/** The event a command leads to, with a stand-in payload for asking the machine. */
function eventOf(command: string, facts: ScreenFacts): CallCommand | null {
  switch (command) {
    case 'fields':
      return { type: 'SET_FIELD', field: 'name', value: '' };
    case 'note':
      return { type: 'ADD_NOTE', text: '' };
    case 'summary':
      return { type: 'SET_SUMMARY', text: '' };
    case 'filter': {
      const code = reasonGroups(facts.snapshot.context)[0]?.reasons[0]?.code ?? '';
      return { type: 'TOGGLE_REASON', code };
    }
    case 'score':
      return { type: 'TOGGLE_FAULT', item: 'A' };
    case 'branches':
      return { type: 'CHOOSE_BRANCH', branch: facts.pack.branches[0]?.id ?? '' };
    case 'callBack':
      return { type: 'DIAL', ticketId: 0, number: '', about: '', openedAt: 0 } as CallCommand;
    default: {
      const event = entryOf(facts.keymap, command)?.event;
      return event ? ({ type: event } as CallCommand) : null;
    }
  }
}

/** Whether a command can act now: ready, refused with a reason to say, or absent here. */
export function commandStatus(command: string, facts: ScreenFacts): CommandStatus {
  const state = screenState(facts.snapshot);
  const { run } = facts;
  const status = (present: boolean, ready: boolean): CommandStatus => (!present ? 'absent' : ready ? 'ready' : 'refused');
  if (command === 'help' || command === 'map' || command === 'quit') return 'ready';
  if (command === 'step') return status(state !== 'logged', run?.stepMode === true && !run.atEnd);
  const event = eventOf(command, facts);
  // Ready lines are for saying: only while talking.
  if (command === 'lines') return status(state === 'live', facts.pack.lines.length > 0 && run?.kind !== 'replay');
  if (command === 'save') {
    // Between calls (and on a finished call) s only tries again what the log could not take; in
    // wrap-up it stays offered and a refusal names what is missing.
    return status(state === 'idle' || state === 'logged' || state === 'wrapUp', run?.kind !== 'replay' && (state !== 'idle' || facts.storeProblem !== null));
  }
  if (!event) return 'absent';
  let present = handles(facts.snapshot, event.type);
  // While the caller is asked to wait, the question is answered before anything is typed; a
  // branch is chosen while talking, not on hold.
  if (['fields', 'note', 'flag', 'branches'].includes(command) && state === 'holdAsk') present = false;
  if (command === 'branches' && state !== 'live') present = false;
  // The phase moves on while talking: on hold it is no key at all; in closing (the last phase)
  // it is a key that says why not (the lines still owed, in strict mode).
  if (command === 'nextPhase') present = state === 'live';
  // A call-back is dialled by the agent: nobody hangs up on them before it is answered.
  if (command === 'callerHangUp' && state === 'dialing') present = false;
  if (!present) return 'absent';
  if (run?.kind === 'replay' && !REPLAY_COMMANDS.has(command)) return 'refused';
  switch (command) {
    case 'ring':
      return status(true, (!run || run.kind === 'train') && facts.can(event));
    case 'callBack':
      // Its guard wants a call-back script: a pack without one is said when the list would open.
      return status(true, facts.followUpsOffered && !run);
    case 'callerHangUp':
      return status(true, facts.can(event) && !facts.phoneTellsHangUp);
    case 'branches':
      return status(true, !facts.snapshot.context.callback);
    case 'score':
    case 'filter':
      return 'ready';
    default:
      return status(true, facts.can(event));
  }
}

/** Whether a command of the keymap can act now. */
export function available(command: string, facts: ScreenFacts): boolean {
  return commandStatus(command, facts) === 'ready';
}

/** The key a command is on now (the agent may have moved it), as the screen names keys. */
export function keyFor(keymap: readonly KeyCommand[], command: string, language: Language): string {
  return keyLabel(entryOf(keymap, command)?.keys[0] ?? '?', language);
}

/** The keys as the agent has them, for the sentences that name them. */
export function keyNames(keymap: readonly KeyCommand[], language: Language): KeyNames {
  const names = (command: string) => keyFor(keymap, command, language);
  names.all = (command: string, joiner: string) => (entryOf(keymap, command)?.keys ?? ['?']).map((key) => keyLabel(key, language)).join(joiner);
  return names;
}

/** Why a command cannot act now, in the screen's words. */
export function refusal(command: string, facts: ScreenFacts): string {
  const { text, snapshot } = facts;
  const live = snapshot.context;
  const k = keyNames(facts.keymap, facts.language);
  if (facts.run?.kind === 'replay') return text.replayReadOnly(k);
  if (commandStatus(command, facts) === 'absent') return text.notNow(k);
  const event = entryOf(facts.keymap, command)?.event;
  const held = event ? facts.held({ type: event } as CallCommand) : null;
  if (command === 'callerHangUp' && facts.phoneTellsHangUp) return text.phoneTellsHangUp(k('agentHangUp'));
  if (held) return held;
  if (command === 'save') return saveBlockers(live).map((rule) => text.blocked[rule]!(k)).join(';');
  if (command === 'undo') {
    const state = screenState(snapshot);
    if (state === 'hold') return text.undoOnHold(k);
    if (state === 'holdAsk' || live.undo.length > 0) return text.notNow(k);
    return text.undoNothing[live.undoFloor ?? 'answer']!(k);
  }
  if (live.strict && command === 'hold' && screenState(snapshot) === 'holdAsk') return text.strictHoldAsk(k);
  if (live.strict && holdBackPending(live)) return text.strictThanks(k);
  if (live.strict && undoneRequired(live).length > 0 && ['nextPhase', 'agentHangUp', 'branches', 'hold'].includes(command)) {
    return `${text.strictBlocked}${colonAfter(text.strictBlocked)}${undoneRequired(live).map((step) => step.label ?? step.id).join('、')}`;
  }
  return text.notNow(k);
}
