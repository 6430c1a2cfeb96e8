/**
 * A whole call with the Chinese general pack, by keyboard alone, in a real 80x24 terminal: from
 * the ring to the saved log entry, read back with `ringside history --json`.
 */
import { execFileSync } from 'node:child_process';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { knownAgent, tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

function setUp() {
  const home = tempDir();
  knownAgent(home.path);
  const term = new Terminal({ RINGSIDE_HOME: home.path });
  cleanup.push(() => term.kill(), () => home.remove());
  const ringside = (...args: string[]) =>
    execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
  return { home, term, ringside };
}

/** Every line fits the 80 columns by display width, and the header is drawn once (no smear). */
function expectClean(screen: string) {
  for (const line of screen.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
  expect(screen.split('\n').filter((line) => line.includes('Ringside ·'))).toHaveLength(1);
}

tmuxIsInstalled();
describe.runIf(haveTmux)('the real bin in a terminal', () => {
  it('takes a complaint call through every phase with the Chinese pack and finds it in history', async () => {
    const { term, ringside } = setUp();
    ringside('config', 'set', 'agentNumber', '1024');
    ringside('config', 'set', 'agentName', '王敏');
    ringside('config', 'set', 'company', '天天公司');
    term.start();
    expectClean(await term.waitFor('等待来电。电话响起时按 c。'));
    await term.press('c', '来电振铃中');
    await term.press('a', '▶ 您好！这里是天天公司客服中心，1024号为您服务，请问有什么可以帮您？');
    expect(term.screen()).toContain('工号 1024 王敏');
    await term.press('Space', '▶ 请问您贵姓？');
    await term.press('Space', '称呼（回车确认，Esc 取消）');
    term.send('张先生', 'Enter');
    expectClean(await term.waitFor('▶ 张先生，您反映的情况是……，我这样理解对吗？'));
    await term.press('Space', '▶ 张先生，关于您咨询的问题');
    // Needs checking: ask to wait, hold, come back, thank.
    await term.press('h', '▶ 请您稍等，我帮您查询一下。');
    await term.press('Space', '客户保持中');
    await term.press('h', '▶ 对不起，让您久等了，我们会尽快帮您查询。');
    await term.press('Space', '▶ 张先生，关于您咨询的问题');
    // It is a complaint after all.
    await term.press('b', '选择分支（数字键）');
    await term.press('2', '▶ 您的投诉和反映的情况已经受理，我们会尽快办理并答复您。');
    await term.press('Space', '▶ 张先生，您反映的情况我已经记录，我们会在两个工作日内给您回复。');
    expectClean(await term.press('Space', '▶ 请问您还有什么需要补充的吗？'));
    await term.press('Space', '▶ 不客气，这是我们应该做的。');
    await term.press('Space', '▶ 谢谢您的电话，客服工作需要您的支持。再见！');
    await term.press('Space', '等客户先挂机');
    // Wrap-up marks the complaint group: Enter opens it, a digit picks what it was about.
    await term.press('e', /2 投诉 ← 回车/);
    await term.press('Enter', '来电原因 · 投诉');
    await term.press('3', '2 投诉 ✓ 费用争议');
    await term.press('s', 'R-TICKET'); // the complaint ticket needs its summary first
    await term.press('w', '小结（回车确认，Esc 取消）');
    term.send('话费账单有疑问，要求核查', 'Enter');
    await term.waitFor(/小结 +话费账单有疑问/);
    expectClean(await term.press('s', /已保存第 1 通。工单已生成，\d+月\d+日前回访。等待下一通来电。/));
    await term.press('q', '[exited 0]');

    const [call] = JSON.parse(ringside('history', '--json')) as Record<string, any>[];
    expect(call).toMatchObject({
      id: 1,
      packId: 'zh-CN-general',
      agentName: '王敏',
      agentNumber: '1024',
      outcome: 'answered',
      lateAnswer: false,
      hungUpBy: 'caller',
      branches: ['consultation', 'complaint'],
      summary: '(masked, 12 characters)', // free text, masked unless asked, as the caller is
      caller: { name: '张**' },
      ticket: { kind: 'complaint', status: 'open' },
    });
    expect(call!.reasons.map((r: { label: string }) => r.label)).toEqual(['费用争议']);
    expect(call!.holds).toHaveLength(1);
    expect(call!.holds[0]).toMatchObject({ askedToWait: true, thanks: 'said' });
    const statuses = Object.fromEntries(call!.steps.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(statuses).toMatchObject({ open: 'done', surname: 'done', restate: 'done', 'complaint-accept': 'done', farewell: 'done', 'they-hang-up': 'done' });
    expect(call!.rules.filter((r: { outcome: string }) => r.outcome === 'missed')).toEqual([]);
    const unmasked = JSON.parse(ringside('history', '--json', '--unmasked')) as Record<string, any>[];
    expect(unmasked[0]).toMatchObject({ caller: { name: '张先生' }, summary: '话费账单有疑问，要求核查' });
    // The Chinese desk's history table: a live call (来电), answered (已接), its complaint ticket (投诉).
    expect(ringside("history")).toMatch(/1 +\d{4}-\d\d-\d\d \d\d:\d\d +来电 +已接 .* \d+ +张\*\* +投诉 +费用争议/);
  }, 60_000);

  it('a call survives kill -9: started again (even with another pack asked for), it is back in the same phase with its name', async () => {
    const { term, home } = setUp();
    term.start();
    await term.waitFor('等待来电');
    await term.press('c', '来电振铃中');
    await term.press('a', '▶ 您好！');
    await term.press('Space', '▶ 请问您贵姓？');
    await term.press('Space', '称呼（回车确认');
    term.send('李女士', 'Enter');
    await term.waitFor('▶ 李女士，您反映的情况是');
    // The pane's shell runs node: kill -9 the node child, as a crash would.
    execFileSync('pkill', ['-9', '-P', String(term.pid()), '-f', 'ringside.js']);
    await term.waitFor('[exited 137]');
    term.kill();
    const again = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => again.kill());
    again.start('--pack', 'en-hotline');
    const screen = await again.waitFor('上次退出时通话未结束，已恢复。');
    expect(screen).toContain('▶ 李女士，您反映的情况是……，我这样理解对吗？');
    expect(screen).toMatch(/✓ 请问贵姓/);
  }, 60_000);
});
