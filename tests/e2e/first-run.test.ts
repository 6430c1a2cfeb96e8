/**
 * The first start of the live screen on a fresh desk, in a real 80x24 terminal: it asks who the
 * agent is (and the company the pack leaves to the desk) before the first call, writes it to the
 * settings, and goes straight on to the calls, whose opening line says the agent's number. Left
 * half done, it writes nothing. Training does not ask, and never makes up a number.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

/** A fresh desk (nothing in its RINGSIDE_HOME) and a way to open terminals on it. */
function freshDesk() {
  const home = tempDir();
  cleanup.push(() => home.remove());
  const terminal = () => {
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    return term;
  };
  const settings = () => JSON.parse(readFileSync(join(home.path, 'config', 'config.json'), 'utf8')) as Record<string, unknown>;
  return { home: home.path, terminal, settings };
}

/** The screen's text with the terminal's wrapping undone. */
const unwrapped = (screen: string) => screen.replace(/\n/g, '');

/** Every row fits the 80 columns by display width. */
function fits(screen: string) {
  for (const line of screen.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
}

tmuxIsInstalled();
describe.runIf(haveTmux)('the first start asks who the agent is', () => {
  it('on a Chinese desk: 工号, 姓名 and the company the pack leaves open, checked, then straight to the calls with 1024号 in the line; the next start does not ask', async () => {
    const { terminal, settings, home } = freshDesk();
    const term = terminal();
    term.start();
    const first = await term.waitFor('首次使用：请先填写您的信息');
    fits(first);
    expect(first).toMatch(/› 工号（第 1\/3 项）/);
    expect(first).toMatch(/○ 姓名/);
    expect(first).toMatch(/○ 公司/); // zh-CN-general leaves the company to the desk
    expect(first).toContain('回车 下一项   Esc 退出（不保存）');
    // Not a number as the lines say it: said, and the field stays.
    term.send('10-24', 'Enter');
    await term.waitFor('⚠ 工号只能是字母和数字。');
    term.send('BSpace', 'BSpace', 'BSpace', 'BSpace', 'BSpace', '1024', 'Enter');
    await term.waitFor(/› 姓名（第 2\/3 项）/);
    expect(term.screen()).toMatch(/✓ 工号 +1024/);
    // Empty is no name.
    term.send('Enter');
    await term.waitFor('⚠ 请填写姓名。');
    term.send('王敏', 'Enter');
    await term.waitFor(/› 公司（第 3\/3 项）/);
    // Esc goes back to the question before, its answer in the line.
    term.send('Escape');
    await term.waitFor(/› 姓名（第 2\/3 项）：王敏/);
    term.send('Enter');
    await term.waitFor(/› 公司（第 3\/3 项）/);
    expect(term.screen()).toContain('回车 保存并开始接听   Esc 上一项');
    // Pasted as into every field of the screen.
    term.paste('天天公司');
    await term.waitFor(/› 公司（第 3\/3 项）：天天公司/);
    term.send('Enter');
    const idle = await term.waitFor('等待来电。电话响起时按 c。');
    fits(idle);
    expect(idle).toContain('工号 1024 王敏');
    expect(idle).not.toContain('首次使用');
    await term.press('c', '来电振铃中');
    const line = await term.press('a', '▶ 您好');
    expect(line).toContain('天天公司客服中心');
    expect(line).toContain('1024号为您服务');
    expect(line).not.toMatch(/0000号|工号 0000/);

    expect(settings()).toMatchObject({ agentNumber: '1024', agentName: '王敏', company: '天天公司' });
    expect(statSync(join(home, 'config', 'config.json')).mode & 0o777).toBe(0o600);

    // The next start goes straight to the calls.
    term.kill();
    const again = terminal();
    again.start();
    const back = await again.waitFor('工号 1024 王敏');
    expect(back).not.toContain('首次使用');
  }, 60_000);

  it('on an English pack: the agent number and the name in English (the pack names its own company), then "this is agent A17"', async () => {
    const { terminal, settings } = freshDesk();
    const term = terminal();
    term.start('--pack', 'en-hotline');
    const first = await term.waitFor('Ringside · First start: who are you?');
    fits(first);
    expect(first).toContain('› Agent number (1 of 2)');
    expect(first).not.toContain('Company');
    term.send('Ａ１７', 'Enter'); // full-width, as an input method may type it: kept as A17
    await term.waitFor('› Name (2 of 2)');
    expect(term.screen()).toContain('Enter save and start');
    term.send('Mary Lee', 'Enter');
    const idle = await term.waitFor('Waiting for a call. Press c when the phone rings.');
    expect(idle).toContain('agent A17 Mary Lee');
    await term.press('c', 'ringing');
    await term.press('a', 'this is agent A17');
    expect(settings()).toMatchObject({ agentNumber: 'A17', agentName: 'Mary Lee', company: '' });
  }, 60_000);

  it('left half done (Ctrl-C, or a kill) writes nothing and says how to set it later; the next start asks again', async () => {
    const { terminal, settings } = freshDesk();
    const term = terminal();
    term.start();
    await term.waitFor('首次使用');
    term.send('1024', 'Enter');
    await term.waitFor(/› 姓名/);
    term.send('王');
    await term.waitFor(/› 姓名（第 2\/3 项）：王/);
    term.send('C-c');
    const left = unwrapped(await term.waitFor('[exited 1]'));
    expect(left).toContain('没有保存任何设置，也没有进入接听界面。');
    expect(left).toContain('ringside config set agentNumber 工号');
    expect(settings()).toMatchObject({ agentNumber: '', agentName: '', company: '' });

    term.kill();
    const again = terminal();
    again.start();
    await again.waitFor('首次使用');
    again.send('1024', 'Enter', '王敏', 'Enter');
    await again.waitFor(/› 公司/);
    execFileSync('pkill', ['-TERM', '-P', String(again.pid()), '-f', 'ringside.js']);
    const killed = unwrapped(await again.waitFor('[exited 143]'));
    expect(killed).toContain('没有保存任何设置');
    expect(settings()).toMatchObject({ agentNumber: '', agentName: '', company: '' });

    // Esc on the first question leaves too.
    again.kill();
    const third = terminal();
    third.start();
    await third.waitFor('首次使用');
    third.send('Escape');
    await third.waitFor('[exited 1]');
    expect(settings()).toMatchObject({ agentNumber: '' });
  }, 60_000);

  it('training does not ask: a practice call on a desk with no agent number shows where the number goes, never a made-up 0000', async () => {
    const { terminal } = freshDesk();
    const term = terminal();
    term.start('train', 'zh-consultation', '--step');
    await term.waitFor('下一步（.） ▸ 电话响起');
    expect(term.screen()).not.toContain('首次使用');
    await term.press('.', '下一步（.） ▸ 坐席按 a');
    const line = await term.press('.', '▶ 您好');
    expect(line).toMatch(/〔工号[?？]〕号为您服务/);
    expect(line).not.toMatch(/0000号|工号 0000/);
  }, 60_000);
});
