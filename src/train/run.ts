/**
 * A training run: a scenario's caller on one side of a call desk. The caller's beats happen when
 * the call reaches their moment (`when`) and their delay has passed on the run's clock; in step
 * mode time stands still and every step (the trainer's key) plays the next thing in the call:
 * the caller's next beat, or the model agent's next move. Keys, beats and model moves all enter
 * the call through the desk's one way in (`take`: the caller's ring and hang-up as `scenario`, a
 * model move's keys as the screen presses them), so the same scenario and keys give the same call
 * and score.
 */
import { CJK_TITLES } from '../privacy.js';
import type { SimulatedClock } from 'xstate';
import type { CallDesk } from '../call/desk.js';
import type { CallEvent } from '../../machines/call.js';
import { PHASES } from '../../machines/phases.js';
import type { Scorecard } from '../../machines/scorecard.js';
import type { CallCommand, NowClock } from '../call/session.js';
import type { SaveScoring } from '../call/record.js';
import { beatDue, type Beat, type LoadedScenario, type ModelMove } from './scenario.js';

export interface TranscriptLine {
  who: 'caller';
  text: string;
  at: number;
}

/** What the next step of a step-mode run is. */
export type NextMove =
  | { kind: 'ring' }
  | { kind: 'caller'; beat: Beat }
  | { kind: 'agent'; move: ModelMove }
  | { kind: 'event'; event: CallEvent }
  | { kind: 'end' };

/** What the screen needs of a training run or a replay beside the call. */
export interface ScreenRun {
  readonly kind: 'train' | 'replay';
  readonly title: string;
  /** Time stands still; the step key plays the next move. */
  readonly stepMode: boolean;
  /** Who calls, as the caller pane shows them ("李女士 · 着急"). */
  readonly persona: string | null;
  /** How the caller is ("着急"): their label on a projector, which never names them. */
  readonly mood?: string | null;
  /** The caller's data the run's words may carry (their name and its parts, number, what is typed for them): masked on a projector. */
  readonly callerData?: readonly string[];
  /** What the trainee is told before the phone rings. */
  readonly brief: string | null;
  readonly transcript: readonly TranscriptLine[];
  peek(): NextMove;
  /** Plays the next move; an agent's move comes back for the screen to press its keys. */
  step(): ModelMove | null;
  /** The phone rings (the `c` key). */
  ring(): boolean;
  subscribe(listener: () => void): () => void;
  /** The scorecard to show when the call is over, if the run has one of its own (a replay's saved card). */
  readonly savedCard: { card: Scorecard; since: number } | null;
}

export interface RunOptions {
  /** Step mode: the clock is a simulated one that only moves when the trainer steps. */
  step: boolean;
  clock: NowClock;
  instantFail: readonly string[];
}

/** Courtesy titles a caller is addressed by: what is left of a name without them is the name itself. */
const TITLES = /^(mr|mrs|ms|miss|dr|mx)\.?$/i;
const CJK_TITLE = new RegExp(`(?:${CJK_TITLES.join('|')})$`, 'u');

/**
 * The parts a caller may say of a name alone ("姓张", "Harris."): a Chinese name without its
 * title (张先生 → 张), an English one's words without theirs (Mr Tom Green → Tom, Green). Only
 * for what looks like a name: short, no digits.
 */
export function nameParts(value: string): string[] {
  if (/\p{Nd}/u.test(value)) return [];
  if (/\p{Script=Han}/u.test(value)) {
    const bare = value.trim().replace(CJK_TITLE, '');
    return bare !== value.trim() && [...bare].length >= 1 && [...bare].length <= 3 ? [bare] : [];
  }
  const words = value.trim().split(/\s+/);
  if (words.length > 4) return [];
  return words.filter((word) => !TITLES.test(word) && /^\p{L}[\p{L}'-]+$/u.test(word));
}

export class TrainingRun implements ScreenRun {
  readonly kind = 'train';
  readonly savedCard = null;
  /** What the caller has said so far, oldest first. */
  transcript: TranscriptLine[] = [];
  /** Index of the next beat that has not happened. */
  private beatIndex = 0;
  /** Live mode: the beat waiting for its delay, with its timer. */
  private armed: { index: number; timer: unknown } | null = null;
  /** Step mode: the beat whose moment has come, played on the next step. */
  private ready: number | null = null;
  private modelIndex = 0;
  /** Rules the caller's beats made due, each from its moment. */
  private dueRules: { rule: string; since: number | null }[] = [];
  private listeners = new Set<() => void>();

  constructor(
    readonly desk: CallDesk,
    readonly loaded: LoadedScenario,
    private readonly options: RunOptions,
  ) {
    // Only the trainee's keys are held back: the scenario's own ring and hang-up are the story.
    desk.gate = (command, from) => (from === 'key' ? this.hold(command) : null);
    desk.subscribe(() => this.check());
  }

  get scenario() {
    return this.loaded.scenario;
  }

  get stepMode(): boolean {
    return this.options.step;
  }

  get title(): string {
    return this.scenario.title;
  }

  get persona(): string {
    const { name, mood } = this.scenario.caller;
    return mood ? `${name} · ${mood}` : name;
  }

  get mood(): string | null {
    return this.scenario.caller.mood ?? null;
  }

  get callerData(): readonly string[] {
    const { name, phone } = this.scenario.caller;
    const typed = this.scenario.model.flatMap((move) => (move.type ? [move.type] : []));
    return [...new Set([name, ...(phone ? [phone] : []), ...typed, ...[name, ...typed].flatMap(nameParts)])];
  }

  get brief(): string {
    return this.scenario.brief;
  }

  /** The ring of this scenario's caller (the number shows as the phone rings). */
  ring(): boolean {
    this.reset();
    const sent = this.desk.take({ type: 'RING', number: this.scenario.caller.phone }, 'scenario');
    this.emit();
    return sent;
  }

  /** A late-answer drill keeps the phone ringing until its ring count (the trainee is "busy"). */
  private hold(command: CallCommand): string | null {
    if (command.type !== 'ANSWER' || this.scenario.rings === 0) return null;
    const ctx = this.desk.snapshot.context;
    if (ctx.ringAt === null) return null;
    const ringEvery = ctx.thresholds.ringMs / 3;
    const answerableAt = ctx.ringAt + this.scenario.rings * ringEvery;
    const now = this.options.clock.now();
    if (now >= answerableAt) return null;
    const seconds = Math.ceil((answerableAt - now) / 1000);
    return this.scenario.language === 'zh-CN'
      ? `场景：你还在处理上一位客户的记录，第 ${this.scenario.rings} 声铃响后才能接听（还有 ${seconds} 秒）。`
      : `Scenario: you are still finishing the last caller's notes; answer after ring ${this.scenario.rings} (${seconds} s more).`;
  }

  /** The next step in step mode: what happens if the trainer presses the step key now. */
  peek(): NextMove {
    const snapshot = this.desk.snapshot;
    // Between calls the next step is a ring: the scenario from the start (again, after a demo).
    if (snapshot.matches('idle')) return { kind: 'ring' };
    if (this.ready !== null) return { kind: 'caller', beat: this.scenario.beats[this.ready]! };
    const move = this.scenario.model[this.modelIndex];
    return move ? { kind: 'agent', move } : { kind: 'end' };
  }

  /**
   * Plays the next step (step mode): rings, lets the caller speak, or moves the clock on by the
   * model move's wait and hands its keys back for the screen to press as the agent would.
   */
  step(): ModelMove | null {
    const next = this.peek();
    const clock = this.options.clock as SimulatedClock;
    if (next.kind === 'ring') {
      this.ring();
    } else if (next.kind === 'caller') {
      clock.increment(next.beat.after * 1000);
      this.fire(this.ready!);
    } else if (next.kind === 'agent') {
      this.modelIndex++;
      clock.increment(next.move.wait * 1000);
      this.emit();
      return next.move;
    }
    return null;
  }

  /** How the call is scored as it is saved: the scenario's expectations, a trainer present. */
  scoring(): SaveScoring {
    const { expect } = this.scenario;
    return {
      instantFail: this.options.instantFail,
      // In class (step mode) a trainer is there: what they did not mark, they did not hear.
      reviewed: this.options.step,
      expect: {
        branch: expect.branch,
        reasons: expect.reasons,
        ticket: expect.ticket,
        rules: [...expect.rules.map((rule) => ({ rule, since: null })), ...this.dueRules],
        // A drill that keeps the phone ringing past three rings cannot be answered in time.
        excused: this.scenario.rings >= 3 ? ['R-RING-3'] : [],
      },
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.disarm();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private reset(): void {
    this.disarm();
    this.beatIndex = 0;
    this.modelIndex = 0;
    this.ready = null;
    this.transcript = [];
    this.dueRules = [];
  }

  private disarm(): void {
    if (this.armed) this.options.clock.clearTimeout(this.armed.timer);
    this.armed = null;
  }

  /** After every move of the call: has the caller's next beat come? */
  private check(): void {
    const snapshot = this.desk.snapshot;
    // The caller is gone once the call has ended.
    if (!snapshot.hasTag('live') && !snapshot.matches('ringing')) {
      this.disarm();
      this.ready = null;
      return;
    }
    if (this.armed || this.ready !== null) return;
    const ctx = snapshot.context;
    const hold = this.desk.pack.hold;
    const said = (step: string) =>
      step === hold.ask.id
        ? ctx.holds.filter((h) => h.askedToWait).length
        : step === hold.back.id
          ? ctx.holds.filter((h) => h.thanks === 'said').length
          : step === hold.checkBack.id
            ? ctx.holds.reduce((sum, h) => sum + h.checkBacks, 0)
            : (ctx.steps[step]?.status === 'done' ? Math.max(1, ctx.steps[step]!.count) : 0);
    const call = {
      phaseIndex: ctx.phase ? PHASES.indexOf(ctx.phase) : -1,
      branchIds: ctx.branchIds,
      answered: ctx.answeredAt !== null,
      onHold: snapshot.hasTag('onHold'),
      holdsEnded: ctx.holds.filter((h) => h.endedAt !== null).length,
      said,
    };
    // The first beat from here whose moment has come; beats before it were passed by (the
    // trainee never gave the caller the chance), so the story goes on instead of sticking.
    const beats = this.scenario.beats;
    let index = this.beatIndex;
    while (index < beats.length && !beatDue(beats[index]!.when, call)) index++;
    if (index >= beats.length) return;
    if (this.options.step) {
      this.ready = index;
      this.emit();
      return;
    }
    const timer = this.options.clock.setTimeout(() => this.fire(index), beats[index]!.after * 1000);
    this.armed = { index, timer };
  }

  private fire(index: number): void {
    const beat = this.scenario.beats[index]!;
    this.armed = null;
    this.ready = null;
    this.beatIndex = index + 1;
    const at = this.options.clock.now();
    if (beat.says) this.transcript = [...this.transcript, { who: 'caller', text: beat.says, at }];
    this.dueRules = [...this.dueRules, ...beat.expects.map((rule) => ({ rule, since: at }))];
    if (beat.hangsUp) this.desk.take({ type: 'CALLER_HANG_UP' }, 'scenario');
    this.emit();
    this.check();
  }
}
