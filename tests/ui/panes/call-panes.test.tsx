/** The live screen's panes, each rendered alone: header, phase bar, checklist, context pane, help bar, scorecard, line editor, timer. */
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_INSTANT_FAIL, SCORE_ITEMS, scoreCall, totalOf } from '../../../machines/scorecard.js';
import { shownCall } from '../../../src/privacy.js';
import { applyOverrides, EDIT_KEYS } from '../../../src/ui/keys/keymap.js';
import { Checklist } from '../../../src/ui/panes/Checklist.js';
import { ContextPane } from '../../../src/ui/panes/ContextPane.js';
import { loadSpell } from '../../../src/ui/keys/pinyin.js';
import { Elapsed } from '../../../src/ui/panes/Elapsed.js';
import { Header, type HeaderProps } from '../../../src/ui/panes/Header.js';
import { HelpBar } from '../../../src/ui/panes/HelpBar.js';
import { LineEditor } from '../../../src/ui/panes/LineEditor.js';
import { PhaseBar } from '../../../src/ui/panes/PhaseBar.js';
import { ScorecardView } from '../../../src/ui/panes/ScorecardView.js';
import { checklist, screenState } from '../../../src/ui/view.js';
import { callAfter, en, linesOf, zh } from './panes.js';

// Every render is unmounted after its test: a timer left mounted would keep its ticker running.
const mounted: (() => void)[] = [];
function shown(node: ReactElement) {
  const ui = render(node);
  mounted.push(() => ui.unmount());
  return ui;
}
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
  vi.useRealTimers();
});

/** Ink draws colours only where the terminal has them: these tests give it one that does. */
function withColours() {
  let before = chalk.level;
  beforeEach(() => {
    before = chalk.level;
    chalk.level = 3;
  });
  afterEach(() => {
    chalk.level = before;
  });
}
const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';
/** Whether `text` is drawn in the colour whose code is `colour` (bold may come between). */
const drawnIn = (frame: string | undefined, colour: string, text: string) => new RegExp(`${colour.replace('[', '\\[')}(?:\\u001b\\[1m)?${text}`).test(frame ?? '');

/** The display column where `part` starts on `line`. */
const columnOf = (line: string, part: string) => stringWidth(line.slice(0, line.indexOf(part)));

const AGENT = '工号 1024 张三';

/** The header of the call as it stands, on its clock. */
function headerOf(call: ReturnType<typeof callAfter>, props: Partial<HeaderProps> = {}) {
  const snapshot = call.session.snapshot;
  return (
    <Header packName={call.pack.name} agent={AGENT} state={screenState(snapshot)} ctx={snapshot.context} clock={call.clock} text={zh} night={false} columns={100} {...props} />
  );
}

describe('Header', () => {
  it('names the pack and the agent on the left, the call state and the talk and ring timers on the right, within the width', () => {
    const call = callAfter('RING');
    call.clock.increment(12_000);
    call.session.send({ type: 'ANSWER' });
    call.clock.increment(65_000);
    const lines = linesOf(shown(headerOf(call)).lastFrame());
    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    expect(line).toMatch(/^ Ringside · 通用客服热线 · 工号 1024 张三 +通话中 +通话 01:05 +响铃 12s$/);
    expect(stringWidth(line)).toBeLessThanOrEqual(99);
    expect(line).not.toContain('⚠');
    expect(line).not.toContain(zh.night);
  });

  it('with no agent set (a class laptop) the pack name ends the left side, no separator left hanging', () => {
    const line = linesOf(shown(headerOf(callAfter(), { agent: '' })).lastFrame())[0]!;
    expect(line).toMatch(/^ Ringside · 通用客服热线 +空闲/);
    expect(line).not.toMatch(/·\s*$|· +空闲/);
  });

  it('the talk figure moves with the clock; the ring figure stops at the answer; a hang-up stops talk and starts wrap-up', () => {
    const call = callAfter('RING');
    call.clock.increment(4_000);
    call.session.send({ type: 'ANSWER' });
    const ui = shown(headerOf(call));
    expect(ui.lastFrame()).toContain('通话 00:00');
    call.clock.increment(95_000);
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).toContain('通话 01:35');
    expect(ui.lastFrame()).toContain('响铃 4s');
    call.session.send({ type: 'CALLER_HANG_UP' });
    call.clock.increment(20_000);
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).toMatch(/话后处理 +通话 01:35 +响铃 4s +话后 00:20$/);
  });

  it('the ring figure warns past three rings (⚠ at the pack\'s 15 s)', () => {
    const call = callAfter('RING');
    call.clock.increment(14_000);
    const ui = shown(headerOf(call));
    expect(ui.lastFrame()).toMatch(/振铃中 +响铃 14s$/);
    call.clock.increment(1_000);
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).toMatch(/响铃 15s ⚠$/);
  });

  it('on hold the hold figure shows beside talk and warns at the check-back moment (30 s); wrap-up warns at 60 s', () => {
    const call = callAfter('RING', 'ANSWER', 'SAY', 'HOLD', 'SAY');
    expect(screenState(call.session.snapshot)).toBe('hold');
    call.clock.increment(29_000);
    const ui = shown(headerOf(call));
    expect(ui.lastFrame()).toMatch(/保持中 +通话 00:29 +保持 00:29 +响铃 0s$/);
    call.clock.increment(1_000);
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).toContain('保持 00:30 ⚠');
    // Back from hold: the hold figure goes, talk goes on.
    call.session.send({ type: 'HOLD' });
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).not.toContain('保持 ');
    expect(ui.lastFrame()).toContain('通话中');
    call.session.send({ type: 'CALLER_HANG_UP' });
    call.clock.increment(59_000);
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).toMatch(/话后 00:59$/);
    call.clock.increment(1_000);
    ui.rerender(headerOf(call));
    expect(ui.lastFrame()).toMatch(/话后 01:00 ⚠$/);
  });

  describe('in colour', () => {
    withColours();
    it('a timer turns yellow near its limit and red at it', () => {
      const call = callAfter('RING', 'ANSWER', 'SAY', 'HOLD', 'SAY');
      call.clock.increment(23_000);
      const ui = shown(headerOf(call));
      expect(ui.lastFrame()).toContain('保持 00:23');
      expect(drawnIn(ui.lastFrame(), YELLOW, '保持')).toBe(false);
      // 80% of the check-back moment.
      call.clock.increment(1_000);
      ui.rerender(headerOf(call));
      expect(drawnIn(ui.lastFrame(), YELLOW, '保持 00:24')).toBe(true);
      call.clock.increment(6_000);
      ui.rerender(headerOf(call));
      expect(drawnIn(ui.lastFrame(), RED, '保持 00:30 ⚠')).toBe(true);
      // Talk has no limit: never coloured.
      expect(drawnIn(ui.lastFrame(), YELLOW, '通话')).toBe(false);
      expect(drawnIn(ui.lastFrame(), RED, '通话')).toBe(false);
    });
  });

  it('a finished call the log could not take says 未写入, never 已保存', () => {
    const call = callAfter('RING', 'ANSWER', 'SAY', 'CALLER_HANG_UP', { type: 'TOGGLE_REASON', code: 'INFO-PRICE' }, 'SAVE');
    expect(screenState(call.session.snapshot)).toBe('logged');
    const saved = shown(headerOf(call));
    expect(saved.lastFrame()).toContain(' 已保存 ');
    const unwritten = shown(headerOf(call, { unwritten: true }));
    expect(unwritten.lastFrame()).toContain(' 未写入 ');
    expect(unwritten.lastFrame()).not.toContain('已保存');
    // A call still going is not "unwritten": the flag only speaks of a finished call.
    const live = callAfter('RING', 'ANSWER');
    expect(shown(headerOf(live, { unwritten: true })).lastFrame()).toContain(' 通话中 ');
  });

  it('the phone link\'s label follows the agent; night hours are named', () => {
    const call = callAfter();
    const linked = shown(headerOf(call, { link: { text: '话机已连接', color: 'green' }, night: true }));
    const [line] = linesOf(linked.lastFrame()) as [string];
    expect(line).toMatch(/^ Ringside · 通用客服热线 · 工号 1024 张三 · 夜间服务 ● 话机已连接 +空闲$/);
    expect(stringWidth(line)).toBeLessThanOrEqual(99);
    const plain = linesOf(shown(headerOf(call)).lastFrame())[0]!;
    expect(plain).toMatch(/^ Ringside · 通用客服热线 · 工号 1024 张三 +空闲$/);
  });

  it('from 60 columns up the Chinese left side is cut by display width: one row, never past the edge, the state and the timers always whole', () => {
    const call = callAfter('RING');
    call.clock.increment(3_000);
    call.session.send({ type: 'ANSWER' });
    call.session.send({ type: 'SAY' });
    call.session.send({ type: 'HOLD' });
    call.session.send({ type: 'SAY' });
    call.clock.increment(7_000);
    const whole = ` Ringside · 通用客服热线 · ${AGENT} · 夜间服务`;
    // (up to 100: ink-testing-library's terminal is 100 columns)
    for (let columns = 60; columns <= 100; columns++) {
      const lines = linesOf(shown(headerOf(call, { columns, night: true, link: { text: '话机', color: 'green' } })).lastFrame());
      expect(lines, `columns ${columns}`).toHaveLength(1);
      const [line] = lines as [string];
      expect(stringWidth(line), `columns ${columns}`).toBeLessThanOrEqual(columns - 1);
      expect(line, `columns ${columns}`).toMatch(/ 保持中 +通话 00:07 +保持 00:07 +响铃 3s$/);
      // The name whole, or cut (saying so) where the room ends, or left out when too little room is left.
      const left = line.slice(0, line.indexOf(' ● '));
      if (left !== whole && left !== '') {
        expect(left.endsWith('…'), `columns ${columns}: ${line}`).toBe(true);
        expect(whole.startsWith(left.slice(0, -1)), `columns ${columns}: ${line}`).toBe(true);
      }
    }
    expect(linesOf(shown(headerOf(call, { columns: 60 })).lastFrame())[0]).not.toContain('Ringside');
    expect(linesOf(shown(headerOf(call, { columns: 100 })).lastFrame())[0]!.startsWith(` Ringside · 通用客服热线 · ${AGENT} `)).toBe(true);
  });
});

describe('Elapsed', () => {
  it('shows mm:ss (or seconds) since its start on the clock given, and stops where told', () => {
    const { clock } = callAfter();
    const since = clock.now();
    clock.increment(125_000);
    expect(shown(<Elapsed label="通话" since={since} clock={clock} />).lastFrame()).toBe('通话 02:05');
    expect(shown(<Elapsed label="响铃" since={since} clock={clock} seconds />).lastFrame()).toBe('响铃 125s');
    const stopped = shown(<Elapsed label="通话" since={since} until={since + 61_000} clock={clock} />);
    clock.increment(60_000);
    stopped.rerender(<Elapsed label="通话" since={since} until={since + 61_000} clock={clock} />);
    expect(stopped.lastFrame()).toBe('通话 01:01');
    // An hour and more stays in minutes.
    expect(shown(<Elapsed label="通话" since={since - 3_600_000} clock={clock} />).lastFrame()).toBe('通话 63:05');
  });

  it('ticks by itself each tick, with nothing above it redrawn', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { clock } = callAfter();
    const ui = shown(<Elapsed label="保持" since={clock.now()} clock={clock} tickMs={250} />);
    expect(ui.lastFrame()).toBe('保持 00:00');
    clock.increment(61_000);
    vi.advanceTimersByTime(250);
    // React draws a turn or more after the tick (more on a busy machine): wait for the frame, not a fixed turn.
    await vi.waitFor(() => expect(ui.lastFrame()).toBe('保持 01:01'));
  });

  it('⚠ at the alarm, not before', () => {
    const { clock } = callAfter();
    const since = clock.now();
    clock.increment(29_999);
    expect(shown(<Elapsed label="保持" since={since} clock={clock} warnMs={24_000} alarmMs={30_000} />).lastFrame()).toBe('保持 00:29');
    clock.increment(1);
    expect(shown(<Elapsed label="保持" since={since} clock={clock} warnMs={24_000} alarmMs={30_000} />).lastFrame()).toBe('保持 00:30 ⚠');
  });
});

describe('PhaseBar', () => {
  it('the phases passed are ticked, the current one is marked, the ones to come are plain', () => {
    const { ctx } = callAfter('RING', 'ANSWER', 'SAY');
    expect(ctx.phase).toBe('gathering');
    const [line] = linesOf(shown(<PhaseBar phase={ctx.phase} text={zh} />).lastFrame()) as [string];
    expect(line).toBe(' 问候 ✓ ›  信息收集  › 解答 › 结束 › 话后');
  });

  it('in wrap-up every call phase is ticked and 话后 is marked; before a call nothing is', () => {
    const { session } = callAfter('RING', 'ANSWER', 'SAY', 'CALLER_HANG_UP');
    expect(screenState(session.snapshot)).toBe('wrapUp');
    expect(linesOf(shown(<PhaseBar phase="wrapUp" text={zh} />).lastFrame())[0]).toBe(' 问候 ✓ › 信息收集 ✓ › 解答 ✓ › 结束 ✓ ›  话后');
    const idle = linesOf(shown(<PhaseBar phase={null} text={zh} />).lastFrame())[0]!;
    expect(idle).toBe(' 问候 › 信息收集 › 解答 › 结束 › 话后');
  });

  describe('in colour', () => {
    withColours();
    it('the current phase is drawn inverse', () => {
      const frame = shown(<PhaseBar phase="answering" text={zh} />).lastFrame() ?? '';
      expect(frame).toMatch(/\u001b\[7m(?:\u001b\[1m)? 解答 /);
      expect(frame).not.toMatch(/\u001b\[7m(?:\u001b\[1m)? 问候 /);
    });
  });
});

describe('Checklist', () => {
  // Opening said, the rest of gathering and answering skipped, then a hold without its thanks.
  const call = () => {
    const c = callAfter('RING', 'ANSWER', 'SAY', 'HOLD', 'SAY', 'HOLD', 'NEXT_PHASE', 'NEXT_PHASE');
    return { ...c, rows: checklist(c.session.snapshot.context) };
  };

  it('done ✓, missed ✗ and to do ○, the current step marked ›, each with its first rule ID in one column', () => {
    const { rows } = call();
    const lines = linesOf(shown(<Checklist rows={rows} text={zh} width={50} maxRows={20} />).lastFrame());
    expect(lines[0]).toBe(' 礼貌步骤');
    const steps = lines.slice(1);
    expect(steps).toHaveLength(rows.length);
    expect(steps[0]).toMatch(/^ ✓ 开场白（报号） +R-OPEN$/);
    expect(steps[1]).toMatch(/^ ✗ 请问贵姓 +R-SURNAME$/);
    expect(steps.find((line) => line.includes('还有其他需要吗'))).toMatch(/^›○ 还有其他需要吗 +R-ANYTHING-ELSE$/);
    expect(steps.find((line) => line.includes('请稍等（保持前）'))).toMatch(/^ ✓ /);
    expect(steps.find((line) => line.includes('致谢等待（保持后）'))).toMatch(/^ ✗ .* R-HOLD-BACK$/);
    expect(steps.filter((line) => line.startsWith('›'))).toHaveLength(1);
    // Labels of different display widths (开场白(报号), 请问贵姓, 客户先挂机): the rule IDs start in one column.
    expect(new Set(steps.map((line) => columnOf(line, 'R-')))).toEqual(new Set([50 - 17]));
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(50);
  });

  it('short of rows, a window around the current step', () => {
    const { rows } = call();
    const lines = linesOf(shown(<Checklist rows={rows} text={zh} width={50} maxRows={4} />).lastFrame()).filter(Boolean);
    expect(lines).toHaveLength(5);
    const steps = lines.slice(1);
    expect(steps.map((line) => line.slice(3).split(/\s+R-/)[0]!.trim())).toEqual(['解答', '提醒注意事项', '还有其他需要吗', '回敬致谢']);
    expect(lines.join('\n')).not.toContain('开场白');
  });

  it('a narrow pane keeps the steps\' names and drops the rule IDs; a long name is cut, not wrapped', () => {
    const { rows } = call();
    const lines = linesOf(shown(<Checklist rows={rows} text={zh} width={12} maxRows={20} />).lastFrame());
    expect(lines.join('\n')).not.toContain('R-');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[1]).toBe(' ✓ 开场白…');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(12);
  });
});

describe('ContextPane', () => {
  const isPrivate = (id: string) => ['name', 'phone', 'address'].includes(id);
  const filled = () =>
    callAfter(
      'RING',
      'ANSWER',
      'SAY',
      { type: 'CHOOSE_BRANCH', branch: 'find-person' },
      { type: 'SET_FIELD', field: 'name', value: '张先生' },
      { type: 'SET_FIELD', field: 'phone', value: '13812345678' },
      { type: 'SET_FIELD', field: 'address', value: '北京市海淀区中关村大街1号' },
      { type: 'SET_FIELD', field: 'callerCompany', value: '天天公司' },
      { type: 'ADD_NOTE', text: '客户很着急' },
    );

  it('the caller\'s details as given: masked on a projector, whole at the desk; values in one column', () => {
    const { ctx, pack } = filled();
    const masked = linesOf(shown(<ContextPane pane="auto" state="live" ctx={shownCall('projector', ctx, isPrivate)} pack={pack} text={zh} width={40} group={null} filter={null} />).lastFrame());
    expect(masked).toEqual(['来电人', '称呼    张**', '电话    138****5678', '地址    北京市***', '单位    天天公司', '分支    来电找人', '备注    *****']);
    const frame = masked.join('\n');
    for (const secret of ['张先生', '13812345678', '海淀', '着急']) expect(frame).not.toContain(secret);
    const whole = linesOf(shown(<ContextPane pane="auto" state="live" ctx={ctx} pack={pack} text={zh} width={40} group={null} filter={null} />).lastFrame());
    expect(whole).toContain('地址    北京市海淀区中关村大街1号');
    expect(whole).toContain('备注    客户很着急');
    // A value longer than the pane is cut to it; English labels too wide for the label column are cut, values still line up.
    const narrow = linesOf(shown(<ContextPane pane="auto" state="live" ctx={ctx} pack={pack} text={en} width={20} group={null} filter={null} />).lastFrame());
    expect(narrow).toEqual(['Caller', 'Name    张先生', 'Phone   13812345678', 'Address 北京市海淀…', '单位    天天公司', 'Branch  来电找人', 'Notes   客户很着急']);
  });

  it('the branch menu: each branch with its digit, the one taken ✓, the one it leads to ←', () => {
    const { ctx, pack } = filled();
    const lines = linesOf(shown(<ContextPane pane="branches" state="live" ctx={ctx} pack={pack} text={zh} width={40} group={null} filter={null} />).lastFrame());
    expect(lines[0]).toBe('选择分支（数字键）');
    expect(lines.slice(1)).toEqual(pack.branches.map((b) => `${b.hotkey} ${b.label}${b.id === 'find-person' ? ' ✓' : ''}${b.id === 'take-message' ? ' ←' : ''}`));
  });

  it('the caller menu: each field with its digit and what it holds (masked as given)', () => {
    const { ctx, pack } = filled();
    const lines = linesOf(shown(<ContextPane pane="fields" state="live" ctx={shownCall('projector', ctx, isPrivate)} pack={pack} text={zh} width={40} group={null} filter={null} />).lastFrame());
    expect(lines).toEqual(['填写来电人信息（数字键）', '1 称呼  张**', '2 电话  138****5678', '3 地址  北京市***', '4 区号', '5 单位  天天公司']);
  });

  describe('wrap-up: the reason picker', () => {
    const wrapUp = () => callAfter('RING', 'ANSWER', 'SAY', { type: 'CHOOSE_BRANCH', branch: 'complaint' }, 'CALLER_HANG_UP', { type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' }, { type: 'SET_SUMMARY', text: '多扣五十元' });

    it('the groups with their digits, what is chosen under its group, the branch\'s group suggested; the summary and the ticket', () => {
      const { ctx, pack, session } = wrapUp();
      expect(screenState(session.snapshot)).toBe('wrapUp');
      const lines = linesOf(shown(<ContextPane pane="auto" state="wrapUp" ctx={ctx} pack={pack} text={zh} width={40} group={null} filter={null} />).lastFrame());
      expect(lines).toEqual(['来电原因', '1 业务咨询', '2 投诉 ✓ 费用争议 ← 回车', '3 建议', '4 其他', '小结    多扣五十元', '工单    投诉工单']);
    });

    it('a group opened: its reasons with their own digits, the chosen one ✓', () => {
      const { ctx, pack } = wrapUp();
      const lines = linesOf(shown(<ContextPane pane="auto" state="wrapUp" ctx={ctx} pack={pack} text={zh} width={40} group="2" filter={null} />).lastFrame());
      expect(lines.slice(0, 5)).toEqual(['来电原因 · 投诉', '1   服务态度', '2   产品质量', '3 ✓ 费用争议', '4   处理不及时']);
    });

    it('a filter: the matching reasons numbered 1 up, by label, code or group, any case; nothing matching says so', () => {
      const { ctx, pack } = wrapUp();
      const picker = (filter: string) => linesOf(shown(<ContextPane pane="auto" state="wrapUp" ctx={ctx} pack={pack} text={zh} width={40} group={null} filter={filter} />).lastFrame());
      expect(picker('费用').slice(0, 3)).toEqual(['来电原因  筛选：费用▏', '1   价格与费用 · 业务咨询', '2 ✓ 费用争议 · 投诉']);
      expect(picker('info').slice(1, 5)).toEqual(['1   产品与服务 · 业务咨询', '2   价格与费用 · 业务咨询', '3   办理流程 · 业务咨询', '4   进度查询 · 业务咨询']);
      expect(picker('建议').slice(1, 3)).toEqual(['1   产品建议 · 建议', '2   服务建议 · 建议']);
      expect(picker('退款').slice(0, 2)).toEqual(['来电原因  筛选：退款▏', '没有匹配的原因']);
    });

    it('a filter in pinyin: initials and whole readings, any case, each match beside its group', async () => {
      const { ctx, pack } = wrapUp();
      const spell = await loadSpell();
      const picker = (filter: string) => linesOf(shown(<ContextPane pane="auto" state="wrapUp" ctx={ctx} pack={pack} text={zh} width={40} group={null} filter={filter} spell={spell} />).lastFrame());
      expect(picker('jdcx').slice(0, 3)).toEqual(['来电原因  筛选：jdcx▏', '1   进度查询 · 业务咨询', '小结    多扣五十元']);
      expect(picker('JinDu').slice(1, 3)).toEqual(['1   进度查询 · 业务咨询', '小结    多扣五十元']);
      expect(picker('fyzy').slice(1, 2)).toEqual(['1 ✓ 费用争议 · 投诉']);
      // A group's name in pinyin finds its reasons.
      expect(picker('jianyi').slice(1, 3)).toEqual(['1   产品建议 · 建议', '2   服务建议 · 建议']);
    });

    it('more than nine: the first nine and the page said; the next page shows the tenth on with digits from 1', () => {
      const { ctx, pack } = wrapUp();
      const picker = (page: number) => linesOf(shown(<ContextPane pane="auto" state="wrapUp" ctx={ctx} pack={pack} text={zh} width={40} group={null} filter="" page={page} />).lastFrame());
      const first = picker(0);
      expect(first.slice(1, 11)).toEqual([
        '1   产品与服务 · 业务咨询', '2   价格与费用 · 业务咨询', '3   办理流程 · 业务咨询', '4   进度查询 · 业务咨询',
        '5   服务态度 · 投诉', '6   产品质量 · 投诉', '7 ✓ 费用争议 · 投诉', '8   处理不及时 · 投诉', '9   产品建议 · 建议', '1/2 页  ←→ 翻页',
      ]);
      expect(picker(1).slice(1, 7)).toEqual(['1   服务建议 · 建议', '2   来电找人 · 其他', '3   打错电话 · 其他', '4   非受理范围 · 其他', '5   无声或骚扰 · 其他', '2/2 页  ←→ 翻页']);
    });
  });
});

describe('HelpBar', () => {
  const bar = applyOverrides({}).filter((entry) => entry.bar);

  it('the keys in the keymap\'s order of importance, each with its label; the ones that do not fit are left out, help kept last', () => {
    const [line] = linesOf(shown(<HelpBar commands={bar} language="zh-CN" width={99} />).lastFrame()) as [string];
    expect(line.startsWith(' . 下一步（课堂演示）  c 来电  o 回访  a/回车 接听  空格 已说  h 保持  e 客户挂机  b 分支')).toBe(true);
    expect(line.endsWith('  ? 帮助')).toBe(true);
    expect(line).not.toContain('q 退出');
    // While the call rings, few keys work: all of them show.
    const ringing = bar.filter((entry) => ['answer', 'agentHangUp', 'help', 'quit'].includes(entry.command));
    expect(linesOf(shown(<HelpBar commands={ringing} language="zh-CN" width={99} />).lastFrame())[0]).toBe(' a/回车 接听  x 我挂机  q 退出  ? 帮助');
  });

  it('fitted to the width by display width with Chinese labels: one row, never past the edge, ? help always there', () => {
    // (up to 99: ink-testing-library's terminal is 100 columns)
    for (let width = 12; width <= 99; width++) {
      const lines = linesOf(shown(<HelpBar commands={bar} language="zh-CN" width={width} />).lastFrame());
      expect(lines, `width ${width}`).toHaveLength(1);
      const [line] = lines as [string];
      expect(stringWidth(line), `width ${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(line.endsWith('? 帮助'), `width ${width}`).toBe(true);
    }
    // A moved key is named as moved.
    const moved = linesOf(shown(<HelpBar commands={applyOverrides({ hold: 'p' }).filter((e) => e.bar)} language="zh-CN" width={99} />).lastFrame())[0]!;
    expect(moved).toContain('p 保持');
    expect(moved).not.toContain('h 保持');
  });

  it('while typing: the keep and cancel keys', () => {
    expect(linesOf(shown(<HelpBar commands={EDIT_KEYS} language="zh-CN" width={60} />).lastFrame())[0]).toBe(' 回车 确认  Esc 取消');
  });
});

describe('ScorecardView', () => {
  it('the total, each failure with its item, moment and rule, then every item A-N with its verdict', () => {
    // Answered at 12 s, the opening only after 65 s (R-OPEN-NOW), no reason chosen.
    const call = callAfter('RING');
    call.clock.increment(12_000);
    call.session.send({ type: 'ANSWER' });
    call.clock.increment(65_000);
    call.session.send({ type: 'SAY' });
    call.session.send({ type: 'CALLER_HANG_UP' });
    const ctx = call.session.snapshot.context;
    const card = scoreCall(ctx, { instantFail: DEFAULT_INSTANT_FAIL, reviewed: false });
    const lines = linesOf(shown(<ScorecardView card={card} since={ctx.answeredAt!} text={zh} language="zh-CN" columns={100} rows={40} />).lastFrame());
    expect(lines[0]).toBe(` ${zh.scoreResult(card.total, card.passed, card.judged)}  ${zh.anyKey}`);
    expect(lines[0]).toMatch(/评分 \d+ 分（\d+\/\d+ 项合格）/);
    expect(lines[1]).toBe(` ${zh.scoreCaption}`);
    expect(lines).toContainEqual(expect.stringMatching(/^ ✗ E 01:05 R-OPEN-NOW /));
    expect(lines).toContainEqual(expect.stringMatching(/^ ✗ N .* R-REASON /));
    // The reasons in the desk's language: on a Chinese screen, no English word beside the codes.
    expect(lines).toContain(' ✗ E 01:05 R-OPEN-NOW  接通65秒后才说开场白');
    expect(lines).toContainEqual(expect.stringMatching(/^ ✗ N .* R-REASON  0个来电原因$/));
    for (const line of lines.filter((l) => l.startsWith(' ✗ '))) expect(line.replace(/R-[A-Z0-9-]+/g, '')).not.toMatch(/[a-z]{2,}/i);
    const items = lines.filter((line) => /^ [A-N] [✓✗–?] /.test(line));
    expect(items.map((line) => line[1])).toEqual(SCORE_ITEMS.map((item) => item.id));
    expect(items[0]).toBe(' A ? 语调低沉，缺乏热情');
    expect(items[4]).toMatch(/^ E ✗ 开场白/);
    for (const item of card.items) expect(items.find((line) => line[1] === item.item)![3]).toBe(zh.verdicts[item.verdict]);
    expect(card.items.some((item) => item.verdict === 'pass')).toBe(true);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(100);
  });

  it('the heading and caption wrap by our rule within a narrow screen, on an English one too', () => {
    const call = callAfter('RING', 'ANSWER', 'SAY', 'AGENT_HANG_UP');
    const ctx = call.session.snapshot.context;
    const card = scoreCall(ctx, { instantFail: DEFAULT_INSTANT_FAIL, reviewed: false });
    for (const [text, language, columns] of [[zh, 'zh-CN', 40], [zh, 'zh-CN', 50], [en, 'en', 80], [en, 'en', 60]] as const) {
      const lines = linesOf(shown(<ScorecardView card={card} since={ctx.answeredAt!} text={text} language={language} columns={columns} rows={40} />).lastFrame());
      const top = lines.slice(0, lines.findIndex((line) => / A [✓✗–?] /.test(line) || line.startsWith(' ✗ ')));
      expect(top.join(''), `${language} ${columns}`).toContain('R-THEY-HANG-UP');
      for (const line of top) {
        expect(stringWidth(line), `${columns}: ${line}`).toBeLessThanOrEqual(columns - 1);
        expect(line, `${columns}`).toMatch(/^ \S/);
        expect(line).not.toMatch(/^ [，。、；：！？）」…]/u);
      }
    }
  });

  it('an instant fail is named beside a total of 0; a clean card says no item failed', () => {
    // The agent hung up first: R-THEY-HANG-UP fails the whole call.
    const call = callAfter('RING', 'ANSWER', 'SAY', 'AGENT_HANG_UP');
    const ctx = call.session.snapshot.context;
    const card = scoreCall(ctx, { instantFail: DEFAULT_INSTANT_FAIL, reviewed: false });
    const failed = linesOf(shown(<ScorecardView card={card} since={ctx.answeredAt!} text={zh} language="zh-CN" columns={100} rows={40} />).lastFrame());
    expect(failed[0]).toMatch(/^ 评分 0 分（\d+\/\d+ 项合格）  一票否决：R-THEY-HANG-UP  （任意键关闭）$/);
    expect(failed).toContainEqual(expect.stringMatching(/^ ✗ [A-N] 00:00 R-THEY-HANG-UP /));
    const clean = totalOf(SCORE_ITEMS.map((item) => ({ item: item.id, verdict: 'pass' as const, failures: [] })), DEFAULT_INSTANT_FAIL);
    const passed = linesOf(shown(<ScorecardView card={clean} since={0} text={zh} language="zh-CN" columns={100} rows={40} />).lastFrame());
    expect(passed[0]).toBe(' 评分 100 分（14/14 项合格）  （任意键关闭）');
    expect(passed).toContain(' 没有不合格项。');
  });

  it('on a short screen the items go in two columns, their Chinese labels cut to the column', () => {
    const clean = totalOf(SCORE_ITEMS.map((item) => ({ item: item.id, verdict: 'pass' as const, failures: [] })), DEFAULT_INSTANT_FAIL);
    const lines = linesOf(shown(<ScorecardView card={clean} since={0} text={zh} language="zh-CN" columns={60} rows={12} />).lastFrame());
    const first = lines.find((line) => line.startsWith(' A ✓'))!;
    expect(first).toMatch(/^ A ✓ .+ H ✓ /);
    expect(lines.filter((line) => /^ [A-G] ✓/.test(line))).toHaveLength(7);
    // The second column starts at the same display column on every row.
    const rows = lines.filter((line) => /^ [A-G] ✓ .* [H-N] ✓ /.test(line));
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((line) => columnOf(line, line.match(/ [H-N] ✓ /)![0]) + 1))).toEqual(new Set([30]));
    for (const line of rows) expect(stringWidth(line)).toBeLessThanOrEqual(60);
    expect(rows.some((line) => line.includes('…'))).toBe(true);
  });
});

describe('LineEditor', () => {
  const label = zh.edit(zh.notes);

  it('the label, then the end of a long line where the typing is, on one row within the width', () => {
    const typed = `${'客户说账单多扣了钱'.repeat(10)}最后一句`;
    const lines = linesOf(shown(<LineEditor label={label} buffer={typed} length={[...typed].length} limit={2000} width={60} notice={null} />).lastFrame());
    expect(lines).toHaveLength(1);
    const [line] = lines as [string];
    expect(line.startsWith(` ${label}：`)).toBe(true);
    expect(line.endsWith('最后一句')).toBe(true);
    expect(line).toContain('…');
    expect(stringWidth(line)).toBeLessThanOrEqual(60);
    // A short line shows whole.
    expect(linesOf(shown(<LineEditor label={label} buffer="客户很着急" length={5} limit={2000} width={60} notice={null} />).lastFrame())[0]).toBe(` ${label}：客户很着急`);
  });

  it('the count shows from 80% of the limit on, and what did not go in is said on a second row', () => {
    const field = (length: number, notice: string | null = null) =>
      linesOf(shown(<LineEditor label="称呼" buffer={'张'.repeat(length)} length={length} limit={100} width={80} notice={notice} />).lastFrame());
    expect(field(79)[0]).toMatch(/^ 称呼：…张+$/);
    expect(field(79)[0]).not.toContain('/100');
    expect(field(80)[0]).toMatch(/^ 称呼 80\/100: …张/);
    const full = field(100, zh.lineFull(100, 3));
    expect(full[0]).toMatch(/^ 称呼 100\/100: /);
    expect(full[1]).toBe(' ⚠ 最多 100 个字：有 3 个字没有放进去。');
    // The notice is cut to the width, never wrapped.
    const narrow = linesOf(shown(<LineEditor label="称呼" buffer="张" length={100} limit={100} width={24} notice={zh.lineFull(100, 3)} />).lastFrame());
    expect(narrow).toHaveLength(2);
    expect(stringWidth(narrow[1]!)).toBeLessThanOrEqual(24);
    expect(narrow[1]!.endsWith('…')).toBe(true);
  });
});
