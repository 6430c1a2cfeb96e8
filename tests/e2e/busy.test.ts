/**
 * The real bin in a real terminal beside another program writing to its call log (the test holds
 * the log's write lock, as another Ringside command in the middle of a write does): the screen
 * goes on at once, says the log is busy and that it is retrying (not a full disk), each event
 * keeps the moment its key was pressed, and everything is written once the log is free.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { knownAgent, tempDir } from '../helpers.js';
import { haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

/** The screen's text with the terminal's wrapping undone, to read a message that wrapped. */
const unwrapped = (screen: string) => screen.replace(/\n ?/g, '');

/**
 * The screen started on a fresh log, then another program in the middle of a write to that log
 * (holding its write lock until the test says `other.exec('ROLLBACK')`).
 */
async function screenBesideAWriter() {
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  knownAgent(dir.path);
  const term = new Terminal({ RINGSIDE_HOME: dir.path });
  cleanup.push(() => term.kill());
  term.start();
  await term.waitFor('等待来电');
  const other = new Database(join(dir.path, 'data', 'calls.sqlite'));
  cleanup.push(() => other.close());
  other.exec('BEGIN IMMEDIATE');
  return { dir, term, other };
}

tmuxIsInstalled();
describe.runIf(haveTmux)('the live screen beside a busy call log', () => {
  it('another command writing: the screen goes on, says busy and retrying, each event keeps its key\'s moment, and all is written once free', async () => {
    const { dir, term, other } = await screenBesideAWriter();
    const pressed: number[] = [];
    /** Presses a key and waits for the screen it brings up; returns how long that took. */
    const press = async (key: string, expected: string) => {
      pressed.push(Date.now());
      term.send(key);
      await term.waitFor(expected);
      return Date.now() - pressed.at(-1)!;
    };
    const ringShown = await press('c', '来电振铃中');
    const busy = unwrapped(await term.waitFor(/通话记录正忙/));
    // (A wrapped message loses the space it wrapped at.)
    expect(busy).toMatch(/⚠ 通话记录正忙（另一个 ?Ringside ?命令正在写入），正在重试：本通电话先存在内存中，按键时间不变/);
    expect(busy).not.toContain('磁盘'); // nothing to free: only to wait
    const answerShown = await press('a', '▶ 您好');
    const sayShown = await press('Space', '▶ 请问您贵姓？');
    // Each key's frame came at once: nothing waited for the log (a command's wait is 5 s).
    expect(Math.max(ringShown, answerShown, sayShown)).toBeLessThan(2_000);
    expect(unwrapped(term.screen())).toContain('通话记录正忙'); // still waiting for the log
    const db = new Database(join(dir.path, 'data', 'calls.sqlite'), { readonly: true });
    cleanup.push(() => db.close());
    expect(db.prepare(`SELECT count(*) AS n FROM call_events`).get()).toEqual({ n: 0 });
    other.exec('ROLLBACK'); // its write is done
    const deadline = Date.now() + 5_000;
    while (unwrapped(term.screen()).includes('通话记录正忙')) {
      if (Date.now() > deadline) throw new Error(`the screen still says the log is busy:\n${term.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const events = db.prepare(`SELECT type, at FROM call_events ORDER BY seq`).all() as { type: string; at: number }[];
    expect(events.map((event) => event.type)).toEqual(['RING', 'ANSWER', 'SAY']);
    // Each event at the moment its key reached the screen (a key pressed while a write waited used to be stamped when the wait ended).
    events.forEach((event, i) => {
      expect(event.at - pressed[i]!, event.type).toBeGreaterThanOrEqual(-5);
      expect(event.at - pressed[i]!, event.type).toBeLessThan(1_000);
    });
    term.send('q', 'q');
    await term.waitFor('[exited 0]');
  }, 60_000);

  it('quitting or stopped while the log is busy: what the keys did is written as the screen closes (waiting for the other program as a command does), and said kept', async () => {
    for (const how of ['q', 'SIGTERM'] as const) {
      const { dir, term, other } = await screenBesideAWriter();
      term.send('c');
      await term.waitFor(/通话记录正忙/);
      await term.press('a', '▶ 您好');
      await term.press('Space', '▶ 请问您贵姓？');
      if (how === 'q') {
        const asked = unwrapped(await term.press('q', /退出时会再等它最多/));
        expect(asked.replace(/\s+/g, '')).toContain('通话记录正忙：退出时会再等它最多5秒写入，仍写不进的内容会丢失。再按q退出，Esc取消。');
        term.send('q');
      } else {
        execFileSync('pkill', ['-TERM', '-P', String(term.pid()), '-f', 'ringside.js']);
      }
      // The other program's write ends a second later, while the screen is closing.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      other.exec('ROLLBACK');
      const stopped = unwrapped(await term.waitFor(how === 'q' ? '[exited 0]' : '[exited 143]'));
      if (how === 'SIGTERM') expect(stopped).toContain('正在进行的通话已保存在通话记录里'); // the desk is Chinese
      expect(stopped).not.toContain('is lost');
      const db = new Database(join(dir.path, 'data', 'calls.sqlite'), { readonly: true });
      cleanup.push(() => db.close());
      expect(db.prepare(`SELECT type FROM call_events ORDER BY seq`).all(), how).toEqual([{ type: 'RING' }, { type: 'ANSWER' }, { type: 'SAY' }]);
    }
  }, 60_000);

  it('quit while another program keeps the log past the last write\'s 5 s: the quit is said with what was lost, exit 1 (asked first, never silent)', async () => {
    const { term } = await screenBesideAWriter(); // and it never lets go while Ringside quits
    term.send('c');
    await term.waitFor(/通话记录正忙/);
    await term.press('q', /退出时会再等它最多/);
    term.send('q');
    const stopped = unwrapped(await term.waitFor('[exited 1]', 15_000));
    // The desk is Chinese: the stop is said in Chinese.
    expect(stopped.replace(/\s+/g, '')).toContain('ringside:通话记录没能写下全部内容（见屏幕上的消息）：没写下的部分已丢失。');
    expect(stopped).not.toMatch(/^\s+at /m);
  }, 60_000);
});
