// The records budgets of issue 5, measured on this machine: a log of N demo calls (default one
// million), then `ringside stats`, `history --limit 50` and a CSV export, each as the command a
// user runs. Printed as figures and as ratios to a baseline measured in the same run (starting
// `ringside --version`), never asserted: speed is measured, not a test that flakes. Issue 16's
// budgets: `history --limit 50` ≤ 1.5 × `ringside --version`; `history --limit 100000` in the time
// class of exporting as many calls (≤ 2 × the export's time for 100,000 calls, taken from its rate).
//   npm run bench            (1,000,000 calls; filling them takes a few minutes)
//   npm run bench -- 100000
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const calls = Number(process.argv[2] ?? 1_000_000);
const home = mkdtempSync(join(tmpdir(), 'ringside-bench-'));
const bin = new URL('../../bin/ringside.js', import.meta.url).pathname;
const env = { ...process.env, RINGSIDE_HOME: home };
const run = (...args) => execFileSync(process.execPath, [bin, ...args], { env, maxBuffer: 1 << 30 });
/** The best of `times` runs, in ms: the noise of a busy machine only ever adds. */
function best(times, fn) {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) {
    const start = process.hrtime.bigint();
    fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return fastest;
}
/** Peak resident memory of a command, in MiB (from /proc while it runs). */
function peakMemory(args, out) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    let peak = 0;
    const timer = setInterval(() => {
      try {
        const status = execFileSync('cat', [`/proc/${child.pid}/status`]).toString();
        peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
      } catch {}
    }, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      code === 0 ? resolve({ peak, bytes: statSync(out).size }) : reject(new Error(`export exited ${code}`));
    });
  });
}

try {
  const fillStart = Date.now();
  run('demo-data', '--calls', String(calls));
  const fillSeconds = (Date.now() - fillStart) / 1000;
  const database = statSync(join(home, 'data', 'calls.sqlite')).size / 2 ** 20;
  const baseline = best(5, () => run('--version'));
  const stats = best(5, () => run('stats'));
  const statsByDay = best(3, () => run('stats', '--by', 'day'));
  const history = best(5, () => run('history', '--limit', '50'));
  const many = Math.min(100_000, calls);
  const historyMany = best(1, () => run('history', '--limit', String(many)));
  const out = join(home, 'calls.csv');
  const exportStart = Date.now();
  const exported = await peakMemory(['export', '--out', out], out);
  const exportSeconds = (Date.now() - exportStart) / 1000;
  // The whole command, its ratio to a bare start-up, and the work it adds to that start-up.
  const row = (name, ms, budget) =>
    console.log(`${name.padEnd(28)} ${ms.toFixed(0).padStart(7)} ms  ${(ms / baseline).toFixed(2).padStart(6)} × start-up  ${`+${(ms - baseline).toFixed(0)}`.padStart(6)} ms work   budget ${budget}`);
  console.log(`${calls.toLocaleString('en-US')} calls: filled in ${fillSeconds.toFixed(0)} s, log ${database.toFixed(0)} MiB`);
  console.log(`${'baseline: ringside --version'.padEnd(28)} ${baseline.toFixed(0).padStart(7)} ms  (start-up of a command)`);
  row('ringside stats', stats, '< 1000 ms in all');
  row('ringside stats --by day', statsByDay, '< 1000 ms in all');
  const verdict = (met) => (met ? 'met' : 'NOT met');
  row('ringside history --limit 50', history, `≤ 1.5 × start-up   ${verdict(history / baseline <= 1.5)}`);
  console.log(`${'ringside export (csv)'.padEnd(28)} ${exportSeconds.toFixed(1).padStart(7)} s   peak memory ${exported.peak.toFixed(0)} MiB for ${(exported.bytes / 2 ** 20).toFixed(0)} MiB written (streamed: memory stays flat)`);
  const exportMany = (exportSeconds * 1000 * many) / calls;
  console.log(
    `${`ringside history --limit ${many}`.padEnd(28)} ${(historyMany / 1000).toFixed(1).padStart(7)} s   = ${(historyMany / exportMany).toFixed(2)} × export of ${many} calls (${(exportMany / 1000).toFixed(1)} s at its rate)   budget ≤ 2 ×   ${verdict(historyMany <= 2 * exportMany)}`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
