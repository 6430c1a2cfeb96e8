/**
 * The live screen with ink-testing-library: keys in, frames out. The desk runs on XState's
 * simulated clock and a real SQLite file in a temp folder; timers tick every 20 ms of real time
 * so a test can see the ticking leaf redraw after the simulated clock moved.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import type { Pack } from '../../src/pack/schema.js';
import { CallStore } from '../../src/store/sqlite.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { loadPackFile } from '../../src/pack/load.js';
import { DEFAULT_INSTANT_FAIL } from '../../machines/scorecard.js';
import { packPath, tempDir, zhGeneral } from '../helpers.js';

const KEYS = { space: ' ', enter: '\r', tab: '\t', escape: '\u001B', left: '\u001B[D', right: '\u001B[C', backspace: '\u007F' };
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

function screen(options: { startAt?: number; pack?: Pack; strict?: boolean; keys?: Record<string, string>; timeOfDay?: () => Date; overdue?: () => number; followUps?: boolean; projector?: boolean; variables?: Record<string, string> } = {}) {
  const dir = tempDir();
  const pack = options.pack ?? zhGeneral();
  const clock = new SimulatedClock();
  clock.set(options.startAt ?? Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  // Scored as the live screen scores, with the default instant-fail set.
  const desk = new CallDesk({
    pack,
    thresholds: resolveThresholds(pack),
    strict: options.strict ?? false,
    clock,
    store,
    agent: { name: '王敏', number: '1024' },
    scoring: () => ({ instantFail: DEFAULT_INSTANT_FAIL }),
  });
  const ui = render(
    <App
      desk={desk}
      keymap={applyOverrides(options.keys ?? {})}
      language="auto"
      variables={options.variables ?? { company: '天天公司', hotline: '客服中心', agentNumber: '1024', agentName: '王敏' }}
      agent={{ name: '王敏', number: '1024' }}
      tickMs={20}
      timeOfDay={options.timeOfDay}
      overdueFollowUps={options.overdue}
      followUps={options.followUps ? () => store.openFollowUps() : undefined}
      projector={options.projector}
    />,
  );
  cleanups.push(() => {
    ui.unmount();
    desk.stop();
    store.close();
    dir.remove();
  });
  /** Types keys one at a time, as a person does, letting React settle around each. */
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      await tick();
      ui.stdin.write(key);
      await tick();
    }
  };
  const frame = () => ui.lastFrame() ?? '';
  return { ui, desk, store, clock, press, frame };
}

describe('live screen', () => {
  it('waits for a ring, then answers with the opening line filled in and the checklist to do', async () => {
    const { press, frame } = screen();
    await tick();
    expect(frame()).toContain('等待来电。电话响起时按 c。');
    expect(frame()).toContain('c 来电');
    expect(frame()).not.toContain('空格 已说'); // only the keys that work now
    await press('h'); // a key of the keymap that means nothing yet says so
    expect(frame()).toContain('现在不能这样做（按 ? 查看此刻可用的键）');
    await press('c');
    expect(frame()).toContain('来电振铃中');
    expect(frame()).toContain('a/回车 接听');
    await press('a');
    expect(frame()).toContain('▶ 您好！这里是天天公司客服中心，1024号为您服务，请问有什么可以帮您？');
    expect(frame()).toContain('下一句：请问您贵姓？');
    expect(frame()).toMatch(/○ 开场白（报号） +R-OPEN/);
    expect(frame()).toMatch(/○ 客户先挂机 +R-THEY-HANG-UP/);
  });

  it('between calls it says how many follow-ups are overdue, and not during a call', async () => {
    const { frame, press } = screen({ overdue: () => 2 });
    await press('c');
    expect(frame()).not.toContain('回访已逾期');
    await press('x', 'x'); // refused (asked first), so the desk is free again
    await tick();
    expect(frame()).toContain('⚠ 2 个回访已逾期（两个工作日内回访）：按 o 回访。');
  });

  it('o lists the follow-ups; a digit calls one back with the call-back script; its result closes the ticket', async () => {
    const { frame, press, store, clock } = screen({ followUps: true, timeOfDay: () => new Date(2026, 10, 24, 10, 0) });
    // A complaint taken and saved: it opens a ticket.
    await press('c', 'a', 'b', '2', 'e', '2', '3', 'w', ...'多扣费', '\r', 's');
    expect(store.openFollowUps()).toHaveLength(1);
    await press('o');
    expect(frame()).toContain('待回访（数字键开始回访，Esc 返回）');
    expect(frame()).toMatch(/1 T1 +未到期 +费用争议/);
    await press('1');
    expect(frame()).toContain('回访：在话机上拨号，客户接听后按 a');
    expect(frame()).toContain('下一句：您好！我是天天公司客服中心1024号客服代表');
    expect(frame()).toContain('回访工单 T1：费用争议');
    await press('a');
    clock.increment(5_000);
    await press(' ');
    expect(frame()).toMatch(/▶ 关于您\d+月\d+日反映的费用争议问题，想占用您两分钟做个回访/);
    expect(frame()).not.toContain('b 分支');
    await press(' ', ' ', ' ', ' ', 'e');
    expect(frame()).toContain('1 回访结果');
    await press('1', '1', 's');
    expect(frame()).toContain('回访已记录（第 2 通）。工单 T1已关闭。');
    expect(store.openFollowUps()).toHaveLength(0);
  });

  it('keys typed faster than the screen reads them each count: a whole call in one burst is saved', async () => {
    const { press, frame, store } = screen();
    // Ring, answer, opening said, surname asked and typed, complaint, caller hangs up, reason
    // 2-3, summary, save: written to the screen as a single chunk.
    await press('ca  张先生\rb2e23w多扣费\rs');
    expect(frame()).toContain('已保存');
    const [call] = store.recentCalls(1);
    expect(call).toMatchObject({ caller: { name: '张先生' }, reasons: [{ code: 'COMPLAINT-BILLING' }], summary: '多扣费', hungUpBy: 'caller' });
  });

  it('a key that is not a digit closes the follow-ups list and does its job: c rings', async () => {
    const { frame, press } = screen({ followUps: true });
    await press('o');
    expect(frame()).toContain('待回访');
    await press('c');
    expect(frame()).not.toContain('待回访');
    expect(frame()).toContain('来电振铃中');
  });

  it('a call that rings while the follow-ups are listed takes the screen, and a answers it', async () => {
    const { frame, press, store, desk } = screen({ followUps: true, timeOfDay: () => new Date(2026, 10, 24, 10, 0) });
    await press('c', 'a', 'b', '2', 'e', '2', '3', 'w', ...'多扣费', '\r', 's');
    await press('o');
    expect(frame()).toContain('待回访');
    desk.send({ type: 'RING', number: '13900000000' });
    await press('a');
    expect(frame()).not.toContain('待回访');
    expect(frame()).toContain('▶ 您好！这里是天天公司客服中心，1024号为您服务');
    expect(desk.snapshot.context.callback).toBeNull();
    expect(store.openFollowUps()).toHaveLength(1);
  });

  it('ticks the talk timer from the clock; a late ring turns red with the apology first', async () => {
    const { press, frame, clock } = screen();
    await press('c');
    clock.increment(16_000);
    await tick();
    expect(frame()).toMatch(/响铃 16s ⚠/);
    expect(frame()).toContain('已超过三声，接通后先致歉');
    await press('a');
    expect(frame()).toContain('▶ 对不起，让您久等了。');
    clock.increment(65_000);
    await tick();
    await tick();
    expect(frame()).toContain('通话 01:05');
    expect(frame()).toContain('响铃 16s'); // the ring wait stops at the answer
  });

  it('at 24 rows the whole checklist of a late complaint call shows, the apology row included', async () => {
    const { press, frame, clock } = screen();
    await press('c');
    clock.increment(18_000);
    await press('a', KEYS.space, KEYS.space, KEYS.space, '张先生', KEYS.enter, 'b', '2', KEYS.space, KEYS.space);
    const rows = frame().split('\n').filter((line) => / R-[A-Z-]+/.test(line));
    expect(rows[0]).toMatch(/✓ 致歉（响铃超过三声） +R-LATE-SORRY/);
    expect(rows.at(-1)).toMatch(/○ 客户先挂机 +R-THEY-HANG-UP/);
    expect(frame().split('\n').length).toBeLessThanOrEqual(24);
  });

  it('space says the line and shows the next; the surname step opens the name field, typed in Chinese', async () => {
    const { press, frame } = screen();
    await press('c', 'a', KEYS.space);
    expect(frame()).toContain('▶ 请问您贵姓？');
    expect(frame()).toMatch(/✓ 开场白（报号）/);
    await press(KEYS.space);
    expect(frame()).toContain('称呼（回车确认，Esc 取消）');
    await press('张先生', KEYS.enter);
    expect(frame()).toContain('▶ 张先生，您反映的情况是……，我这样理解对吗？');
    expect(frame()).toMatch(/称呼 +张先生/);
  });

  it('on a projector the caller\'s name, phone, notes and summary show masked, as typed too; the log keeps them whole', async () => {
    const { press, frame, desk, store } = screen({ projector: true, followUps: true });
    await press('c', 'a', KEYS.space, KEYS.space, ...'张先生');
    expect(frame()).toContain('称呼（回车确认，Esc 取消）');
    expect(frame()).toContain('张**');
    expect(frame()).not.toContain('张先生');
    await press(KEYS.enter, 'f', '2', ...'13612341137', KEYS.enter);
    expect(frame()).toContain('▶ 张**，您反映的情况是……，我这样理解对吗？');
    expect(frame()).toMatch(/电话 +136\*\*\*\*1137/);
    await press('n', ...'客户说他住在幸福路8号');
    expect(frame()).toContain(`备注（回车确认，Esc 取消）：${'*'.repeat(11)}`);
    await press(KEYS.enter, 'b', '2', 'e', '2', '3', 'w', ...'多扣费', KEYS.enter);
    expect(frame()).not.toMatch(/13612341137|幸福路|多扣费|张先生/);
    expect(desk.snapshot.context.fields).toMatchObject({ name: '张先生', phone: '13612341137' });
    await press('s', 'o');
    expect(frame()).toMatch(/1 T1 +未到期 +张\*\* 136\*\*\*\*1137 费用争议/);
    expect(store.openFollowUps()[0]!.caller).toMatchObject({ name: '张先生', phone: '13612341137' });
  });

  it('keys that arrive in one burst are all kept: a name with its Enter, a menu and its digit', async () => {
    const { press, frame, desk, ui } = screen();
    await press('c', 'a', KEYS.space, KEYS.space);
    ui.stdin.write('王女士\r'); // an input method's commit and Enter, in one chunk
    ui.stdin.write(' ');
    ui.stdin.write('b');
    ui.stdin.write('2');
    await tick();
    expect(desk.snapshot.context.fields.name).toBe('王女士');
    expect(desk.snapshot.context.steps.restate?.status).toBe('done');
    expect(desk.snapshot.context.branchIds.at(-1)).toBe('complaint');
    expect(frame()).toContain('▶ 您的投诉和反映的情况已经受理');
  });

  it('the thanks after a hold does not open the name field of the line it stood in front of', async () => {
    const { press, frame, desk } = screen();
    await press('c', 'a', KEYS.space, 'h', KEYS.space, 'h', KEYS.space);
    expect(frame()).not.toContain('称呼（回车确认');
    expect(frame()).toContain('▶ 请问您贵姓？');
    await press('e');
    expect(desk.snapshot.matches('wrapUp')).toBe(true);
  });

  it('holds: ask to wait, on hold with its timer, check-back due at 30 s, thanks after', async () => {
    const { press, frame, clock } = screen();
    await press('c', 'a', KEYS.space, 'h');
    expect(frame()).toContain('▶ 请您稍等，我帮您查询一下。');
    await press(KEYS.space);
    expect(frame()).toContain('客户保持中。按 h 恢复通话。');
    expect(frame()).toContain('保持 00:00');
    clock.increment(31_000);
    await tick();
    await tick();
    expect(frame()).toMatch(/保持 00:31 ⚠/);
    expect(frame()).toContain('▶ 对不起，让您久等了，还在为您查询，请您再稍等。');
    await press(KEYS.space, 'h');
    expect(frame()).toContain('▶ 对不起，让您久等了，我们会尽快帮您查询。');
    await press(KEYS.space);
    expect(frame()).toMatch(/✓ 请稍等（保持前） +R-HOLD-ASK/);
    expect(frame()).toMatch(/✓ 致谢等待（保持后） +R-HOLD-BACK/);
  });

  it('branches from a menu by digit; the counter shows for out-of-scope', async () => {
    const { press, frame } = screen();
    await press('c', 'a', KEYS.space, 'b');
    expect(frame()).toContain('选择分支（数字键）');
    expect(frame()).toContain('4 不属受理范围');
    await press('4');
    expect(frame()).toContain('▶ 对不起，您所反映的情况不属于我们的受理范围');
    await press(KEYS.space, KEYS.space);
    expect(frame()).toContain('已解释 2/3 次');
    await press(KEYS.space);
    expect(frame()).toContain('▶ 很抱歉这个问题我们无法受理，感谢您的来电，再见！');
  });

  it('wrap-up: refuses to save without a reason, picks by group and digit or by typing, saves, and is ready again', async () => {
    const { press, frame, store } = screen();
    await press('c', 'a', KEYS.space, 'b', '5', KEYS.space, 'e');
    expect(frame()).toContain('话后处理');
    // The wrong-number branch preselected its reason; take it off to see the refusal.
    await press('4', '2');
    await press('s');
    expect(frame()).toContain('请先选择来电原因（R-REASON）');
    await press('2');
    expect(frame()).toContain('来电原因 · 投诉');
    await press('3');
    expect(frame()).toContain('2 投诉 ✓ 费用争议');
    await press('/', '进', '度');
    expect(frame()).toContain('筛选：进度');
    expect(frame()).toMatch(/1 {3}进度查询/);
    await press('1');
    expect(frame()).toContain('1 业务咨询 ✓ 进度查询');
    await press('w', '打错了，查询进度', KEYS.enter, 's');
    expect(frame()).toContain('已保存第 1 通。等待下一通来电。');
    expect(frame()).toContain('等待来电。');
    const [call] = store.recentCalls(1);
    expect(call!.reasons.map((r) => r.label)).toEqual(['费用争议', '进度查询']);
    expect(call!.summary).toBe('打错了，查询进度');
  });

  it('strict mode says why it will not move on', async () => {
    const { press, frame } = screen({ strict: true });
    await press('c', 'a', KEYS.tab);
    expect(frame()).toContain('严格模式：本阶段还有必做步骤未完成：开场白（报号）');
    await press('h');
    expect(frame()).toContain('严格模式：本阶段还有必做步骤未完成：开场白（报号）');
    await press(KEYS.space, 'h', KEYS.space, 'h', KEYS.right);
    expect(frame()).toContain('严格模式：请先感谢客户的等待（按空格，R-HOLD-BACK）');
    await press(KEYS.space);
    expect(frame()).not.toContain('严格模式'); // the refusal goes once the call moves on
  });

  it('wrap-up marks the reason group the branch suggests; Enter opens it, digits keep their meaning', async () => {
    const { press, frame, desk } = screen();
    await press('c', 'a', KEYS.space, KEYS.space, KEYS.enter, 'b', '2', KEYS.space, KEYS.space, KEYS.space, 'e');
    expect(frame()).toMatch(/2 投诉 ← 回车/);
    await press('1');
    expect(frame()).toContain('来电原因 · 业务咨询'); // 1 is still the first group
    await press(KEYS.escape, KEYS.enter);
    expect(frame()).toContain('来电原因 · 投诉');
    await press('3');
    expect(desk.snapshot.context.reasons).toEqual(['COMPLAINT-BILLING']);
  });

  it('x asks before hanging up on a customer; Esc stays on the call; the save line names what cost the points', async () => {
    const { press, frame, desk } = screen();
    await press('c', 'x');
    expect(frame()).toContain('要拒接这通来电吗？再按 x 拒接，Esc 取消。');
    await press(KEYS.escape, 'a', KEYS.space, 'x');
    expect(frame()).toContain('要挂断客户的电话吗？规范是客户先挂机，挂断会记为未达标（R-THEY-HANG-UP）。再按 x 挂机，Esc 取消。');
    expect(desk.snapshot.matches('live')).toBe(true);
    await press(KEYS.space); // other keys wait for the answer
    expect(desk.snapshot.context.steps.surname?.status).toBe('todo');
    await press(KEYS.escape);
    expect(frame()).not.toContain('要挂断客户的电话吗');
    expect(desk.snapshot.matches('live')).toBe(true);
    await press('x', 'x');
    expect(desk.snapshot.context.hungUpBy).toBe('agent');
    await press('1', '1', 's');
    // Not a bare number: the items that failed, with the rules behind them.
    const saveLine = frame().replace(/\n /g, ''); // the message wraps
    expect(saveLine).toMatch(/评分 0 分（一票否决：R-THEY-HANG-UP），扣分项：.*H R-ANYTHING-ELSE、R-THEY-HANG-UP/);
  });

  it('the x question is about the call as it was: answered on the handset meanwhile, a second x asks again instead of hanging up', async () => {
    const { press, frame, desk } = screen();
    await press('c', 'x');
    expect(frame()).toContain('要拒接这通来电吗？');
    desk.send({ type: 'ANSWER' }); // picked up on the phone itself
    await tick();
    expect(frame()).not.toContain('要拒接这通来电吗？');
    await press('x');
    expect(desk.snapshot.matches('live')).toBe(true);
    expect(frame()).toContain('要挂断客户的电话吗？');
  });

  it('the key that hangs up is named as the agent set it', async () => {
    const { press, frame, desk } = screen({ keys: { agentHangUp: 'j' } });
    await press('c', 'a', 'j');
    expect(frame()).toContain('再按 j 挂机，Esc 取消。');
    await press('j');
    expect(desk.snapshot.context.hungUpBy).toBe('agent');
  });

  it('hints and questions name the keys as the agent moved them: hold=p, quit=w', async () => {
    const { press, frame } = screen({ keys: { hold: 'p', quit: 'w', ring: 'g' } });
    expect(frame()).toContain('等待来电。电话响起时按 g。');
    await press('g', 'a', 'p');
    expect(frame()).toContain('再按 p 直接保持');
    await press(KEYS.escape, 'w');
    expect(frame()).toContain('再按 w 退出，Esc 取消。');
  });

  it('a silent line: asked three times, closed politely, and the agent\'s hang-up is then no fault', async () => {
    const { press, frame, desk, store } = screen();
    await press('c', 'a', KEYS.space, 'b');
    expect(frame()).toContain('9 无声电话');
    await press('9');
    expect(frame()).toContain('▶ 您好！这里是天天公司客服中心，请问您能听到我说话吗？');
    await press(KEYS.space, KEYS.space, KEYS.space);
    expect(frame()).toContain('▶ 对不起，听不到您的声音，请您换一部电话再打过来。谢谢您的来电，再见！');
    await press(KEYS.space, 'x');
    expect(frame()).toContain('已按规范解释完毕，可以结束通话。再按 x 挂机，Esc 取消。');
    await press('x');
    expect(desk.snapshot.context.steps['they-hang-up']?.status).toBe('skipped');
    await press('s'); // its reason was ticked by the branch
    const [call] = store.recentCalls(1);
    expect(call).toMatchObject({ hungUpBy: 'agent', reasons: [{ code: 'OTHER-SILENT' }] });
    expect(call!.rules.find((rule) => rule.rule === 'R-THEY-HANG-UP')).toBeUndefined();
    expect(call!.scorecard!.instantFail).toEqual([]);
    expect(frame()).toMatch(/评分 100 分。/);
  });

  it('what the log still owes is never lost without a word: q asks first between calls, s writes it', async () => {
    const { press, frame, desk, store, clock } = screen();
    const db = (store as unknown as { log: { db: Database.Database } }).log.db;
    // The log full to its last page: a missed call with a long SIP name does not fit.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    desk.logUnanswered({ number: '13900001111', name: '李'.repeat(6_000), callId: 'B', ringAt: clock.now() - 20_000, endedAt: clock.now(), by: 'caller' });
    await tick();
    expect(frame()).toContain('未接来电没能记入记录');
    expect(frame()).toContain('s 保存并就绪'); // offered: s tries again
    await press('q');
    expect(frame()).toContain('还有内容没能写进通话记录（见上方红字），现在退出就会丢失。');
    await press(KEYS.escape);
    db.pragma('max_page_count = 1073741823');
    await press('s');
    expect(frame()).not.toContain('未接来电没能记入记录');
    expect(frame()).not.toContain('s 保存并就绪');
    expect(store.recentCalls(1)[0]).toMatchObject({ outcome: 'missed', caller: { phone: '13900001111' } });
  });

  it('q during a call asks first; Esc stays', async () => {
    const { press, frame } = screen();
    await press('c', 'a', 'q');
    expect(frame()).toContain('通话未结束。通话已保存在记录中');
    await press(KEYS.escape);
    expect(frame()).not.toContain('通话未结束');
    expect(frame()).toContain('▶ 您好！');
  });

  it('m opens the call map: where the call is, where it has been, what can happen next', async () => {
    const { press, frame } = screen();
    await press('c', 'a', KEYS.space, 'h', KEYS.space, 'm');
    expect(frame()).toContain('通话地图：▶ 当前  ✓ 已经过');
    expect(frame()).toMatch(/✓ 振铃中/);
    expect(frame()).toMatch(/✓ 问候 +✓ 开场白（报号）/);
    expect(frame()).toMatch(/▶ 信息收集（保持中） +○ 请问贵姓/);
    expect(frame()).toMatch(/^ {3}解答 +分支：/m); // not reached yet
    expect(frame()).toContain('h 保持 → 保持中 → 信息收集');
    expect(frame()).not.toMatch(/live|onHold|HOLD/);
    await press('x');
    expect(frame()).toContain('客户保持中');
  });

  it('? shows every key from the keymap, with overrides', async () => {
    const { press, frame } = screen({ keys: { hold: 'p' } });
    await press('?');
    expect(frame()).toContain('按键（任意键关闭）');
    expect(frame()).toMatch(/p +保持/);
    expect(frame()).toMatch(/Tab +下一阶段/);
    await press('x');
    await press('c', 'a', KEYS.space, 'p');
    expect(frame()).toContain('▶ 请您稍等');
  });

  it('a company the pack leaves to the desk, not set yet, shows in the opening line as a prompt, not as a raw {company}', async () => {
    const { press, frame } = screen({ variables: { agentNumber: '1024', agentName: '王敏' } });
    await press('c', 'a');
    expect(frame()).toContain('〔公司？〕');
    expect(frame()).not.toContain('{company}');
  });

  it('a caller field not filled yet shows in the line as a prompt, not as a raw {variable}', async () => {
    const { press, frame } = screen({ pack: loadPackFile(packPath('zh-CN/telecom.yaml')) });
    await press('c', 'a', KEYS.space, KEYS.escape, KEYS.tab, 'b', '4', KEYS.space);
    expect(frame()).toContain('区号（回车确认，Esc 取消）');
    await press(KEYS.escape);
    expect(frame()).toContain('即重新拨打〔区号？〕');
    expect(frame()).not.toContain('{areaCode}');
    await press('f', '4', '0769', KEYS.enter);
    expect(frame()).toContain('即重新拨打076910086');
  });

  it('the header says night service inside the pack\'s night hours (R-NIGHT)', async () => {
    const telecom = loadPackFile(packPath('zh-CN/telecom.yaml'));
    const night = screen({ pack: telecom, timeOfDay: () => new Date(2026, 10, 24, 23, 45) });
    await tick();
    expect(night.frame()).toContain('夜间服务');
    const day = screen({ pack: telecom, timeOfDay: () => new Date(2026, 10, 24, 10, 0) });
    await tick();
    expect(day.frame()).not.toContain('夜间服务');
  });

  it('night service shows when 23:30 comes on an idle screen, and goes at 07:30 (R-NIGHT)', async () => {
    const telecom = loadPackFile(packPath('zh-CN/telecom.yaml'));
    const { frame, clock } = screen({ pack: telecom, startAt: new Date(2026, 10, 24, 23, 29, 0).getTime() });
    await tick();
    expect(frame()).not.toContain('夜间服务');
    clock.increment(61_000); // 23:30:01, nothing pressed
    await tick();
    expect(frame()).toContain('夜间服务');
    clock.increment(8 * 3_600_000); // 07:30:01
    await tick();
    expect(frame()).not.toContain('夜间服务');
  });

  it('the English pack speaks English', async () => {
    const { press, frame } = screen({ pack: loadPackFile(packPath('en/hotline.yaml')) });
    await press('c', 'a');
    expect(frame()).toContain('space said it');
    expect(frame()).toContain('Courtesy steps');
  });

  it('Chinese rows line up: the rule column starts at the same display column on every checklist row', async () => {
    const { press, frame } = screen();
    await press('c', 'a', KEYS.space, KEYS.space, '张先生', KEYS.enter);
    const rows = frame().split('\n').filter((line) => / R-[A-Z-]+/.test(line) && /[✓○✗–]/.test(line));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const columns = rows.map((line) => stringWidth(line.slice(0, line.indexOf(' R-'))));
    expect(new Set(columns).size).toBe(1);
    for (const line of frame().split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(100);
  });
});
