/**
 * The bundle's own Ink, frame after frame. The build patches Ink's output.js so that frames share
 * one cache of text measures (build/reuse-text-measures.mjs); the screen tests in tests/ui/ run
 * Ink unpatched, from node_modules. A patch gone wrong built fine and crashed the screen on its
 * second frame: this test draws dozens of frames with the built bin, each key's change checked on
 * screen, on the Chinese screen whose many distinct characters fill the shared cache past its
 * bound (so it is dropped and made again along the way).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { knownAgent, tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

tmuxIsInstalled();
describe.runIf(haveTmux)('the built bin draws frame after frame', () => {
  it('the bundle is the patched one: its Output takes the shared caches', () => {
    const dist = join(BIN, '..', '..', 'dist');
    const chunks = readdirSync(dist).filter((name) => name.endsWith('.js'));
    const patched = chunks.filter((name) => readFileSync(join(dist, name), 'utf8').includes('caches = sharedOutputCaches();'));
    expect(patched).toHaveLength(1);
  });

  it('a call rung, answered, its lines moved through back and forth, held and resumed: every key shows its change', async () => {
    const home = tempDir();
    cleanup.push(() => home.remove());
    knownAgent(home.path);
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    term.start();
    await term.waitFor('等待来电');
    await term.press('c', '来电振铃中');
    await term.press('a', '▶ 您好！');
    await term.press('Space', '▶ 请问您贵姓？');
    for (let i = 0; i < 6; i++) {
      await term.press('Right', '▶ 先生/女士，您反映的情况是……，我这样理解对吗？');
      await term.press('Left', '▶ 请问您贵姓？');
    }
    await term.press('h', '▶ 请您稍等，我帮您查询一下。');
    await term.press('Space', '客户保持中');
    await term.press('h', '▶ 对不起，让您久等了');
    await term.press('?', '按键（任意键关闭）'); // the whole screen is the help
    await term.press('Escape', '礼貌步骤');
    await term.press('e', '来电原因');
    const screen = term.screen();
    expect(screen).not.toContain('[exited');
    expect(screen).not.toMatch(/Error/);
  }, 60_000);
});
