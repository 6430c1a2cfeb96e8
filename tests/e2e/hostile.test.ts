/**
 * Hostile conditions on the real bin in a real terminal: a window shrunk to 40×12 mid-call and
 * back, packs with a line thousands of characters long in mixed scripts or an escape sequence,
 * and a disk that fills up during a call (a real tmpfs, filled to the last byte).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, mountSmallDisk, packPath, tempDir } from '../helpers.js';
import { haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

function terminal(home: string, size?: { columns: number; rows: number }): Terminal {
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
  return term.waitFor('▶ 请问您贵姓?');
}
/** The screen's text with the terminal's wrapping undone, to read a message that wrapped. */
const unwrapped = (screen: string) => screen.replace(/\n ?/g, '');

const smallDisk = (size: string) => mountSmallDisk(size, cleanup);
const canMount = canMountTmpfs();

tmuxIsInstalled();
describe.runIf(haveTmux)('hostile conditions', () => {
  it('a fault of its own (today: an escape sequence typed that Ink cannot parse) brings the screen down with a sentence, not a stack trace; the call comes back', async () => {
    const dir = home();
    const term = terminal(dir);
    await intoACall(term);
    term.send('\u001b[0m');
    const after = await term.waitFor('[exited');
    // Read without the terminal's wrapping (it may fall on a space).
    const words = after.replace(/\s+/g, '');
    expect(words).toContain('ringside:Ringsidestoppedonaninternalerror(TypeError');
    expect(words).toContain('Thecallinprogressiskeptinthelogandcomesbackwhenyoustart');
    expect(after).toContain('[exited 1]');
    expect(after).not.toMatch(/^\s+at /m); // no stack trace
    // The call is whole: started again, it comes back where it was.
    const again = terminal(dir);
    again.start();
    await again.waitFor('上次退出时通话未结束,已恢复。');
    expect(again.screen()).toContain('▶ 请问您贵姓?');
  });

  it('a terminal shrunk to 40×12 mid-call keeps the header, the line and the keys; back at 80×24 the whole screen returns', async () => {
    const term = terminal(home());
    const full = await intoACall(term);
    term.resize(40, 12);
    const small = await term.waitFor(/^ +通话中 +通话 \d\d:\d\d/);
    const rows = rowsOf(small);
    expect(rows[0]).toMatch(/通话中 +通话 \d\d:\d\d +响铃 \d+s/); // the header stays on top
    expect(small).toContain('▶ 请问您贵姓?');
    expect(small).toMatch(/空格 已说/);
    expect(small).toContain('›○ 请问贵姓'); // the step to do now, its name whole
    // The call goes on at that size: the name is asked and typed.
    term.send('Space');
    await term.waitFor('称呼(回车确认');
    term.send('王女士', 'Enter');
    await term.waitFor('▶ 王女士,您反映的情况是');
    term.resize(80, 24);
    const back = await term.waitFor('R-RESTATE');
    expect(back).toMatch(/^ Ringside · 通用客服热线/);
    expect(back).toMatch(/✓ 请问贵姓 +R-SURNAME/);
    expect(back).toContain('▶ 王女士,您反映的情况是……,我这样理解对吗?');
    expect(rowsOf(back).length).toBe(rowsOf(full).length);
    expect(back).not.toContain('[exited');
  });

  it('a pack line thousands of characters long in mixed scripts is cut to the room there is; the keys stay on screen', async () => {
    const dir = home();
    const packs = join(dir, 'config', 'packs');
    mkdirSync(packs, { recursive: true });
    const long = `您好 Hello مرحبا שלום 👋🏽 ${'天天公司客服中心为您服务。'.repeat(300)}最后一句`;
    const general = readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
    writeFileSync(join(packs, 'long.yaml'), general.replace('id: zh-CN-general', 'id: long-lines').replace('请问您贵姓?', long));
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
    await term.waitFor('称呼(回车确认'); // the long line said, the name field opens
  });

  it('a pack with an escape sequence in a line is refused with its file:line:column and exit 2, the terminal untouched', async () => {
    const dir = home();
    const file = join(dir, 'escape.yaml');
    const general = readFileSync(packPath('zh-CN/general.yaml'), 'utf8');
    writeFileSync(file, general.replace('line: 请问您贵姓?', 'line: "请问您贵姓?\\e[2J\\e[31m"'));
    const line = general.split('\n').findIndex((text) => text.includes('请问您贵姓?')) + 1;
    const term = terminal(dir);
    term.start('--pack', file);
    const screen = await term.waitFor('[exited 2]');
    expect(unwrapped(screen)).toContain(`${file}:${line}:13: a control character (U+001B) in the text;`);
    expect(unwrapped(screen)).toMatch(/the ?screen ?cannot ?show ?it: ?remove ?it/);
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
    await term.waitFor('称呼(回车确认');
    term.send('张先生', 'Enter');
    const full = await term.waitFor('▶ 张先生,您反映的情况是'); // the call goes on
    // (A wrapped message loses the space it wrapped at.)
    expect(unwrapped(full)).toMatch(/⚠ 通话记录写不进去\(database ?or ?disk ?is ?full\):本通电话保存在内存中,一有空间就写入\(按 s 重试\)。请腾出磁盘空间。/);
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
