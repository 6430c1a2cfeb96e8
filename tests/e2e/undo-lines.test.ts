/**
 * `u` and the numbered ready lines on the real bin in an 80x24 terminal: a space pressed too early
 * taken back (the call back in its phase, said on screen), the undo surviving kill -9, `?` listing
 * the key, and a ready line said with its digit.
 */
import { execFileSync } from 'node:child_process';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

function setUp() {
  const home = tempDir();
  cleanup.push(() => home.remove());
  const ringside = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
  ringside('config', 'set', 'agentNumber', '1024');
  ringside('config', 'set', 'agentName', '王敏');
  ringside('config', 'set', 'company', '天天公司');
  const open = () => {
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    term.start();
    return term;
  };
  return { open };
}

/** The screen with the terminal's wrapping taken out, to find a sentence whole. */
const joined = (screen: string) => screen.replace(/\s+/g, '');

function expectFits(screen: string) {
  for (const line of screen.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
}

tmuxIsInstalled();
describe.runIf(haveTmux)('undo and ready lines in a real terminal', () => {
  it('u takes back a space pressed too early, says so, and kill -9 keeps it undone; ? lists u', async () => {
    const { open } = setUp();
    let term = open();
    await term.waitFor('等待来电');
    await term.press('c', '来电振铃中');
    await term.press('a', '1024号为您服务');
    await term.press('Space', '▶ 请问您贵姓');
    const undone = await term.press('u', '改回未说');
    expectFits(undone);
    expect(joined(undone)).toContain('回到「问候」阶段。');
    expect(undone).toMatch(/▶ 您好.这里是天天公司客服中心/);
    expect(undone).toMatch(/○ 开场白/);
    // Nothing more to take back: u says why.
    expect(joined(await term.press('u', '没有可撤销的操作'))).toContain('接听不能撤销。');
    // The undo is in the log: a kill -9 and a start bring the call back with the opening still to say.
    execFileSync('pkill', ['-9', '-P', String(term.pid()), '-f', 'ringside.js']);
    await term.waitFor('[exited 137]');
    term.kill();
    term = open();
    const restored = await term.waitFor('已恢复');
    expect(restored).toMatch(/▶ 您好.这里是天天公司客服中心/);
    expect(restored).toMatch(/○ 开场白/);
    const help = await term.press('?', '撤销上一步');
    expectFits(help);
    expect(help).toMatch(/ u +撤销上一步/);
  }, 60_000);

  it('r numbers the ready lines; a digit says one, the screen says which and how to undo it', async () => {
    const { open } = setUp();
    const term = open();
    await term.waitFor('等待来电');
    await term.press('c', '来电振铃中');
    await term.press('a', '1024号为您服务');
    const pane = await term.press('r', '数字键：已说');
    expectFits(pane);
    expect(pane).toMatch(/1 +没听清/);
    expect(pane).toMatch(/2 +资料不全/);
    const said = await term.press('2', '已说常用语「资料不全」');
    expectFits(said);
    expect(joined(said)).toContain('说错了按u撤销。');
    expect(await term.press('r', '数字键：已说')).toMatch(/2 ✓ 资料不全/);
    await term.press('Escape', '礼貌步骤');
    expect(joined(await term.press('u', '已撤销：常用语「资料不全」。'))).toContain('已撤销：常用语「资料不全」。');
    expect(await term.press('r', '数字键：已说')).toMatch(/2 {3}资料不全/);
  }, 60_000);
});
