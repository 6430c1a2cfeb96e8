import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallSession, resolveThresholds, type CallCommand } from '../src/call/session.js';
import { loadPackFile, builtinPackDir } from '../src/pack/load.js';
import type { Pack, Thresholds } from '../src/pack/schema.js';
import type { CallDesk } from '../src/call/desk.js';

export const packPath = (relative: string) => join(builtinPackDir(), relative);
export const zhGeneral = () => loadPackFile(packPath('zh-CN/general.yaml'));

/** A call on XState's simulated clock: time moves only when the test says so. */
export function simulatedCall(options: { pack?: Pack; strict?: boolean; thresholds?: Partial<Thresholds> } = {}) {
  const pack = options.pack ?? zhGeneral();
  const clock = new SimulatedClock();
  clock.set(1_700_000_000_000);
  const session = new CallSession({ pack, thresholds: resolveThresholds(pack, options.thresholds), strict: options.strict, clock });
  const send = (command: CallCommand | CallCommand['type']) =>
    session.send(typeof command === 'string' ? ({ type: command } as CallCommand) : command);
  const wait = (ms: number) => clock.increment(ms);
  const ctx = () => session.snapshot.context;
  const status = (step: string) => ctx().steps[step]?.status;
  return { pack, clock, session, send, wait, ctx, status, snapshot: () => session.snapshot };
}

/**
 * An ordinary call taken on a desk and saved: answered after `answerAfterMs`, half a minute of
 * talk, the caller hangs up, reason INFO-PRICE. Returns the saved call's id.
 */
export function takeAndSave(desk: CallDesk, clock: SimulatedClock, answerAfterMs = 3_000): number {
  desk.send({ type: 'RING', number: '13812345678' });
  clock.increment(answerAfterMs);
  desk.send({ type: 'ANSWER' });
  clock.increment(30_000);
  desk.send({ type: 'CALLER_HANG_UP' });
  desk.send({ type: 'TOGGLE_REASON', code: 'INFO-PRICE' });
  desk.send({ type: 'SAVE' });
  return desk.lastSaved!.id;
}

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'ringside-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** The real bin, as a person runs it from a shell with RINGSIDE_HOME set: its exit code and what it printed. */
export function runBin(home: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const bin = join(__dirname, '..', 'bin', 'ringside.js');
  const result = spawnSync(process.execPath, [bin, ...args], { env: { ...process.env, RINGSIDE_HOME: home }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/**
 * A real tmpfs of `size` mounted on a fresh temp folder, for a full disk (root with the right to
 * mount: CI here); null where it cannot be. `cleanup` gets its unmount and removal.
 */
export function mountSmallDisk(size: string, cleanup: (() => void)[]): string | null {
  if (process.getuid?.() !== 0) return null;
  const dir = tempDir();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir.path]).status !== 0) {
    dir.remove();
    return null;
  }
  cleanup.push(() => {
    spawnSync('umount', ['-l', dir.path]);
    dir.remove();
  });
  return dir.path;
}

/** Whether this machine lets a test mount a tmpfs (root with the right to mount: CI here). */
export function canMountTmpfs(): boolean {
  const probe: (() => void)[] = [];
  const mounted = mountSmallDisk('64k', probe) !== null;
  for (const undo of probe) undo();
  return mounted;
}

/**
 * An English desk in `home` (RINGSIDE_HOME): the `language` setting says en. A fresh desk works
 * with the default Chinese pack and speaks Chinese; the tests that read English sentences say so.
 */
export function englishDesk(home: string): void {
  withSettings(home, { language: 'en' });
}

/**
 * A desk whose agent is known (agent number 1024): its live screen goes straight to the calls,
 * without the first-run setup that asks a fresh desk who the agent is.
 */
export function knownAgent(home: string, agentNumber = '1024'): void {
  withSettings(home, { agentNumber });
}

/** Settings written into config.json in `home` (RINGSIDE_HOME), beside those already there. */
export function withSettings(home: string, settings: Record<string, unknown>): void {
  const config = join(home, 'config');
  mkdirSync(config, { recursive: true, mode: 0o700 });
  const file = join(config, 'config.json');
  let before: Record<string, unknown> = {};
  try {
    before = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // no settings yet
  }
  writeFileSync(file, JSON.stringify({ ...before, ...settings }), { mode: 0o600 });
}

/**
 * A fresh RINGSIDE_HOME for each test of the file, removed after it, set up by `setup` (e.g.
 * `englishDesk`). Its `path` is the current test's home.
 */
export function homeForEachTest(setup?: (home: string) => void): { readonly path: string } {
  let dir: ReturnType<typeof tempDir> | undefined;
  beforeEach(() => {
    dir = tempDir();
    setup?.(dir.path);
  });
  afterEach(() => dir?.remove());
  return {
    get path() {
      return dir!.path;
    },
  };
}

