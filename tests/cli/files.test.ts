/**
 * The files Ringside writes are its own, run as a person runs it (the real bin): an export never
 * goes through a link or over another's file, and a failed one leaves the old file; folders come
 * out 0700 whatever the umask, and a folder someone else could change is refused; demo-data waits
 * for no screen, and a demo-data killed halfway leaves the log as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { lockCallLog } from '../../src/lock.js';
import { CallStore } from '../../src/store/sqlite.js';
import { canMountTmpfs, mountSmallDisk, packPath, runBin, tempDir, zhGeneral, englishDesk } from '../helpers.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');
const isRoot = process.getuid?.() === 0;
let home: ReturnType<typeof tempDir>;
let cleanup: (() => void)[] = [];
beforeEach(() => {
  home = tempDir();
  // These tests read English sentences: an English desk (a fresh one speaks Chinese).
  englishDesk(home.path);
});
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
  home.remove();
});

const ringside = (...args: string[]) => runBin(home.path, ...args);
const ringsideIn = runBin;
/** `count` complaint calls in the test's call log (a real SQLite file), each with its summary. */
function logCalls(count: number, summary = '话费账单有疑问') {
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(new Date(2026, 10, 23, 9, 0, 0).getTime());
  const store = new CallStore(join(home.path, 'data', 'calls.sqlite'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
  for (let i = 0; i < count; i++) {
    desk.send({ type: 'RING', number: `139${String(i).padStart(8, '0')}` });
    clock.increment(4_000);
    desk.send({ type: 'ANSWER' });
    desk.send({ type: 'SET_FIELD', field: 'name', value: '张先生' });
    desk.send({ type: 'CHOOSE_BRANCH', branch: 'complaint' });
    clock.increment(60_000);
    desk.send({ type: 'CALLER_HANG_UP' });
    desk.send({ type: 'TOGGLE_REASON', code: 'COMPLAINT-BILLING' });
    desk.send({ type: 'SET_SUMMARY', text: summary });
    desk.send({ type: 'SAVE' });
    desk.nextCall();
    clock.increment(60_000);
  }
  store.close();
}
const mode = (path: string) => statSync(path).mode & 0o777;
const noStack = (text: string) => expect(text).not.toMatch(/at .*\.js:\d+/);

const smallDisk = (size: string) => mountSmallDisk(size, cleanup);
const canMount = canMountTmpfs;

describe('export --out writes a file of its own', () => {
  it('a target that is a link is refused with a sentence: the file it points to is untouched', () => {
    logCalls(2);
    const victim = join(home.path, 'victim.txt');
    writeFileSync(victim, 'not an export');
    chmodSync(victim, 0o644);
    const link = join(home.path, 'calls.csv');
    symlinkSync(victim, link);
    const run = ringside('export', '--unmasked', '--out', link);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`ringside: ${link} is a link; Ringside does not write through links (the file it points to would get the calls). Give --out a path that is not a link.\n`);
    expect(readFileSync(victim, 'utf8')).toBe('not an export');
    expect(mode(victim)).toBe(0o644);
    // A dangling link: nothing is made where it points.
    const dangling = join(home.path, 'dangling.csv');
    symlinkSync(join(home.path, 'nowhere.csv'), dangling);
    expect(ringside('export', '--out', dangling).code).toBe(1);
    expect(existsSync(join(home.path, 'nowhere.csv'))).toBe(false);
    // Nothing is left beside them.
    expect(readdirSync(home.path).sort()).toEqual(['calls.csv', 'config', 'dangling.csv', 'data', 'victim.txt']);
  });

  it.skipIf(!isRoot)('run as root, a target of another user or a device node is refused and left as it was', () => {
    logCalls(2);
    const theirs = join(home.path, 'theirs.csv');
    writeFileSync(theirs, 'their export');
    chmodSync(theirs, 0o644);
    chownSync(theirs, 65534, 65534);
    const run = ringside('export', '--unmasked', '--out', theirs);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`ringside: ${theirs} belongs to another user (uid 65534); Ringside writes over files of your own only. Give --out another path.\n`);
    expect(readFileSync(theirs, 'utf8')).toBe('their export');
    expect(statSync(theirs).uid).toBe(65534);
    expect(mode(theirs)).toBe(0o644);
    // A device node of its own (like /dev/null): neither written nor chmodded.
    const device = join(home.path, 'null');
    expect(spawnSync('mknod', ['-m', '666', device, 'c', '1', '3']).status).toBe(0);
    const onDevice = ringside('export', '--unmasked', '--out', device);
    expect(onDevice.code).toBe(1);
    expect(onDevice.err).toBe(`ringside: ${device} is not a regular file; give --out the path of a file.\n`);
    expect(statSync(device).isCharacterDevice()).toBe(true);
    expect(mode(device)).toBe(0o666);
  });

  it.skipIf(!canMount())('an export that fails halfway (the disk fills up) leaves the old file as it was and no temporary file', () => {
    logCalls(200, '客户反映本月账单多扣了一笔费用，要求核实后退还，并希望以后每月账单出来时短信提醒一次。'.repeat(4));
    const disk = smallDisk('64k')!;
    const target = join(disk, 'calls.csv');
    writeFileSync(target, 'last week\'s export');
    const run = ringside('export', '--unmasked', '--out', target);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`ringside: ${target} cannot be written (ENOSPC): the disk is full; the file there is as it was.\n`);
    noStack(run.err);
    expect(readFileSync(target, 'utf8')).toBe('last week\'s export');
    expect(readdirSync(disk)).toEqual(['calls.csv']);
  });
});

describe('folders Ringside uses', () => {
  it('made 0700 (files 0600) even under umask 000: RINGSIDE_HOME, settings and the call log', () => {
    const fresh = join(home.path, 'agent-2');
    const run = spawnSync('sh', ['-c', `umask 000; "${process.execPath}" "${BIN}" config set agentName 王敏 && "${process.execPath}" "${BIN}" history`], {
      env: { ...process.env, RINGSIDE_HOME: fresh },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect([fresh, join(fresh, 'config'), join(fresh, 'data')].map(mode)).toEqual([0o700, 0o700, 0o700]);
    expect([join(fresh, 'config', 'config.json'), join(fresh, 'data', 'calls.sqlite')].map(mode)).toEqual([0o600, 0o600]);
  });

  it('the settings folder is 0700 like the data folder; one left 0755 by an older Ringside is made 0700', () => {
    expect(ringside('config', 'set', 'agentName', '王敏').code).toBe(0);
    expect(ringside('history').code).toBe(0);
    expect(mode(join(home.path, 'config'))).toBe(0o700);
    chmodSync(join(home.path, 'config'), 0o755);
    chmodSync(join(home.path, 'data'), 0o755);
    expect(ringside('config', 'list').code).toBe(0);
    expect(ringside('history').code).toBe(0);
    expect(mode(join(home.path, 'config'))).toBe(0o700);
    expect(mode(join(home.path, 'data'))).toBe(0o700);
    // Under umask 002 (a group of the user's own) an older Ringside left them 0775: made 0700 too.
    chmodSync(join(home.path, 'config'), 0o775);
    chmodSync(join(home.path, 'data'), 0o775);
    expect(ringside('config', 'list').code).toBe(0);
    expect(ringside('history').code).toBe(0);
    expect(mode(join(home.path, 'config'))).toBe(0o700);
    expect(mode(join(home.path, 'data'))).toBe(0o700);
  });

  it('a RINGSIDE_HOME that cannot be reached or made is a sentence about the folder, exit 1, not an error to report', () => {
    const file = join(home.path, 'afile');
    writeFileSync(file, '');
    for (const args of [['history'], ['config', 'list'], ['packs']]) {
      const run = ringsideIn(join(file, 'sub'), ...args);
      expect(run.code, args.join(' ')).toBe(1);
      // A home that cannot be reached has no settings to read: a fresh desk, which speaks Chinese.
      expect(run.err).toMatch(new RegExp(`^ringside: .* ${join(file, 'sub').replace(/[/.]/g, '\\$&')}\\S* (进不去|建不了)（ENOTDIR`));
      expect(run.err).not.toContain('Please report');
      noStack(run.err);
    }
  });

  it('a RINGSIDE_HOME others can write to is refused with a sentence: its packs are not used', () => {
    const shared = join(home.path, 'shared');
    mkdirSync(join(shared, 'config', 'packs'), { recursive: true });
    // Someone else's pack, named like the built-in one.
    writeFileSync(join(shared, 'config', 'packs', 'mine.yaml'), readFileSync(packPath('zh-CN/general.yaml'), 'utf8').replace(/^name: .*$/m, 'name: 别人的热线'));
    englishDesk(shared);
    chmodSync(shared, 0o777);
    for (const args of [['packs'], ['history'], ['config', 'list']]) {
      const run = ringsideIn(shared, ...args);
      expect(run.code).toBe(1);
      expect(run.err).toBe(`ringside: RINGSIDE_HOME ${shared} can be changed by other users (mode 777): they could swap its files. Make it yours alone with \`chmod 700 ${shared}\`, or choose another folder with RINGSIDE_HOME=DIR.\n`);
      expect(run.out).not.toContain('别人的热线');
    }
    // Reached through a link, it is the folder linked to that counts.
    const link = join(home.path, 'link');
    symlinkSync(shared, link);
    expect(ringsideIn(link, 'packs').code).toBe(1);
    // The home is the user's alone now, but the packs folder in it is not.
    chmodSync(shared, 0o700);
    chmodSync(join(shared, 'config', 'packs'), 0o777);
    const packs = ringsideIn(link, 'packs');
    expect(packs.code).toBe(1);
    expect(packs.err).toMatch(/^ringside: Your packs folder \S+\/packs can be changed by other users \(mode 777\)/);
    chmodSync(join(shared, 'config', 'packs'), 0o755);
    expect(ringsideIn(link, 'packs').out).toContain('别人的热线');
    // The same for the scenarios folder.
    mkdirSync(join(shared, 'config', 'scenarios'));
    chmodSync(join(shared, 'config', 'scenarios'), 0o777);
    expect(ringsideIn(link, 'train', '--list').err).toMatch(/^ringside: Your scenarios folder \S+\/scenarios can be changed by other users \(mode 777\)/);
    // A RINGSIDE_HOME that is a file.
    const file = join(home.path, 'a-file');
    writeFileSync(file, '');
    // (a file holds no settings: a fresh desk, which speaks Chinese)
    expect(ringsideIn(file, 'history')).toMatchObject({ code: 1, err: `ringside: RINGSIDE_HOME ${file} 不是文件夹。请把它移开，或用 RINGSIDE_HOME=文件夹 另选一个。\n` });
  });

  it.skipIf(!isRoot)('a RINGSIDE_HOME, settings or data folder of another user is refused with a sentence, not used or chmodded', () => {
    const theirs = join(home.path, 'theirs');
    mkdirSync(theirs, { mode: 0o755 });
    chownSync(theirs, 65534, 65534);
    const run = ringsideIn(theirs, 'history');
    expect(run.code).toBe(1);
    // (a fresh desk, nothing written in it: Chinese)
    expect(run.err).toBe(`ringside: RINGSIDE_HOME ${theirs} 属于另一个用户（用户编号 65534），他能改动 Ringside 在这里读的内容，也能读到它写下的内容。请用你自己的文件夹：RINGSIDE_HOME=文件夹。\n`);
    expect(readdirSync(theirs)).toEqual([]);
    // Its own home, another user's data folder in it.
    expect(ringside('config', 'set', 'agentName', '王敏').code).toBe(0);
    expect(ringside('history').code).toBe(0);
    chownSync(join(home.path, 'data'), 65534, 65534);
    chmodSync(join(home.path, 'data'), 0o755);
    const data = ringside('stats');
    expect(data.code).toBe(1);
    expect(data.err).toMatch(/^ringside: The call log's folder \S+\/data belongs to another user \(uid 65534\)/);
    expect(mode(join(home.path, 'data'))).toBe(0o755);
    chownSync(join(home.path, 'config'), 65534, 65534);
    expect(ringside('config', 'list').err).toMatch(/^ringside: The settings folder \S+\/config belongs to another user \(uid 65534\)/);
  });
});

describe('demo-data and the screen', () => {
  it('demo-data is refused while a screen runs on the log: its calls stay as they are', { timeout: 60_000 }, () => {
    expect(ringside('demo-data', '--calls', '40').code).toBe(0);
    const release = lockCallLog(join(home.path, 'data', 'calls.sqlite'), 'screen');
    try {
      const run = ringside('demo-data', '--calls', '20');
      expect(run.code).toBe(2);
      expect(run.err).toBe(
        `ringside: Ringside is running on the call log ${join(home.path, 'data', 'calls.sqlite')} (process ${process.pid}): demo data would replace the calls under its screen. Quit it first, or give demo data its own folder: RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data\n`,
      );
      expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(40);
    } finally {
      release();
    }
  });

  it('demo-data killed halfway leaves the log as it was; the next one works and leaves nothing behind', async () => {
    expect(ringside('demo-data', '--calls', '40').code).toBe(0);
    const data = join(home.path, 'data');
    const log = join(data, 'calls.sqlite');
    const before = statSync(log).ino;
    // Its temporary files in the test's folder: killed, it cannot remove them itself.
    const temporary = join(home.path, 'tmp');
    mkdirSync(temporary);
    const child = spawn(process.execPath, [BIN, 'demo-data', '--calls', '100000'], { env: { ...process.env, RINGSIDE_HOME: home.path, TMPDIR: temporary }, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Halfway: calls are being copied into the new log (a megabyte of them written), or the log
    // it had was taken away.
    const written = () => readdirSync(data).filter((name) => !/^(calls\.sqlite|screen)/.test(name)).reduce((sum, name) => sum + statSync(join(data, name)).size, 0);
    const deadline = Date.now() + 60_000;
    while (written() < 1_000_000 && statSync(log, { throwIfNoEntry: false })?.ino === before) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('demo-data never got halfway');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(40);
    const again = ringside('demo-data', '--calls', '25');
    expect(again.code).toBe(0);
    expect(JSON.parse(ringside('stats', '--json').out).calls).toBe(25);
    expect(readdirSync(data).filter((name) => !/^(calls\.sqlite|screen\.lock)$/.test(name))).toEqual([]);
  }, 90_000);
});
