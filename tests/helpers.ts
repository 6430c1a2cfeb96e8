import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from 'xstate';
import { CallSession, resolveThresholds, type CallCommand } from '../src/call/session.js';
import { loadPackFile, builtinPackDir } from '../src/pack/load.js';
import type { Pack, Thresholds } from '../src/pack/schema.js';

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

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'ringside-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
