/**
 * Live assist on the screen, with the real feed (a file a recogniser appends to) and the real
 * listener, the desk on XState's simulated clock and a real SQLite log: the header says the feed's
 * state, a heard step is marked and its words shown on one row, the caller's words bring up the
 * suggestions with the keys that take them (and they go once taken), the repeat line after a
 * silence, a bad line gets a notice, and a projector masks the words.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { LiveAssist } from '../../src/assist/live-assist.js';
import { DEFAULT_HEARD_THRESHOLD } from '../../src/assist/match.js';
import { DEFAULT_REPEAT_AFTER_MS } from '../../src/assist/suggest.js';
import { DEFAULT_INSTANT_FAIL } from '../../machines/scorecard.js';
import { tempDir, zhGeneral } from '../helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

async function screen(options: { projector?: boolean; repeatAfterMs?: number } = {}) {
  const dir = tempDir();
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, scoring: () => ({ instantFail: DEFAULT_INSTANT_FAIL }) });
  const feed = join(dir.path, 'feed.jsonl');
  writeFileSync(feed, '');
  const variables = { company: '天天公司', hotline: '客服中心', agentNumber: '1024', agentName: '王敏' };
  const assist = new LiveAssist(desk, { kind: 'path', path: feed }, { threshold: DEFAULT_HEARD_THRESHOLD, repeatAfterMs: options.repeatAfterMs ?? DEFAULT_REPEAT_AFTER_MS, speaker: 'agent', variables: () => variables });
  assist.start();
  const ui = render(
    <App desk={desk} keymap={applyOverrides({})} language="auto" variables={variables} agent={{ name: '王敏', number: '1024' }} tickMs={20} projector={options.projector} assist={assist} />,
  );
  cleanups.push(async () => {
    ui.unmount();
    await assist.stop();
    desk.stop();
    store.close();
    dir.remove();
  });
  const frame = () => ui.lastFrame() ?? '';
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      await tick();
      ui.stdin.write(key);
      await tick();
    }
  };
  const said = (speaker: 'agent' | 'caller', text: string, final = true) => appendFileSync(feed, `${JSON.stringify({ speaker, text, final })}\n`);
  /** Until the frame shows it: the feed is read as the file grows, in real time. */
  const shows = async (pattern: string | RegExp, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = frame();
      if (typeof pattern === 'string' ? now.includes(pattern) : pattern.test(now)) return now;
      if (Date.now() > deadline) throw new Error(`the screen never showed ${String(pattern)}:\n${now}`);
      await tick();
    }
  };
  await shows('转写');
  await press('c', 'a');
  await shows('▶ 您好！这里是');
  return { desk, clock, frame, press, said, shows, feed };
}

describe('live assist on the screen', () => {
  it('a heard step: 听到 and its score on the checklist, the words heard on one row however long, the feed live in the header', async () => {
    const { said, shows, frame, feed } = await screen();
    expect(frame()).toContain('转写等待中'); // the file is there, but nothing was said yet
    said('agent', `您好这里是天天公司客服中心幺零二四号为您服务请问有什么可以帮您${'今天的天气真是不错啊'.repeat(8)}`);
    await shows(/✓ 开场白（报号） +听到 \d+%/);
    const now = frame();
    expect(now).toMatch(/转写 ✓/);
    const row = now.split('\n').find((line) => line.includes('听到「开场白（报号）」'))!;
    expect(row).toMatch(/…$/);
    for (const line of now.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(100); // ink-testing-library's 100 columns
    // What is being heard now: a partial result, shown, ticking nothing; a final before it, in the
    // same write, does not take it away (the final is for what was said before it).
    appendFileSync(feed, `${JSON.stringify({ speaker: 'agent', text: '我看一下系统啊', final: true })}\n${JSON.stringify({ speaker: 'agent', text: '请问您', final: false })}\n`);
    await shows('正在听（坐席）：请问您');
    for (let i = 0; i < 10; i++) await tick();
    expect(frame()).toContain('正在听（坐席）：请问您');
    expect(frame()).toMatch(/›○ 请问贵姓/);
  });

  it('on a projector the words heard are masked, the tick still shows', async () => {
    const { said, shows, frame } = await screen({ projector: true });
    said('agent', '您好这里是天天公司客服中心幺零二四号为您服务请问有什么可以帮您');
    await shows(/听到「开场白（报号）」\d+%：\*+/);
    expect(frame()).not.toContain('幺零二四');
  });

  it("the caller's words suggest the complaint branch and the escalation line with their keys; taken, they go", async () => {
    const { said, shows, frame, press } = await screen();
    said('caller', '你们这什么破服务我要投诉');
    await shows('提示：客户提到投诉，按 b 2 转“投诉”');
    said('caller', '叫你们经理来跟我说');
    await shows(/提示：客户要找领导，按 r \d 说“要找领导”/);
    await press('b', '2');
    await shows(/分支 +投诉/); // chosen in the greeting: the complaint waits for answering
    expect(frame()).not.toContain('客户提到投诉');
    said('agent', '我们公司每个人都有自己的职责请您放心这个问题交给我为您处理好吗');
    for (let i = 0; i < 50 && frame().includes('客户要找领导'); i++) await tick();
    expect(frame()).not.toContain('客户要找领导');
  });

  it('asking for someone suggests find-a-person; a suggestion not taken goes after 30 seconds', async () => {
    const { said, shows, frame, clock } = await screen();
    said('caller', '麻烦帮我转接一下销售部');
    await shows('提示：客户要找人，按 b 6 转“来电找人”');
    clock.increment(29_000);
    await tick();
    expect(frame()).toContain('客户要找人');
    clock.increment(1_001);
    for (let i = 0; i < 50 && frame().includes('客户要找人'); i++) await tick();
    expect(frame()).not.toContain('客户要找人');
  });

  it("after a caller's question the agent silent for the repeatAfter time: the repeat line is offered; heard speaking, it is not", async () => {
    const { said, shows, frame, clock } = await screen({ repeatAfterMs: 6_000 });
    said('caller', '那这个套餐一个月多少钱啊');
    await shows('转写 ✓');
    for (let i = 0; i < 20; i++) await tick();
    expect(frame()).not.toContain('没听清');
    clock.increment(6_001);
    await shows(/提示：客户的问题还没有回答；没听清就按 r 1 说“没听清”/);
    said('agent', '一个月是五十八块钱');
    for (let i = 0; i < 50 && frame().includes('没听清'); i++) await tick();
    expect(frame()).not.toContain('没听清');
  });

  it('a line that is not JSON gets a notice, and the next good line still ticks', async () => {
    const { shows, feed } = await screen();
    appendFileSync(feed, '{"speaker":"agent","text":\n');
    await shows('转写：已跳过 1 行（非 JSON 1）');
    // A line that does not say who spoke is the agent's (a recogniser on the desk's microphone).
    appendFileSync(feed, `${JSON.stringify({ text: '您好这里是天天公司客服中心一零二四号为您服务' })}\n`);
    await shows(/✓ 开场白（报号） +听到 \d+%/);
  });
});
