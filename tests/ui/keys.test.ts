/**
 * The key reducer without Ink: a real call machine on a desk with an in-memory call log, the
 * screen driver carrying out what each key asks, and key sequences and bursts as the terminal
 * hands them over. Every pane and its keys; the refusals' sentences; keys moved by the agent.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import type { FollowUp } from '../../src/store/store.js';
import type { NextMove, ScreenRun } from '../../src/train/run.js';
import type { ModelMove } from '../../src/train/scenario.js';
import { available, commandStatus, keyNames as keyNamesOf, refusal } from '../../src/ui/keys/commands.js';
import { initialUi, namedKey, reduceKey } from '../../src/ui/keys/reduce.js';
import { matchingReasons } from '../../src/ui/keys/menus.js';
import { loadSpell } from '../../src/ui/keys/pinyin.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { ScreenDriver } from '../../src/ui/keys/screen-driver.js';
import { screenState } from '../../src/ui/view.js';
import type { Pack } from '../../src/pack/schema.js';
import { zhGeneral } from '../helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function desk(options: { strict?: boolean; keys?: Record<string, string>; run?: ScreenRun; followUps?: () => FollowUp[]; projector?: boolean; pack?: Pack } = {}) {
  const pack = options.pack ?? zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(':memory:');
  const callDesk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: options.strict ?? false, clock, store, agent: { name: '王敏', number: '1024' } });
  const exits: number[] = [];
  const driver = new ScreenDriver({ desk: callDesk, keymap: applyOverrides(options.keys ?? {}), language: 'auto', run: options.run, followUps: options.followUps, exit: () => exits.push(1), output: options.projector ? 'projector' : 'desk' });
  const stop = driver.start();
  cleanups.push(() => {
    stop();
    callDesk.stop();
    store.close();
  });
  /** Keys one at a time, by their keymap names or as typed. */
  const press = (...keys: string[]) => {
    for (const key of keys) driver.press(namedKey(key));
  };
  /** One read of the terminal holding several keys (a fast typist, an input method). */
  const burst = (input: string) => driver.input(input, {});
  return { desk: callDesk, driver, store, clock, press, burst, exits, ui: () => driver.getUi(), state: () => screenState(callDesk.snapshot) };
}

/**
 * A scripted class demo in step mode: the first step rings, each next one is the model's next
 * move. `playOn` starts it from the top on a desk.
 */
function scriptedRun(moves: ModelMove[]): { run: ScreenRun; playOn(desk: CallDesk): void } {
  let played = 0;
  let on: CallDesk | null = null;
  const run: ScreenRun = {
    kind: 'train',
    title: '演示',
    stepMode: true,
    persona: null,
    brief: null,
    transcript: [],
    savedCard: null,
    peek: (): NextMove => (!on || on.snapshot.matches('idle') ? { kind: 'ring' } : played < moves.length ? { kind: 'agent', move: moves[played]! } : { kind: 'end' }),
    step: () => {
      if (on!.snapshot.matches('idle')) {
        on!.send({ type: 'RING' });
        return null;
      }
      return moves[played++] ?? null;
    },
    ring: () => on!.send({ type: 'RING' }),
    subscribe: () => () => {},
  };
  return {
    run,
    playOn: (desk) => {
      on = desk;
      played = 0;
    },
  };
}

describe('the key reducer', () => {
  it('is pure: the same key on the same screen and call gives the same screen and effects, and touches no call', () => {
    const { driver, desk: d } = desk();
    const facts = driver.facts();
    const before = d.snapshot;
    const a = reduceKey(initialUi(null), namedKey('c'), facts);
    const b = reduceKey(initialUi(null), namedKey('c'), facts);
    expect(a).toEqual(b);
    expect(a.effects).toEqual([{ kind: 'send', event: { type: 'RING' }, explain: 'ring', viaRun: true }]);
    expect(d.snapshot).toBe(before);
  });

  it('a burst at wrap-up ("11s") is reduced key by key against the call each key left: group, reason, save', () => {
    const { press, burst, desk: d, ui } = desk();
    press('c', 'a', 'e');
    expect(screenState(d.snapshot)).toBe('wrapUp');
    burst('11s');
    expect(d.lastSaved?.id).toBe(1);
    expect(d.snapshot.matches('idle')).toBe(true);
    expect(ui().flash).toContain('已保存第 1 通');
  });

  it("an input method's commit and its Enter in one read fill the name field: 张先生⏎", () => {
    const { press, burst, desk: d, ui } = desk();
    press('c', 'a', 'f', '1');
    expect(ui().editing).toMatchObject({ kind: 'field', field: 'name' });
    burst('张先生\r');
    expect(d.snapshot.context.fields.name).toBe('张先生');
    expect(ui().editing).toBeNull();
  });

  it('a whole call in one read: ring, answer, caller hangs up, reason, save', () => {
    const { burst, desk: d } = desk();
    burst('cae11s');
    expect(d.lastSaved?.outcome).toBe('answered');
  });

  it('? and m open their panes; any key closes them and does nothing else', () => {
    const { press, ui, state } = desk();
    press('?');
    expect(ui().pane).toBe('help');
    press('c');
    expect(ui().pane).toBe('auto');
    expect(state()).toBe('idle');
    press('m');
    expect(ui().pane).toBe('map');
    press('x');
    expect(ui().pane).toBe('auto');
  });

  it('k opens the scorecard: a letter marks that fault now, again takes it back; Esc closes', () => {
    const { press, ui, desk: d } = desk();
    press('c', 'a', 'k');
    expect(ui().pane).toBe('score');
    press('d');
    expect(d.snapshot.context.faults.map((f) => f.item)).toEqual(['D']);
    press('d');
    expect(d.snapshot.context.faults).toEqual([]);
    press('escape');
    expect(ui().pane).toBe('auto');
  });

  it('b lists the branches and a digit chooses one; f lists the fields and a digit opens one', () => {
    const { press, ui, desk: d } = desk();
    press('c', 'a', 'b');
    expect(ui().pane).toBe('branches');
    press('2');
    expect(ui().pane).toBe('auto');
    expect(d.snapshot.context.branchIds.length).toBe(1);
    press('f');
    expect(ui().pane).toBe('fields');
    press('2');
    expect(ui().editing).toMatchObject({ kind: 'field', field: 'phone' });
  });

  it('r lists the ready lines while talking, and closes again', () => {
    const { press, ui } = desk();
    press('c', 'a', 'r');
    expect(ui().pane).toBe('lines');
    press('r');
    expect(ui().pane).toBe('auto');
  });

  it('o lists the follow-ups; a digit dials that ticket; any other key closes the list and does its job', () => {
    const followUp: FollowUp = {
      ticketId: 7,
      callId: 3,
      kind: 'complaint',
      openedAt: Date.UTC(2026, 10, 23, 2, 0, 0),
      dueAt: Date.UTC(2026, 10, 25, 2, 0, 0),
      caller: { name: '张先生', phone: '13800000000' },
      reasons: ['费用争议'],
      summary: '多扣费',
    } as unknown as FollowUp;
    const { press, ui, desk: d } = desk({ followUps: () => [followUp] });
    press('o');
    expect(ui().pane).toBe('followUps');
    expect(ui().listed).toHaveLength(1);
    press('1');
    expect(screenState(d.snapshot)).toBe('dialing');
    expect(d.snapshot.context.callback?.ticketId).toBe(7);

    const other = desk({ followUps: () => [followUp] });
    other.press('o', 'c');
    expect(other.ui().pane).toBe('auto');
    expect(other.state()).toBe('ringing');
  });

  it('q during a call asks first; q again exits, Esc stays; between calls q exits at once', () => {
    const { press, ui, exits } = desk();
    press('q');
    expect(exits).toHaveLength(1);
    press('c', 'a', 'q');
    expect(ui().pane).toBe('confirmQuit');
    press('escape');
    expect(ui().pane).toBe('auto');
    expect(exits).toHaveLength(1);
    press('q', 'q');
    expect(exits).toHaveLength(2);
  });

  it('x on a customer asks first; Esc stays on the call; x again hangs up', () => {
    const { press, ui, state } = desk();
    press('c', 'a', 'x');
    expect(ui().pane).toBe('confirmHangUp');
    press('escape');
    expect(state()).toBe('live');
    press('x', 'x');
    expect(state()).toBe('wrapUp');
  });

  it('/ filters the reasons as typed; Enter picks the first match', () => {
    const { press, burst, ui, desk: d } = desk();
    press('c', 'a', 'e', '/');
    expect(ui().filter).toBe('');
    burst('费用');
    expect(ui().filter).toBe('费用');
    press('return');
    expect(ui().filter).toBeNull();
    expect(d.snapshot.context.reasons).toEqual(['INFO-PRICE']);
  });

  it('/ then pinyin initials, Enter: the reason they spell (jdcx → 进度查询); whole pinyin too', async () => {
    const { press, burst, ui, desk: d, driver } = desk();
    press('c', 'a', 'e');
    // The screen loads the pinyin as the call reaches wrap-up.
    await vi.waitFor(() => expect(driver.facts().spell).not.toBeNull());
    press('/');
    burst('jdcx');
    press('return');
    expect(ui().filter).toBeNull();
    expect(d.snapshot.context.reasons).toEqual(['INFO-PROGRESS']);
    press('/');
    burst('fuwutaidu');
    press('return');
    expect(d.snapshot.context.reasons).toEqual(['INFO-PROGRESS', 'COMPLAINT-SERVICE']);
  });

  it('a polyphone matches by any of its readings (重 zhong / chong); letters that spell nothing find nothing', async () => {
    const spell = await loadSpell();
    const groups = [{ group: '其他', hotkey: '1', reasons: [{ code: 'AGAIN', label: '重复来电', hotkey: '1' }, { code: 'BIG', label: '重要客户', hotkey: '2' }] }];
    expect(matchingReasons(groups, 'cflD', spell).map((r) => r.code)).toEqual(['AGAIN']);
    expect(matchingReasons(groups, 'zhongyao', spell).map((r) => r.code)).toEqual(['BIG']);
    expect(matchingReasons(groups, 'chong', spell).map((r) => r.code)).toEqual(['AGAIN', 'BIG']);
    expect(matchingReasons(groups, 'xyz', spell)).toEqual([]);
  });

  it('the picker pages: / with nothing typed lists all fourteen reasons; → then 5 picks the fourteenth, ← comes back', () => {
    const { press, ui, desk: d } = desk();
    press('c', 'a', 'e', '/');
    press('right');
    expect(ui().page).toBe(1);
    press('left');
    expect(ui().page).toBe(0);
    press('right', '5');
    expect(ui().filter).toBeNull();
    expect(d.snapshot.context.reasons).toEqual(['OTHER-SILENT']);
  });

  it('the line editor: Esc drops what was typed, Enter keeps it', () => {
    const { press, burst, ui, desk: d } = desk();
    press('c', 'a', 'n');
    burst('不要');
    press('escape');
    expect(ui().editing).toBeNull();
    expect(d.snapshot.context.notes).toEqual([]);
    press('n');
    burst('要记下');
    press('return');
    expect(d.snapshot.context.notes.map((n) => n.text)).toEqual(['要记下']);
  });

  it('a refused key says why: s without a reason names R-REASON; a key that means nothing now says so', () => {
    const { press, ui } = desk();
    press('c', 'a', 'e', 's');
    expect(ui().flash).toBe('请先选择来电原因（R-REASON）');
    press('h');
    expect(ui().flash).toBe('现在不能这样做（按 ? 查看此刻可用的键）');
  });

  it('strict mode: hold before asking the caller to wait names the key that says it', () => {
    const { press, ui } = desk({ strict: true });
    press('c', 'a', 'space', 'h', 'h');
    expect(ui().flash).toBe('严格模式：请先说“请您稍等”再保持（按空格，R-HOLD-ASK）');
  });

  it('the next-phase key is no key on hold ("not now", not the lines still owed), and in the last phase of a strict call it names what is owed', () => {
    const { press, ui, desk: d } = desk({ strict: true });
    press('c', 'a', 'space', 'h', 'space');
    expect(screenState(d.snapshot)).toBe('hold');
    press('tab');
    expect(ui().flash).toBe('现在不能这样做（按 ? 查看此刻可用的键）');
    const closing = desk({ strict: true });
    closing.press('c', 'a');
    for (let i = 0; i < 12 && !closing.desk.snapshot.matches({ live: { phase: 'closing' } }); i++) {
      closing.desk.send({ type: 'SAY' });
      closing.desk.send({ type: 'NEXT_PHASE' });
    }
    expect(closing.desk.snapshot.matches({ live: { phase: 'closing' } })).toBe(true);
    closing.press('tab');
    expect(closing.ui().flash).toMatch(/^严格模式.*：.+/);
  });

  it('while a call-back is being dialled the caller fields are no key: the machine would drop what was typed', () => {
    const { press, ui, desk: d, driver } = desk();
    d.send({ type: 'DIAL', ticketId: 1, number: '13812345678', about: '账单', openedAt: 0 } as never);
    expect(screenState(d.snapshot)).toBe('dialing');
    expect(commandStatus('fields', driver.facts())).toBe('absent');
    press('f');
    expect(ui().pane).toBe('auto');
    expect(ui().flash).toBe('现在不能这样做（按 ? 查看此刻可用的键）');
  });

  it('on a projector, a scenario that would type with no field open says so without showing what it would type', () => {
    const script = scriptedRun([{ keys: 'a' } as ModelMove, { type: '李女士住在长江路8号' } as ModelMove]);
    for (const projector of [false, true]) {
      const { press, ui, desk: d } = desk({ run: script.run, projector });
      script.playOn(d);
      press('.', '.', '.');
      if (projector) {
        expect(ui().flash).toContain('场景的下一步要输入「**********」');
        expect(ui().flash).not.toContain('长江路');
      } else {
        expect(ui().flash).toContain('场景的下一步要输入「李女士住在长江路8号」');
      }
    }
  });

  it('the step key in step mode plays the model move through the same reducer, even inside an open field', () => {
    // A scripted class demo: ring, answer, open the name field, type the name.
    const script = scriptedRun([{ keys: 'a' } as ModelMove, { keys: 'f 1' } as ModelMove, { type: '李女士' } as ModelMove]);
    const { press, ui, desk: d } = desk({ run: script.run });
    script.playOn(d);
    press('.', '.');
    expect(screenState(d.snapshot)).toBe('live');
    press('.');
    expect(ui().editing).toMatchObject({ field: 'name' });
    // The field is open: the step key still steps (the model types), it is not typed.
    press('.');
    expect(d.snapshot.context.fields.name).toBe('李女士');
    expect(ui().lastStep?.move.kind).toBe('agent');
    expect(commandStatus('step', { ...reduceFacts(d), run: { kind: 'train', stepMode: true, atEnd: true } })).toBe('refused');

    function reduceFacts(callDesk: CallDesk) {
      return new ScreenDriver({ desk: callDesk, keymap: applyOverrides({}), language: 'auto', exit: () => {} }).facts();
    }
  });
});

describe('availability: one place, from the machine', () => {
  it('fields, note, summary and filter follow SET_FIELD, ADD_NOTE, SET_SUMMARY and TOGGLE_REASON', () => {
    const { press, driver } = desk();
    const can = (command: string) => available(command, driver.facts());
    expect(['fields', 'note', 'summary', 'filter'].map(can)).toEqual([false, false, false, false]);
    press('c');
    expect(['fields', 'note', 'summary', 'filter'].map(can)).toEqual([true, false, false, false]);
    press('a');
    expect(['fields', 'note', 'summary', 'filter'].map(can)).toEqual([true, true, false, false]);
    press('e');
    expect(['fields', 'note', 'summary', 'filter'].map(can)).toEqual([true, true, true, true]);
  });

  it('a key the phone answers for is refused with the phone named, and the replay keeps only its own keys', () => {
    const { driver } = desk();
    const facts = { ...driver.facts(), phoneTellsHangUp: true };
    expect(commandStatus('ring', { ...facts, run: { kind: 'replay', stepMode: true, atEnd: false } })).toBe('refused');
    expect(commandStatus('map', { ...facts, run: { kind: 'replay', stepMode: true, atEnd: false } })).toBe('ready');
    expect(refusal('ring', { ...facts, run: { kind: 'replay', stepMode: true, atEnd: false } })).toBe('回放只能查看：. 下一步，m 通话地图，q 退出');
  });
});

describe('keys moved by the agent are named as moved', () => {
  it('hold=p: p asks the caller to wait, and the hint names p', () => {
    const { press, state, driver } = desk({ keys: { hold: 'p' } });
    press('c', 'a', 'p');
    expect(state()).toBe('holdAsk');
    const facts = driver.facts();
    expect(facts.text.holdAsk(keysOf(facts))).toBe('先请客户稍等：说完按空格保持；再按 p 直接保持；Esc 取消');
  });

  it('quit=w: the refusal of a replay and the strict sentences name the moved keys', () => {
    const { driver } = desk({ keys: { quit: 'w', say: 'j' } });
    const facts = driver.facts();
    expect(refusal('ring', { ...facts, run: { kind: 'replay', stepMode: true, atEnd: false } })).toBe('回放只能查看：. 下一步，m 通话地图，w 退出');
    expect(facts.text.strictThanks(keysOf(facts))).toBe('严格模式：请先感谢客户的等待（按j，R-HOLD-BACK）');
  });

  it('help moved to `: a key with no meaning now points at the moved help key', () => {
    const { press, ui } = desk({ keys: { help: '`' } });
    press('c', 'a', 'e', 'h');
    expect(ui().flash).toBe('现在不能这样做（按 ` 查看此刻可用的键）');
  });
});

describe('u undoes the last change, as an event in the log', () => {
  it('space by mistake: u brings the line back, says what it took back and that the call is back in its phase; both are logged', () => {
    const { press, ui, desk: d, store } = desk();
    press('c', 'a', 'space');
    expect(d.snapshot.context.phase).toBe('gathering');
    press('u');
    expect(d.snapshot.context.phase).toBe('greeting');
    expect(d.snapshot.context.steps.open?.status).toBe('todo');
    expect(ui().flash).toBe('已撤销：「开场白（报号）」改回未说。回到「问候」阶段。');
    expect(store.callEvents(1)!.events.map((event) => event.type)).toEqual(['RING', 'ANSWER', 'SAY', 'UNDO']);
  });

  it('Tab, a branch and a reason are taken back too, each said in words', () => {
    const { press, ui, desk: d } = desk();
    press('c', 'a', 'space', 'tab');
    press('u');
    expect(ui().flash).toBe('已撤销：回到「信息收集」阶段，未说的步骤重新待说。');
    press('b', '2', 'u');
    expect(ui().flash).toBe('已撤销：分支「投诉」。');
    expect(d.snapshot.context.branchIds).toEqual([]);
    press('e', '1', '2', 'u');
    expect(ui().flash).toBe('已撤销：原因「价格与费用」的勾选改回原样。');
    expect(d.snapshot.context.reasons).toEqual([]);
  });

  it('nothing to undo says why: after the answer, on hold, after the hang-up', () => {
    const { press, ui, driver } = desk();
    press('c', 'a');
    expect(commandStatus('undo', driver.facts())).toBe('refused');
    press('u');
    expect(ui().flash).toBe('没有可撤销的操作：u 撤销已说、Tab、分支、常用语和原因；接听不能撤销。');
    press('h', 'space');
    press('u');
    expect(ui().flash).toBe('保持中不能撤销：先按 h 恢复通话。');
    press('h', 'u');
    expect(ui().flash).toBe('保持不能撤销（客户已经听到了）：保持之前的操作保持原样。');
    press('space');
    expect(commandStatus('undo', driver.facts())).toBe('ready');
    press('e', 'u');
    expect(ui().flash).toBe('挂机不能撤销：话后只能撤销原因的勾选。');
  });

  it('undo=z: z undoes, u is no key any more; the help lists it as moved', () => {
    const { press, desk: d, driver } = desk({ keys: { undo: 'z' } });
    press('c', 'a', 'space', 'u');
    expect(d.snapshot.context.steps.open?.status).toBe('done');
    press('z');
    expect(d.snapshot.context.steps.open?.status).toBe('todo');
    expect(driver.facts().keymap.find((entry) => entry.command === 'undo')?.keys).toEqual(['z']);
  });
});

describe('ready lines: numbered, a digit says one', () => {
  it('r then 2: the second line is said (logged with its id), the pane closes, and the flash says so with the undo key', () => {
    const { press, ui, desk: d, store } = desk();
    press('c', 'a', 'r');
    expect(ui().pane).toBe('lines');
    press('2');
    expect(ui().pane).toBe('auto');
    expect(d.snapshot.context.readyLines.map((line) => line.id)).toEqual(['incomplete']);
    expect(ui().flash).toBe('已说常用语「资料不全」。说错了按 u 撤销。');
    expect(store.callEvents(1)!.events.at(-1)).toMatchObject({ type: 'SAY_READY', line: 'incomplete' });
    press('u');
    expect(d.snapshot.context.readyLines).toEqual([]);
    expect(ui().flash).toBe('已撤销：常用语「资料不全」。');
  });

  it('after a late answer the apology line ticks the apology step, and says it ticked it', () => {
    const { press, ui, desk: d, clock } = desk();
    press('c');
    clock.increment(20_000);
    press('a', 'r', '3');
    expect(d.snapshot.context.steps['late-sorry']?.status).toBe('done');
    expect(ui().flash).toBe('已说常用语「嫌慢」。已勾选「致歉（响铃超过三声）」。说错了按 u 撤销。');
  });

  it('more than nine: → turns the page and a digit picks on the page shown', () => {
    const base = zhGeneral();
    const pack: Pack = { ...base, lines: Array.from({ length: 12 }, (_, i) => ({ id: `l${i + 1}`, label: `第${i + 1}句`, line: '…', heard: [], rules: [], steps: [] })) };
    const { press, ui, desk: d } = desk({ pack });
    press('c', 'a', 'r', 'right');
    expect(ui().page).toBe(1);
    expect(d.snapshot.context.cursor).toBeNull(); // the arrow paged, it did not move the line
    press('2');
    expect(d.snapshot.context.readyLines.map((line) => line.id)).toEqual(['l11']);
    press('r', 'right', '9');
    // Page two has three lines: 9 is nothing there, and the pane stays open.
    expect(ui().pane).toBe('lines');
    expect(d.snapshot.context.readyLines).toHaveLength(1);
    press('left', '9');
    expect(d.snapshot.context.readyLines.map((line) => line.id)).toEqual(['l11', 'l9']);
  });
});

function keysOf(facts: ReturnType<ScreenDriver['facts']>) {
  return keyNamesOf(facts.keymap, facts.language);
}
