/**
 * Crash-proof calls, on the real bin in a real terminal: kill -9 at random moments of a call,
 * start again, and the screen is the one the agent had (the same phase, lines said, fields,
 * reasons, notes, flag), the talk timer going on from the logged times. And the polite ways to
 * stop (SIGTERM, SIGHUP, SIGINT) bring the screen down cleanly with the call kept.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../src/demo/data.js';
import { knownAgent, tempDir } from '../helpers.js';
import { haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/**
 * A complaint call, in steps that each change what the machine knows (a key that only opens a
 * pane goes with the key that uses it), then the next call rung and answered.
 */
const STEPS: string[][] = [
  ['c'],
  ['a'],
  ['Space'], // the opening said
  ['Space', '张先生', 'Enter'], // the surname asked, the name typed
  ['b2'], // a complaint
  ['Space'],
  ['Space'],
  ['h'], // "please wait"
  ['Space'], // said: on hold
  ['h'], // back: thank them
  ['Space'],
  ['n', '客户很着急', 'Enter'], // a note
  ['Space'],
  ['Space'],
  ['e'], // the caller hung up: wrap-up
  ['23'], // why they called
  ['w', '多扣费', 'Enter'], // the summary
  ['!'], // the caller flagged
  ['s'], // saved
  ['c'], // the next call
  ['a'],
  ['Space'],
];

/** The screen without what may differ between two runs of the same keys: the header's timers,
 * the one-off messages (saved, restored), blank lines. */
function normalize(screen: string): string {
  return screen
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '' && !/\[exited|已保存|已恢复|逾期/.test(line))
    .map((line) => line.replace(/\d\d:\d\d/g, 'mm:ss').replace(/\d+s\b/g, 'Ns').trimEnd())
    .join('\n');
}

const talkSeconds = (screen: string) => {
  const match = /通话 (\d\d):(\d\d)/.exec(screen);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
};

/**
 * Waits until the screen stops changing (timers aside) and returns it. Given the screen before a
 * key, first waits (up to 1.5 s: a few steps change nothing on screen) for the key to show, so a
 * slow machine is not read too early.
 */
async function settled(term: Terminal, before?: string): Promise<string> {
  for (const deadline = Date.now() + 1500; before !== undefined && Date.now() < deadline; ) {
    if (normalize(term.screen()) !== before) break;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  let last = '';
  let same = 0;
  for (let i = 0; i < 150; i++) {
    const now = term.screen();
    same = normalize(now) === normalize(last) ? same + 1 : 0;
    if (same >= 3 && /帮助/.test(now)) return now;
    last = now;
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  return last;
}

function setUp() {
  const home = tempDir();
  cleanup.push(() => home.remove());
  knownAgent(home.path);
  const open = (dir = home.path) => {
    const term = new Terminal({ RINGSIDE_HOME: dir });
    cleanup.push(() => term.kill());
    term.start();
    return term;
  };
  const killNine = async (term: Terminal) => {
    execFileSync('pkill', ['-9', '-P', String(term.pid()), '-f', 'ringside.js']);
    return term.waitFor('[exited 137]');
  };
  return { home, open, killNine };
}

tmuxIsInstalled();
describe.runIf(haveTmux)('crash-proof calls on the real bin', () => {
  it('kill -9 at 22 random moments of two calls: each start brings back the screen the agent had, nothing lost', async () => {
    const { open, killNine } = setUp();
    // The screens a call without crashes goes through, one after each step.
    // (in a home of its own: its call is left open, and must not come back in the crashing one)
    const goldenHome = tempDir();
    cleanup.push(() => goldenHome.remove());
    knownAgent(goldenHome.path);
    const golden = open(goldenHome.path);
    const expected = [normalize(await settled(golden))];
    for (const step of STEPS) {
      golden.send(...step);
      expected.push(normalize(await settled(golden, expected.at(-1))));
    }
    golden.kill();

    const seed = Date.now() % 100_000;
    const next = random(seed);
    let term = open();
    await settled(term);
    let kills = 0;
    for (let i = 0; i < STEPS.length; i++) {
      const before = talkSeconds(term.screen());
      term.send(...STEPS[i]!);
      // Anywhere from before the key is read to after its frame is drawn.
      await new Promise((resolve) => setTimeout(resolve, next() * 120));
      const lastFrame = normalize(await killNine(term));
      kills++;
      term.kill();
      term = open();
      const restored = await settled(term);
      const where = `(seed ${seed}, step ${i + 1} ${STEPS[i]!.join(' ')})`;
      // Either the step had reached the log or it had not; what the agent saw is never lost.
      expect([expected[i], expected[i + 1]], `restored screen ${where}:\n${restored}`).toContain(normalize(restored));
      if (lastFrame === expected[i + 1]) expect(normalize(restored), where).toBe(expected[i + 1]);
      // The talk timer goes on from the logged answer, not from the restart.
      const after = talkSeconds(restored);
      if (before !== null && after !== null && i < 18) expect(after, where).toBeGreaterThanOrEqual(before);
      if (normalize(restored) === expected[i]) {
        // The step never reached the log (the kill came first): the agent does it again.
        term.send(...STEPS[i]!);
        expect(normalize(await settled(term, expected[i])), where).toBe(expected[i + 1]);
      }
    }
    expect(kills).toBeGreaterThanOrEqual(20);
  }, 180_000);

  it('a second screen on the same call log is refused with a sentence; a lock left by kill -9 is taken over', async () => {
    const { open, killNine } = setUp();
    const first = open();
    await settled(first);
    first.send('c', 'a');
    await first.waitFor('▶ 您好！');
    const second = open();
    const refused = (await second.waitFor('[exited 2]')).replace(/\s+/g, '');
    // (spaces taken out: the terminal wraps the sentence at 80 columns)
    expect(refused).toMatch(/ringside:Ringside已经在用通话记录\S*calls\.sqlite（进程\d+）：两个界面会接同样的来电/);
    second.kill();
    await killNine(first);
    const third = open();
    await third.waitFor('上次退出时通话未结束，已恢复。');
  }, 60_000);

  it('SIGTERM, SIGHUP and SIGINT during a call: the screen comes down with a sentence, the call comes back', async () => {
    const { open } = setUp();
    let term = open();
    await settled(term);
    term.send('c', 'a', 'Space', 'Space', '李女士', 'Enter');
    await term.waitFor('▶ 李女士，您反映的情况是');
    for (const [signal, code] of [['TERM', 143], ['HUP', 129], ['INT', 130]] as const) {
      execFileSync('pkill', [`-${signal}`, '-P', String(term.pid()), '-f', 'ringside.js']);
      const stopped = await term.waitFor(`[exited ${code}]`);
      expect(stopped).not.toMatch(/Terminated|Hangup/); // it ended itself, not by the signal
      // (as the terminal wraps it at 80 columns)
      // (the desk's language: a fresh desk on the Chinese pack)
      const sentence = `ringside: 收到 SIG${signal}，已停止。正在进行的通话已保存在通话记录里，下次启动 Ringside 时会回来。`;
      expect(stopped.replace(/\s+/g, '')).toContain(sentence.replace(/\s+/g, ''));
      term.kill();
      term = open();
      const again = await term.waitFor('上次退出时通话未结束，已恢复。');
      expect(again).toContain('▶ 李女士，您反映的情况是……，我这样理解对吗？');
      expect(again).toMatch(/✓ 请问贵姓/);
    }
  }, 60_000);

  it('a terminal closed during a call (its window shut) is a hang-up: the call kept, the lock let go, no stack, exit 129', async () => {
    for (const shellLivesOn of [false, true]) {
      const { home, open } = setUp();
      const errFile = join(home.path, `stderr-${shellLivesOn}`);
      const term = new Terminal({ RINGSIDE_HOME: home.path });
      cleanup.push(() => term.kill());
      term.startLogged(errFile, shellLivesOn);
      await term.waitFor('等待来电');
      term.send('c', 'a', 'Space', 'Space', '李女士', 'Enter');
      await term.waitFor('▶ 李女士，您反映的情况是');
      const pid = readFileSync(join(home.path, 'data', 'screen.pid'), 'utf8').split(' ')[0];
      term.close();
      // Ringside is gone by itself, having let go of the lock.
      const running = () => spawnSync('kill', ['-0', pid!]).status === 0;
      for (let i = 0; i < 100 && running(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(running(), `shell lives on: ${shellLivesOn}`).toBe(false);
      expect(existsSync(join(home.path, 'data', 'screen.pid'))).toBe(false);
      const said = readFileSync(errFile, 'utf8');
      expect(said).toBe('ringside: 收到 SIGHUP，已停止。正在进行的通话已保存在通话记录里，下次启动 Ringside 时会回来。\n');
      if (shellLivesOn) expect(readFileSync(`${errFile}.code`, 'utf8').trim()).toBe('129');
      term.kill();
      const again = open();
      await again.waitFor('上次退出时通话未结束，已恢复。');
      expect(again.screen()).toContain('▶ 李女士，您反映的情况是……，我这样理解对吗？');
      again.send('q');
      await again.waitFor('通话未结束');
      again.send('q');
      await again.waitFor('[exited 0]');
      again.kill();
    }
  }, 60_000);
});
