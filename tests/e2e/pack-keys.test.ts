/**
 * The agent's own keys against a pack's menus, on the real bin in a real terminal: a key moved
 * (`config set keys`) onto a letter the pack gives a reason group would make the call impossible
 * to save in wrap-up, so the screen does not start; it says which key, which menu, and what to do.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { loadPackFile } from '../../src/pack/load.js';
import { CallStore } from '../../src/store/sqlite.js';
import { packPath, knownAgent, tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** A home with the agent's own pack `mine`: the general pack with its group 其他 on d, a letter the screen leaves free. */
function homeWithMyPack() {
  const home = tempDir();
  cleanup.push(() => home.remove());
  knownAgent(home.path);
  const ringside = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
  const packs = join(home.path, 'config', 'packs');
  mkdirSync(packs, { recursive: true });
  const general = readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
  const file = join(packs, 'mine.yaml');
  writeFileSync(file, general.replace('id: zh-CN-general', 'id: mine').replace('  - group: 其他\n    hotkey: "4"', '  - group: 其他\n    hotkey: "d"'));
  expect(ringside('packs', 'check', file)).toContain('没有问题');
  const terminal = () => {
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    return term;
  };
  return { home: home.path, file, ringside, terminal };
}

/** The screen's text with the terminal's wrapping undone. */
const unwrapped = (screen: string) => screen.replace(/\n/g, '');

// A Chinese pack on a desk left on auto: the refusal is said in Chinese.
const REFUSAL = 'ringside: 您给“保存并就绪”（save）设的键是 "d"，话术包 mine 把它给了来电原因组“其他”：整个收尾期间 "d" 都会打开这个来电原因组，而不是保存并就绪。请给 save 换一个键（ringside config set keys save=s），或给话术包换一个热键。';

tmuxIsInstalled();
describe.runIf(haveTmux)("the agent's keys and the pack's hotkeys", () => {
  it('save moved onto the letter of a reason group: the screen does not start, and says which key and what to do; moved back, it starts', async () => {
    const { ringside, terminal } = homeWithMyPack();
    ringside('config', 'set', 'keys', 'save=d');
    const refused = terminal();
    refused.start('--pack', 'mine');
    const screen = unwrapped(await refused.waitFor('[exited 2]'));
    expect(screen).toContain(REFUSAL);
    expect(screen).not.toMatch(/at .*\.js:\d+/);
    ringside('config', 'set', 'keys', 'save=s');
    const started = terminal();
    started.start('--pack', 'mine');
    await started.waitFor('等待来电');
  });

  it('a training scenario on that pack is refused the same way', async () => {
    const { home, ringside, terminal } = homeWithMyPack();
    const scenarios = join(home, 'config', 'scenarios');
    mkdirSync(scenarios, { recursive: true });
    writeFileSync(join(scenarios, 'drill.yaml'), readFileSync(packPath('scenarios/zh-CN/consultation.yaml'), 'utf8').replace(/^id: .*$/m, 'id: my-drill').replace(/^pack: .*$/m, 'pack: mine'));
    ringside('config', 'set', 'keys', 'save=d');
    const refused = terminal();
    refused.start('train', 'my-drill');
    expect(unwrapped(await refused.waitFor('[exited 2]'))).toContain(REFUSAL);
  });

  it('a call left open on that pack, while the screen starts on another: refused, the call kept; with the key moved back, the call is on the screen', async () => {
    const { home, file, ringside, terminal } = homeWithMyPack();
    // A call rung and answered on pack mine, then the process died: it is open in the log.
    const pack = loadPackFile(file);
    const clock = new SimulatedClock();
    clock.set(Date.now());
    const store = new CallStore(join(home, 'data', 'calls.sqlite'));
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
    desk.send({ type: 'RING', number: '13812345678' });
    desk.send({ type: 'ANSWER' });
    desk.stop();
    store.close();
    ringside('config', 'set', 'keys', 'save=d');
    // The default pack leaves d alone; the call's own pack does not.
    const refused = terminal();
    refused.start();
    const screen = unwrapped(await refused.waitFor('[exited 2]'));
    expect(screen).toContain(`${REFUSAL}上次未结束的通话保留在记录中，改好按键后就会回来。`);
    ringside('config', 'set', 'keys', 'save=s');
    const started = terminal();
    started.start();
    await started.waitFor('▶ 您好');
  });
});
