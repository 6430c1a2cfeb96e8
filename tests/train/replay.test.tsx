/**
 * A logged call replayed on the real screen: one event per step with what it did, caller data
 * masked (unless asked), read-only, ending on the scorecard the call was saved with.
 */
import { render } from 'ink-testing-library';
import { afterEach, expect, it, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { ringsidePaths } from '../../src/paths.js';
import { prepareReplay } from '../../src/screens/replay.js';
import { CallStore } from '../../src/store/sqlite.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { tempDir, zhGeneral } from '../helpers.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

/** A call taken on a desk over a real log, on a simulated clock, saved; the log's paths. */
function logged(take: (desk: CallDesk, clock: SimulatedClock) => void) {
  const home = tempDir();
  cleanups.push(home.remove);
  const paths = ringsidePaths({ RINGSIDE_HOME: home.path });
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(paths.database);
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, scoring: () => ({ instantFail: [] }) });
  take(desk, clock);
  desk.send({ type: 'SAVE' });
  desk.stop();
  store.close();
  return paths;
}

/** Late answer, the name given, a note with a number, caller hangs up. */
const loggedCall = () =>
  logged((desk, clock) => {
    desk.send({ type: 'RING', number: '13812345678' });
    clock.increment(18_000);
    desk.send({ type: 'ANSWER' });
    for (let i = 0; i < 3; i++) desk.send({ type: 'SAY' });
    desk.send({ type: 'SET_FIELD', field: 'name', value: '李秀英' });
    desk.send({ type: 'ADD_NOTE', text: '回电 13998765432' });
    desk.send({ type: 'CALLER_HANG_UP' });
    desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
  });

function screen(paths: ReturnType<typeof ringsidePaths>, unmasked = false, developer = false) {
  const { desk, run, close } = prepareReplay({ paths, callId: 1, step: true, speed: 1, unmasked });
  const ui = render(
    <App desk={desk} run={run} keymap={applyOverrides({})} language="auto" variables={{}} agent={{ name: '王敏', number: '1024' }} tickMs={1000} developer={developer} />,
  );
  cleanups.push(() => {
    ui.unmount();
    close();
  });
  const press = async (key: string, times = 1) => {
    for (let i = 0; i < times; i++) {
      ui.stdin.write(key);
      await settle();
    }
  };
  const frame = () => ui.lastFrame() ?? '';
  // Ink draws when React gets to it, later on a loaded machine: wait for the frame, not a fixed time.
  const see = (text: string) => vi.waitFor(() => expect(frame()).toContain(text));
  return { ui, run, press, frame, see };
}

it('steps through a logged call with what each event did, caller data masked, to its saved scorecard', async () => {
  const { press, frame, run, see } = screen(loggedCall());
  await see('回放：#1 真实来电');
  // Each event as the class reads it, and where it takes the call: no event name, no state id.
  expect(frame()).toContain('下一步（.） ▸ 电话响起');
  expect(frame()).toContain('空闲 → 振铃中');
  await press('.', 2); // ring, answer 18 s later
  await see('响铃 18s');
  expect(frame()).toContain('▶ 对不起，让您久等了。');
  expect(frame()).toContain('刚才 ▸ 振铃中 → 问候 · ✗ 超过三声才接听 R-RING-3');
  expect(frame()).toContain('下一步（.） ▸ 坐席：已说 致歉（响铃超过三声）');
  expect(frame()).not.toMatch(/(?<![\w-])(SAY|RING|ANSWER|NEXT_LINE|CHOOSE_BRANCH)(?![\w-])|live\.|idle →/);
  await press('a'); // read-only: the viewer's keys do not move the call
  await see('回放只能查看');
  await press('.', 4); // three lines said, the name given
  await see('李**');
  expect(frame()).not.toContain('李秀英');
  expect(frame()).not.toContain('13812345678');
  await press('.', 1); // the note: free text, so hidden whole
  await see('备注    ** ***********'); // one * a character, as a projector shows it
  expect(frame()).not.toContain('5432');
  await press('.', 2); // hang-up, reason
  await see('评分');
  expect(run.peek().kind).toBe('end');
  expect(frame()).toMatch(/✗ E 00:00 R-RING-3/);
});

it('--developer names the events and the machine states they move', async () => {
  const { press, frame, see } = screen(loggedCall(), false, true);
  await see('下一步（.） ▸ 记录中的下一个事件：RING');
  expect(frame()).toContain('idle → ringing');
  await press('.', 2);
  await see('记录中的下一个事件：SAY');
  expect(frame()).toContain('ringing → live.phase.greeting, live.line.talking');
});

it('--unmasked shows the caller as logged', async () => {
  const { press, see } = screen(loggedCall(), true);
  await press('.', 6);
  await see('李秀英');
});

it('a call-back dialled from a follow-up is replayed with the number and name it dialled masked', async () => {
  const paths = logged((desk, clock) => {
    desk.send({ type: 'DIAL', ticketId: 1, number: '13812345678', name: '李秀英', about: '费用争议', openedAt: clock.now() - 86_400_000 });
    clock.increment(6_000);
    desk.send({ type: 'ANSWER' });
    desk.send({ type: 'CALLER_HANG_UP' });
    desk.send({ type: 'TOGGLE_REASON', code: 'CB-RESOLVED' });
  });
  const { press, frame, see } = screen(paths);
  await settle();
  await press('.'); // the dial
  await see('138****5678');
  expect(frame()).toContain('李**');
  await press('.', 3); // answer, hang-up, reason (a call-back has no scorecard: its rules judge it)
  await see('回放结束');
  expect(frame()).not.toContain('13812345678');
  expect(frame()).not.toContain('李秀英');
});

it('a replay in class words says a ready line by its label and an undo as such, never SAY_READY or UNDO', async () => {
  const { eventText } = await import('../../src/train/explain.js');
  const { simulatedCall } = await import('../helpers.js');
  const { KEYMAP } = await import('../../src/ui/keys/keymap.js');
  const call = simulatedCall();
  call.send({ type: 'RING', number: '13812345678' } as never);
  call.send('ANSWER');
  const before = call.snapshot();
  const view = { language: 'zh-CN' as const, developer: false, keymap: KEYMAP };
  expect(eventText({ type: 'SAY_READY', line: 'too-slow', at: 0 } as never, before, view)).toBe('坐席：说了常用语「嫌慢」');
  expect(eventText({ type: 'UNDO', at: 0 } as never, before, view)).toBe('坐席：撤销上一步');
  expect(eventText({ type: 'UNDO', at: 0 } as never, before, { ...view, developer: true })).toBe('UNDO');
});
