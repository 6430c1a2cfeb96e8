/**
 * Hostile conditions on the real bin in a real terminal: escape sequences and mouse reports typed
 * mid-call, pastes (into a field, outside one, 350,000 characters), a window shrunk to 40×12
 * mid-call and back, packs with a line thousands of characters long in mixed scripts or an escape
 * sequence, and a disk that fills up during a call (a real tmpfs, filled to the last byte).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, mountSmallDisk, packPath, knownAgent, tempDir } from '../helpers.js';
import { haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

function terminal(home: string, size?: { columns: number; rows: number }): Terminal {
  knownAgent(home);
  const term = new Terminal({ RINGSIDE_HOME: home }, size);
  cleanup.push(() => term.kill());
  return term;
}
function home(): string {
  const dir = tempDir();
  cleanup.push(() => dir.remove());
  return dir.path;
}
const rowsOf = (screen: string) => screen.split('\n');
/** Starts Ringside and takes a call up to the surname question; returns that screen. */
async function intoACall(term: Terminal): Promise<string> {
  term.start();
  await term.waitFor('等待来电');
  term.send('c');
  await term.waitFor('来电振铃中');
  term.send('a');
  await term.waitFor('▶ 您好');
  term.send('Space');
  return term.waitFor('▶ 请问您贵姓？');
}
/** The events the call log holds, in order, without their times. */
function events(dir: string): Record<string, unknown>[] {
  const db = new Database(join(dir, 'data', 'calls.sqlite'), { readonly: true });
  try {
    const rows = db.prepare(`SELECT event_json FROM call_events ORDER BY call_id, seq`).all() as { event_json: string }[];
    return rows.map((row) => {
      const { at: _at, ...event } = JSON.parse(row.event_json) as Record<string, unknown>;
      return event;
    });
  } finally {
    db.close();
  }
}
/** The screen's text with the terminal's wrapping undone, to read a message that wrapped. */
const unwrapped = (screen: string) => screen.replace(/\n ?/g, '');

const smallDisk = (size: string) => mountSmallDisk(size, cleanup);
const canMount = canMountTmpfs();

tmuxIsInstalled();
describe.runIf(haveTmux)('hostile conditions', () => {
  it('escape sequences typed mid-call (colours, a title, focus, a function key, mouse reports) are not keys: the screen and the call go on, the log holds what the keys did', async () => {
    const dir = home();
    const term = terminal(dir);
    await intoACall(term);
    // Ink 6.8 crashed on ESC [0m and ESC [31m (a TypeError in useInput, the screen down); the
    // bytes of a mouse report ran as keys (its space said a line, its ! flagged the caller).
    const hostile = ['\u001b[0m', '\u001b[31m', '\u001b[1m', '\u001b[M !!', '\u001b[<0;10;5M', '\u001b[<0;10;5m', '\u001b]0;retitled\u0007', '\u001b[I', '\u001b[15~', '\u001bOP'];
    term.send(...hostile, 'Space');
    await term.waitFor('称呼（回车确认');
    // In a field too: nothing of them is typed.
    term.send('王', ...hostile, '女士', 'Enter');
    const screen = await term.waitFor('▶ 王女士，您反映的情况是');
    expect(screen).not.toContain('[exited');
    expect(screen).toMatch(/›○ 复述确认/);
    term.send('q', 'q');
    await term.waitFor('[exited 0]');
    expect(events(dir)).toEqual([
      { type: 'RING' },
      { type: 'ANSWER' },
      { type: 'SAY' },
      { type: 'SAY' },
      { type: 'SET_FIELD', field: 'name', value: '王女士' },
    ]);
  });

  it('a paste is text: whole into the open field (its line breaks made spaces), refused outside a field with a sentence, never run as keys; the terminal is as it was after', async () => {
    const dir = home();
    const term = terminal(dir);
    await intoACall(term);
    term.send('Space');
    await term.waitFor('称呼（回车确认');
    term.paste('张先生');
    await term.waitFor('称呼（回车确认，Esc 取消）：张先生');
    term.send('Enter');
    await term.waitFor('▶ 张先生，您反映的情况是');
    term.send('f');
    await term.waitFor('填写来电人信息');
    term.send('3');
    await term.waitFor('地址（回车确认');
    // An address copied from three lines: once, its n opened a note, a space said R-RESTATE and
    // a k opened the scorecard and marked faults.
    term.paste('221B Baker Street\nLondon NW1 6XE\nk a b ');
    const field = await term.waitFor('粘贴内容里的换行已换成空格。');
    expect(field).toContain('地址（回车确认，Esc 取消）：221B Baker Street London NW1 6XE k a b');
    term.send('Enter');
    await term.waitFor(/地址 +221B Baker Street/);
    // With no field open, a paste is refused, and that is said.
    term.paste('hello\nn k x\n  ');
    const refused = await term.waitFor('粘贴只能放进输入框，未执行任何按键。');
    expect(refused).toMatch(/›○ 复述确认/);
    expect(refused).toContain('▶ 张先生，您反映的情况是');
    term.send('q', 'q');
    await term.waitFor('[exited 0]');
    expect(events(dir)).toEqual([
      { type: 'RING' },
      { type: 'ANSWER' },
      { type: 'SAY' },
      { type: 'SAY' },
      { type: 'SET_FIELD', field: 'name', value: '张先生' },
      { type: 'SET_FIELD', field: 'address', value: '221B Baker Street London NW1 6XE k a b' },
    ]);
    // Bracketed paste is off again: a paste into the shell's line comes without its marks.
    term.paste('after');
    const shell = await term.waitFor(/^after/m);
    expect(shell).not.toContain('200~');
  });

  it('a 350,000-character paste into a note is cut to the note\'s 2,000 at once and said; the next key answers at once; typing past a field\'s limit is refused and said', async () => {
    const dir = home();
    const term = terminal(dir);
    await intoACall(term);
    term.send('n');
    await term.waitFor('备注（回车确认');
    const big = '天天公司客服中心 hello\n'.repeat(25_000).slice(0, 350_000);
    const pasted = Date.now();
    term.paste(big);
    // Once this froze the screen for nine minutes at 100 % CPU.
    const full = await term.waitFor('最多 2000 个字：有 348000 个字没有放进去。', 15_000);
    const answeredMs = Date.now() - pasted;
    expect(full).toContain('备注（回车确认，Esc 取消） 2000/2000:');
    const key = Date.now();
    term.send('BSpace');
    await term.waitFor('1999/2000');
    const keyMs = Date.now() - key;
    console.info(`350,000 characters pasted: answered in ${answeredMs} ms, the next key in ${keyMs} ms`);
    expect(answeredMs).toBeLessThan(5000);
    expect(keyMs).toBeLessThan(1000);
    term.send('Enter');
    await term.waitFor('›○ 请问贵姓');
    // Typed past the name's 100 characters: refused, and said.
    term.send('Space');
    await term.waitFor('称呼（回车确认');
    term.send('x'.repeat(105));
    const name = await term.waitFor('最多 100 个字：有 5 个字没有放进去。');
    expect(name).toContain('称呼（回车确认，Esc 取消） 100/100:');
    // Ended by a signal, the screen leaves the terminal as it was: no more marked pastes.
    term.send('Enter');
    await term.waitFor(/称呼 +x{20}/);
    execFileSync('pkill', ['-TERM', '-P', String(term.pid()), '-f', 'ringside.js']);
    await term.waitFor('[exited 143]');
    term.paste('after');
    expect(await term.waitFor(/^after/m)).not.toContain('200~');
    const logged = events(dir);
    expect(logged.map((event) => event.type)).toEqual(['RING', 'ANSWER', 'SAY', 'ADD_NOTE', 'SAY', 'SET_FIELD']);
    // The note's 2,000 characters less the one Backspace took.
    expect(logged[3]!.text).toBe(big.slice(0, 1999).replace(/\n/g, ' '));
    expect(logged[5]).toEqual({ type: 'SET_FIELD', field: 'name', value: 'x'.repeat(100) });
  });

  it('a terminal shrunk to 40×12 mid-call keeps the header, the line and the keys; back at 80×24 the whole screen returns', async () => {
    const term = terminal(home());
    const full = await intoACall(term);
    term.resize(40, 12);
    const small = await term.waitFor(/^ +通话中 +通话 \d\d:\d\d/);
    const rows = rowsOf(small);
    expect(rows[0]).toMatch(/通话中 +通话 \d\d:\d\d +响铃 \d+s/); // the header stays on top
    expect(small).toContain('▶ 请问您贵姓？');
    expect(small).toMatch(/空格 已说/);
    expect(small).toContain('›○ 请问贵姓'); // the step to do now, its name whole
    // The call goes on at that size: the name is asked and typed.
    term.send('Space');
    await term.waitFor('称呼（回车确认');
    term.send('王女士', 'Enter');
    await term.waitFor('▶ 王女士，您反映的情况是');
    term.resize(80, 24);
    const back = await term.waitFor('R-RESTATE');
    expect(back).toMatch(/^ Ringside · 通用客服热线/);
    expect(back).toMatch(/✓ 请问贵姓 +R-SURNAME/);
    expect(back).toContain('▶ 王女士，您反映的情况是……，我这样理解对吗？');
    expect(rowsOf(back).length).toBe(rowsOf(full).length);
    expect(back).not.toContain('[exited');
  });

  it('a pack line thousands of characters long in mixed scripts is cut to the room there is; the keys stay on screen', async () => {
    const dir = home();
    const packs = join(dir, 'config', 'packs');
    mkdirSync(packs, { recursive: true });
    const long = `您好 Hello مرحبا שלום 👋🏽 ${'天天公司客服中心为您服务。'.repeat(300)}最后一句`;
    const general = readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
    writeFileSync(join(packs, 'long.yaml'), general.replace('id: zh-CN-general', 'id: long-lines').replace('请问您贵姓？', long));
    const term = terminal(dir);
    term.start('--pack', 'long-lines');
    await term.waitFor('等待来电');
    term.send('c', 'a', 'Space');
    const screen = await term.waitFor('▶ 您好 Hello');
    expect(rowsOf(screen)[0]).toMatch(/^ Ringside/);
    const lineRows = screen.slice(screen.indexOf('▶'), screen.indexOf('下一句')).trimEnd();
    expect(lineRows.endsWith('…')).toBe(true); // the line itself is cut
    expect(screen).not.toContain('最后一句');
    expect(screen).toMatch(/空格 已说/);
    expect(screen).toMatch(/›○ 请问贵姓 +R-SURNAME/);
    term.send('Space');
    await term.waitFor('称呼（回车确认'); // the long line said, the name field opens
  });

  it('a pack with an escape sequence in a line is refused with its file:line:column and exit 2, the terminal untouched', async () => {
    const dir = home();
    const file = join(dir, 'escape.yaml');
    const general = readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
    writeFileSync(file, general.replace('line: 请问您贵姓？', 'line: "请问您贵姓？\\e[2J\\e[31m"'));
    const line = general.split('\n').findIndex((text) => text.includes('请问您贵姓？')) + 1;
    const term = terminal(dir);
    term.start('--pack', file);
    const screen = await term.waitFor('[exited 2]');
    // A Chinese pack on a desk left on auto: the problem is said in Chinese, where it stands as before.
    expect(unwrapped(screen)).toContain(`${file}:${line}:13: 文本里有控制字符（U+001B）；`);
    expect(unwrapped(screen)).toMatch(/屏幕显示不了：请删掉/);
    expect(screen).not.toMatch(/at .*\.js:\d+/);
  });

  it.skipIf(!canMount)('a disk that fills up during a call: the screen says so, keeps the call, and writes it all once there is room', async () => {
    const disk = smallDisk('2m');
    expect(disk).not.toBeNull();
    const term = terminal(disk!);
    term.start();
    await term.waitFor('等待来电');
    // Fill the disk to the last byte.
    const filler = join(disk!, 'filler');
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, block);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    try {
      for (;;) writeSync(fd, block.subarray(0, 512));
    } catch {}
    closeSync(fd);
    term.send('c');
    await term.waitFor('来电振铃中');
    term.send('a', 'Space', 'Space');
    await term.waitFor('称呼（回车确认');
    term.send('张先生', 'Enter');
    const full = await term.waitFor('▶ 张先生，您反映的情况是'); // the call goes on
    // (A wrapped message loses the space it wrapped at.)
    expect(unwrapped(full)).toMatch(/⚠ 通话记录写不进去（database ?or ?disk ?is ?full）：本通电话保存在内存中，一有空间就写入（按 s 重试）。请腾出磁盘空间。/);
    expect(full).not.toMatch(/at .*\.js:\d+/);
    term.send('e', '1', '1', 's'); // hung up, a reason, save: still no room
    const unsaved = await term.waitFor('未写入'); // finished, but not called saved
    expect(unsaved).toContain('通话记录写不进去');
    expect(unsaved).not.toContain('已保存');
    // Room again: s writes every event and saves the call.
    rmSync(filler);
    term.send('s');
    await term.waitFor('已保存');
    expect(term.screen()).not.toContain('通话记录写不进去');
    term.send('q');
    await term.waitFor('[exited 0]');
    const db = new Database(join(disk!, 'data', 'calls.sqlite'), { readonly: true });
    try {
      const call = db.prepare(`SELECT status, caller_name, outcome FROM calls`).all();
      expect(call).toEqual([{ status: 'saved', caller_name: '张先生', outcome: expect.any(String) }]);
      const types = (db.prepare(`SELECT type FROM call_events ORDER BY seq`).all() as { type: string }[]).map((row) => row.type);
      expect(types).toEqual(expect.arrayContaining(['RING', 'ANSWER', 'SET_FIELD', 'CALLER_HANG_UP', 'TOGGLE_REASON', 'SAVE']));
    } finally {
      db.close();
    }
    expect(execFileSync('stat', ['-c', '%a', join(disk!, 'data', 'calls.sqlite')], { encoding: 'utf8' }).trim()).toBe('600');
  });
});
