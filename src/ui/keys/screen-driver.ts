/**
 * Carries out what the key reducer asks (src/ui/keys/reduce.ts), against the desk, the run and the
 * follow-ups, and keeps the screen's own state. No React: the hook (use-screen.ts) only wires
 * Ink's keys and the terminal's pastes to it, and tests drive it directly. Keys of one burst are
 * reduced one by one, each against the snapshot the previous key's effects left behind.
 */
import { loadedSpell, loadSpell } from './pinyin.js';
import { costsOf } from '../../../machines/scorecard.js';
import type { CallDesk } from '../../call/desk.js';
import type { PhoneFollower } from '../../softphone/follow.js';
import type { FollowUp } from '../../store/store.js';
import { shown } from '../../privacy.js';
import { stepText } from '../../train/explain.js';
import type { ScreenRun } from '../../train/run.js';
import { keyFor, type ScreenFacts } from './commands.js';
import { afterSend, deskMoved, initialUi, keysOf, namedKey, reduceKey, reducePaste, type SavedCall, type ScreenEffect, type ScreenKey, type ScreenUi } from './reduce.js';
import type { KeyCommand, Language } from './keymap.js';
import type { Paste } from './terminal-input.js';
import { textFor, type ScreenText } from '../text.js';

export interface ScreenSources {
  readonly desk: CallDesk;
  readonly keymap: readonly KeyCommand[];
  /** The screen's language; `auto` follows the pack of the call on screen. */
  readonly language: Language | 'auto';
  readonly run?: ScreenRun;
  readonly phone?: PhoneFollower;
  readonly followUps?: () => FollowUp[];
  /** Ends the screen (the root that owns exit). */
  readonly exit: () => void;
  /** Where the screen is shown: on a projector, text a scenario would type is said masked (src/privacy.ts). */
  readonly output?: 'desk' | 'projector';
  /** The developer's view (`--developer`): steps are explained by the machine's states, not the pack's phases. */
  readonly developer?: boolean;
}

/** The saved-call message: a call-back, a missed call, a practice call, or a call with what cost its points. */
export function savedMessage(saved: SavedCall, text: ScreenText, runKind: 'train' | 'replay' | null): string {
  const score = saved.scorecard && saved.outcome === 'answered' ? ` ${text.scoreCosts(saved.scorecard.total, costsOf(saved.scorecard), saved.scorecard.instantFail)}` : '';
  if (saved.callback) return text.callbackSaved(saved.id, saved.callback.ticketId, saved.callback.closed);
  if (saved.outcome === 'missed') return text.missedSaved(saved.id);
  if (runKind === 'train') return `${text.trainingSaved(saved.id, saved.ticketDueAt !== null)}${score}`;
  return `${text.saved(saved.id, saved.ticketDueAt)}${score}`;
}

export class ScreenDriver {
  private state: ScreenUi;
  private readonly listeners = new Set<() => void>();
  private seenSave: unknown;
  private seenProblem: unknown;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly sources: ScreenSources) {
    const desk = sources.desk.getSnapshot();
    const text = this.facts().text;
    // What to say as the screen opens: a call left open on a lost pack, a call saved at start-up
    // (its save had failed last time), or a call restored.
    const first = desk.orphan ? text.orphan(desk.orphan.id, desk.orphan.packId) : desk.lastSaved ? text.saved(desk.lastSaved.id, desk.lastSaved.ticketDueAt) : desk.restored ? text.restored : null;
    this.state = initialUi(first);
    this.seenSave = desk.lastSaved;
    this.seenProblem = desk.storeProblem;
  }

  /** Starts following the desk and the run (the screen is up). */
  start(): () => void {
    const { desk, run } = this.sources;
    this.unsubscribe.push(desk.subscribe(() => this.deskMoved()));
    if (run) this.unsubscribe.push(run.subscribe(() => this.runMoved()));
    return () => {
      for (const off of this.unsubscribe.splice(0)) off();
    };
  }

  /** The screen's own state; a new object on each change. */
  readonly getUi = (): ScreenUi => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(ui: ScreenUi): void {
    if (ui === this.state) return;
    this.state = ui;
    for (const listener of this.listeners) listener();
  }

  /** What the reducer reads, as things are now. */
  facts(): ScreenFacts {
    const { desk, run, phone, keymap, followUps } = this.sources;
    const view = desk.getSnapshot();
    const pack = view.pack;
    const language = this.sources.language === 'auto' ? pack.language : this.sources.language;
    return {
      snapshot: view.snapshot,
      pack,
      keymap,
      language,
      text: textFor(language),
      storeProblem: view.storeProblem,
      can: (command) => desk.can(command),
      held: (command) => desk.held(command),
      run: run ? { kind: run.kind, stepMode: run.stepMode, atEnd: run.peek().kind === 'end' } : null,
      phoneTellsHangUp: phone?.getSnapshot().phoneTellsHangUp ?? false,
      followUpsOffered: followUps !== undefined,
      spell: loadedSpell(),
    };
  }

  /** Ink's (input, key): a key, or a burst of them, each reduced in order. */
  input(input: string, key: Parameters<typeof keysOf>[1]): void {
    for (const one of keysOf(input, key)) this.press(one);
  }

  /** One key through the reducer, its effects carried out before the next key is read. */
  press(key: ScreenKey): void {
    const { ui, effects } = reduceKey(this.state, key, this.facts());
    this.set(ui);
    for (const effect of effects) this.carry(effect);
  }

  paste(paste: Paste): void {
    this.set(reducePaste(this.state, paste, this.facts()));
  }

  /** The flash has been read long enough. */
  clearFlash(): void {
    if (this.state.flash !== null) this.set({ ...this.state, flash: null, flashStays: false });
  }

  private carry(effect: ScreenEffect): void {
    const { desk, run, followUps, exit } = this.sources;
    switch (effect.kind) {
      case 'exit':
        return exit();
      case 'retry':
        desk.retry();
        return;
      case 'step':
        return this.playStep();
      case 'listFollowUps':
        return this.set({ ...this.state, pane: 'followUps', listed: (followUps?.() ?? []).slice(0, 9) });
      case 'send': {
        const before = desk.getSnapshot().snapshot;
        const taken = effect.viaRun && run ? run.ring() : desk.send(effect.event);
        this.set(afterSend(this.state, effect, taken, before, this.facts()));
      }
    }
  }

  /** Step mode: the next move of the call; an agent's move is pressed here, as keys. */
  private playStep(): void {
    const { desk, run } = this.sources;
    // A step key among the model's own keys is not another step.
    if (!run || this.state.replaying) return;
    const before = desk.getSnapshot().snapshot;
    const move = run.peek();
    const model = run.step();
    // The model's keys go through the same reducer as the agent's, typed text included.
    this.set({ ...this.state, replaying: true });
    try {
      if (model?.keys) for (const key of model.keys.split(' ')) this.press(namedKey(key));
      // Typed text goes into the open field; with none open the scenario is out of step with the call.
      if (model?.type && this.state.editing) {
        for (const char of model.type) this.input(char, {});
        this.press(namedKey('return'));
      } else if (model?.type) {
        this.set({ ...this.state, flash: this.facts().text.stepNoField(shown(this.sources.output ?? 'desk', 'freeText', model.type), keyFor(this.sources.keymap, 'quit', this.facts().language)), flashStays: false });
      }
    } finally {
      this.set({ ...this.state, replaying: false });
    }
    // After a save the desk is on a fresh call: the step is explained by the call it ended.
    const now = desk.getSnapshot().snapshot;
    const after = now.matches('idle') && !before.matches('idle') ? null : now;
    const view = { language: this.facts().language, developer: this.sources.developer ?? false };
    this.set({ ...this.state, lastStep: { move, change: after ? stepText(before, after, view) : '' } });
  }

  private deskMoved(): void {
    const { run } = this.sources;
    const desk = this.sources.desk.getSnapshot();
    const facts = this.facts();
    const problemNews = desk.storeProblem !== this.seenProblem;
    this.seenProblem = desk.storeProblem;
    const saved = desk.lastSaved && desk.lastSaved !== this.seenSave ? desk.lastSaved : null;
    if (saved) this.seenSave = saved;
    // The reason filter's pinyin is loaded as the call reaches wrap-up, not with the screen.
    if (facts.spell === null && facts.snapshot.matches('wrapUp')) void loadSpell().then(() => this.set({ ...this.state }), () => undefined);
    const next = deskMoved(this.state, facts, saved ? { call: saved, message: savedMessage(saved, facts.text, run?.kind ?? null) } : null);
    // The log's news (a write failed, or all is written again) comes without the call moving.
    this.set(problemNews && next === this.state ? { ...next } : next);
  }

  private runMoved(): void {
    const { run } = this.sources;
    // The end of a replay shows the scorecard the call was saved with.
    if (run?.kind === 'replay' && run.savedCard && run.peek().kind === 'end' && !this.state.card) {
      this.set({ ...this.state, pane: 'scorecard', card: run.savedCard, flash: this.facts().text.replayEnd, flashStays: true });
    } else this.set({ ...this.state });
  }
}
