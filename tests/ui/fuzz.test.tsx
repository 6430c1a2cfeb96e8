/**
 * 10,000 random key sequences on the live screen (every key of the keymap, digits, Enter,
 * Backspace, arrows, Chinese, emoji, right-to-left text, control characters, bursts that arrive
 * as one chunk), with the simulated clock jumping between them so timers fire. After each
 * sequence the machine's invariants hold and the call log agrees with the screen; the screen
 * never throws. Seeded: a failure names its seed and sequence.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom as random } from '../../src/demo-data.js';
import { SimulatedClock } from 'xstate';
import { reasonGroups, type CallContext } from '../../machines/call.js';
import { allSteps } from '../../machines/steps.js';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/db.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keymap.js';
import { zhGeneral } from '../helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

// `q` is left out: it ends the screen (after asking, in a call), which is its job.
const KEYS = [
  ...'.coahexbf rnw/!smk?',
  ...'123456789',
  '\r', '\t', '\u001B', '\u007F', '\u001B[C', '\u001B[D', '\u001B[A',
  '张', '先生', 'a', '😀', 'שלום', '\u0001', '\u0007', 'x'.repeat(300),
];

/** What must be true of a call whatever keys were pressed. */
function invariantBreaks(ctx: CallContext, state: string): string[] {
  const broken: string[] = [];
  const times = [ctx.ringAt, ctx.answeredAt, ctx.endedAt, ctx.savedAt].filter((t): t is number => t !== null);
  if (times.some((t, i) => i > 0 && t < times[i - 1]!)) broken.push(`times out of order: ${times.join(' ')}`);
  if (state === 'idle' && (ctx.ringAt !== null || ctx.reasons.length > 0)) broken.push('idle with a call in it');
  const open = ctx.holds.filter((hold) => hold.endedAt === null);
  if (open.length > 1) broken.push('two holds open');
  if (state === 'hold' && open.length !== 1) broken.push('on hold without an open hold');
  if (ctx.holds.some((hold) => hold.endedAt !== null && hold.endedAt < hold.startedAt)) broken.push('a hold ends before it starts');
  const stepIds = new Set([...allSteps(ctx.pack), ...Object.values(ctx.pack.callback?.phases ?? {}).flat()].map((step) => step.id));
  for (const [id, record] of Object.entries(ctx.steps)) {
    if (!stepIds.has(id)) broken.push(`unknown step ${id}`);
    if (!['todo', 'done', 'missed', 'skipped'].includes(record.status)) broken.push(`step ${id} is ${record.status}`);
  }
  const known = new Set(reasonGroups(ctx).flatMap((group) => group.reasons.map((reason) => reason.code)));
  if (ctx.reasons.some((code) => !known.has(code))) broken.push(`unknown reason in ${ctx.reasons.join(',')}`);
  if (new Set(ctx.reasons).size !== ctx.reasons.length) broken.push('a reason twice');
  return broken;
}

describe('fuzz: the live screen under random keys', () => {
  it('10,000 random key sequences: never throws, the machine and the call log stay consistent', async () => {
    // On a memory file system where there is one: the log's fsyncs are not what is tested here.
    const dirPath = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'ringside-fuzz-'));
    const dir = { path: dirPath, remove: () => rmSync(dirPath, { recursive: true, force: true }) };
    const pack = zhGeneral();
    const clock = new SimulatedClock();
    clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
    const path = join(dir.path, 'calls.sqlite');
    const store = new CallStore(path);
    const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' } });
    const ui = render(
      <App
        desk={desk}
        keymap={applyOverrides({})}
        language="auto"
        variables={{ company: '天天公司', hotline: '客服中心', agentNumber: '1024', agentName: '王敏' }}
        agent={{ name: '王敏', number: '1024' }}
        tickMs={1000}
        timeOfDay={() => new Date(2026, 10, 24, 10, 0)}
        followUps={() => store.openFollowUps()}
      />,
    );
    const log = new Database(path, { readonly: true });
    cleanups.push(() => {
      log.close();
      ui.unmount();
      desk.stop();
      store.close();
      dir.remove();
    });
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
    const next = random(seed);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
    const calls = () => log.prepare(`SELECT status, count(*) AS n FROM calls GROUP BY status`).all() as { status: string; n: number }[];
    let saved = 0;

    for (let sequence = 1; sequence <= 10_000; sequence++) {
      const keys = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(KEYS));
      // Most keys one by one, some as a burst read in one go.
      if (next() < 0.2) ui.stdin.write(keys.join(''));
      else for (const key of keys) ui.stdin.write(key);
      if (next() < 0.3) clock.increment(Math.floor(next() * 40_000));
      if (sequence % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // let React draw

      const where = `seed ${seed} (FUZZ_SEED=${seed}), sequence ${sequence}: ${JSON.stringify(keys)}`;
      const state = String(desk.snapshot.value);
      const broken = invariantBreaks(desk.snapshot.context, state);
      if (broken.length > 0) expect.fail(`${where}: ${broken.join('; ')}`);
      const byStatus = Object.fromEntries(calls().map((row) => [row.status, row.n]));
      // At most one call open in the log, and only while the screen has one.
      if ((byStatus.open ?? 0) > (state === 'idle' ? 0 : 1)) expect.fail(`${where}: ${byStatus.open} open calls in the log in state ${state}`);
      if (desk.storeProblem) expect.fail(`${where}: ${desk.storeProblem.kind}: ${desk.storeProblem.detail}`);
      saved = byStatus.saved ?? 0;
    }
    // Esc closes whatever pane or field the last keys left open: the call screen is still there.
    for (let i = 0; i < 3; i++) {
      ui.stdin.write('\u001B');
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    const frame = ui.lastFrame() ?? '';
    expect(frame, `seed ${seed}`).toContain('Ringside');
    expect(frame).not.toMatch(/ERROR|    at /);
    // Every answered call saved had a reason (R-REASON), whatever the keys.
    const reasonless = log
      .prepare(`SELECT count(*) AS n FROM calls c WHERE status = 'saved' AND outcome = 'answered' AND NOT EXISTS (SELECT 1 FROM call_reasons r WHERE r.call_id = c.id)`)
      .get() as { n: number };
    expect(reasonless.n).toBe(0);
    // The keys got somewhere: calls were taken and saved along the way.
    expect(saved).toBeGreaterThan(10);
    const answered = log.prepare(`SELECT count(*) AS n FROM calls WHERE outcome = 'answered'`).get() as { n: number };
    expect(answered.n).toBeGreaterThan(0);
  }, 240_000);
});
