/**
 * The call log's lock, taken by real processes: several starting at once on a lock left by a
 * killed screen (only one may win), a killed holder's pid given to another process (it must not
 * keep the lock), and two takers in one process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lockCallLog } from '../../src/lock.js';
import { tempDir } from '../helpers.js';
import { speak } from '../../src/language.js';

// The sentences asserted here are the English desk's.
speak('en');

const ROOT = join(__dirname, '..', '..');
let bundle: ReturnType<typeof tempDir>;
let dir: ReturnType<typeof tempDir>;
let database: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  // The lock module as the children run it (plain Node runs no TypeScript).
  bundle = tempDir();
  // (on an English desk: the sentences asserted are English)
  const entry = "export { lockCallLog } from './src/lock.ts'; import { speak } from './src/language.ts'; speak('en');";
  buildSync({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', external: ['better-sqlite3'], outfile: join(bundle.path, 'lock.cjs'), logLevel: 'error' });
});
afterAll(() => bundle.remove());
beforeEach(() => {
  dir = tempDir();
  database = join(dir.path, 'data', 'calls.sqlite');
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  dir.remove();
});

/**
 * A Ringside in a process of its own, taking the lock when told: `take` now, or `take AT` at the
 * moment AT (so several start together, each spinning until then); it answers `won` or
 * `refused: …` and keeps what it got until told `release` (answered `released`) or killed.
 */
function taker(): { child: ChildProcess; ask: (command: string) => Promise<string> } {
  const script = `
    const { lockCallLog } = require(${JSON.stringify(join(bundle.path, 'lock.cjs'))});
    let release = null;
    require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
      const [command, at] = line.split(' ');
      if (command === 'release') {
        release?.();
        release = null;
        return process.stdout.write('released\\n');
      }
      while (Date.now() < Number(at ?? 0));
      try {
        release = lockCallLog(${JSON.stringify(database)}, 'screen');
        process.stdout.write('won\\n');
      } catch (error) {
        process.stdout.write('refused: ' + error.message + '\\n');
      }
    });
  `;
  const child = spawn(process.execPath, ['-e', script], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const waiting: { command: string; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  lines.on('line', (line) => waiting.shift()?.resolve(line));
  child.on('exit', (code) => {
    for (const { command, reject } of waiting.splice(0)) reject(new Error(`the taker ended (${code}) before answering ${command}`));
  });
  const ask = (command: string) =>
    new Promise<string>((resolve, reject) => {
      waiting.push({ command, resolve, reject });
      child.stdin!.write(`${command}\n`);
    });
  return { child, ask };
}

async function killNine(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}

/** A screen that took the lock and was killed with -9; returns its pid. */
async function killedHolder(): Promise<number> {
  const holder = taker();
  expect(await holder.ask('take')).toBe('won');
  await killNine(holder.child);
  return holder.child.pid!;
}

/** Every file in the data folder, as it is now. */
function snapshot(): Map<string, Buffer> {
  const data = join(dir.path, 'data');
  return new Map(readdirSync(data).map((name) => [name, readFileSync(join(data, name))]));
}

describe('the call log lock', () => {
  it('several Ringsides starting together on a lock left by kill -9: exactly one wins, the others are told who has it', async () => {
    await killedHolder();
    // What the killed screen left, put back before each round: each round races on a dead lock.
    const left = snapshot();
    const racers = Array.from({ length: 6 }, () => taker());
    for (let round = 0; round < 40; round++) {
      for (const [name, content] of left) writeFileSync(join(dir.path, 'data', name), content);
      const startAt = Date.now() + 50; // all of them spinning by then
      const said = await Promise.all(racers.map((racer) => racer.ask(`take ${startAt}`)));
      expect(said.filter((text) => text === 'won'), `round ${round}:\n${said.join('\n')}`).toHaveLength(1);
      for (const refusal of said.filter((text) => text !== 'won')) {
        expect(refusal).toMatch(/^refused: Ringside is already running on the call log \S+calls\.sqlite( \(process \d+\))?: two screens would take the same calls/);
      }
      await Promise.all(racers.map((racer) => racer.ask('release')));
    }
  }, 60_000);

  it('a killed holder whose pid now belongs to another process does not keep the lock', async () => {
    const pid = await killedHolder();
    // The pid is reused: every file the killed screen left with its pid now names a live process.
    const data = join(dir.path, 'data');
    for (const name of readdirSync(data)) {
      const path = join(data, name);
      const text = readFileSync(path, 'utf8');
      if (text.includes(String(pid))) writeFileSync(path, text.replace(String(pid), String(process.ppid)));
    }
    const release = lockCallLog(database, 'screen');
    await expect(taker().ask('take')).resolves.toMatch(new RegExp(`\\(process ${process.pid}\\): two screens`));
    release();
  });

  it('two takers in one process: the second is refused; released, it is free again', () => {
    const release = lockCallLog(database, 'demo-data');
    expect(() => lockCallLog(database, 'screen')).toThrow(`ringside demo-data is filling the call log ${database} (process ${process.pid}). Wait until it is done`);
    expect(() => lockCallLog(database, 'demo-data')).toThrow(expect.objectContaining({ exitCode: 2 }));
    // The lock is the user's alone, like the log beside it.
    for (const name of ['screen.lock', 'screen.pid']) expect([name, statSync(join(dir.path, 'data', name)).mode & 0o777]).toEqual([name, 0o600]);
    release();
    const again = lockCallLog(database, 'screen');
    expect(() => lockCallLog(database, 'demo-data')).toThrow(`Ringside is running on the call log ${database} (process ${process.pid}): demo data would replace the calls under its screen.`);
    again();
  });

  it('a lock file that is a link is refused with a sentence, and nothing is written through it', () => {
    const elsewhere = join(dir.path, 'elsewhere');
    writeFileSync(elsewhere, 'not a lock');
    mkdirSync(join(dir.path, 'data'), { mode: 0o700 });
    symlinkSync(elsewhere, join(dir.path, 'data', 'screen.lock'));
    expect(() => lockCallLog(database, 'screen')).toThrow(`The lock file ${join(dir.path, 'data', 'screen.lock')} is a link;`);
    expect(readFileSync(elsewhere, 'utf8')).toBe('not a lock');
  });
});
