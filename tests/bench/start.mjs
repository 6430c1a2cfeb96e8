// The start-up budgets of issue 16 for the commands that draw no screen, measured on the built
// bin against a bare `node -e 0` started the same way in the same run, never asserted: speed is
// measured, not a test that flakes.
//   --version, history --limit 50, stats, follow-ups on an empty log   ≤ 1.5 × node -e 0
// Then what each piece a command may load costs on its own (imported by a bare node, best of N,
// less the bare start): where a budget is not met, the pieces say what is left to take out.
//   node tests/bench/start.mjs [runs=15]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const runs = Number(process.argv[2] ?? 15);
const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin/ringside.js');
const home = mkdtempSync(join(tmpdir(), 'ringside-bench-start-'));
const env = { ...process.env, RINGSIDE_HOME: home };

/** The best of `runs` launches of node with these arguments, in ms (a busy machine only ever adds). */
function best(args, options = {}) {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'], cwd: root, ...options });
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return fastest;
}

try {
  execFileSync(process.execPath, [bin, 'history'], { env, stdio: 'ignore' }); // the log and the settings exist, as after a first start
  // Interleaved rounds: a load that comes and goes weighs on every figure alike.
  const commands = [['--version'], ['history', '--limit', '50'], ['stats'], ['follow-ups']];
  const figures = { bare: Infinity, ...Object.fromEntries(commands.map((c) => [c.join(' '), Infinity])) };
  for (let round = 0; round < 3; round++) {
    figures.bare = Math.min(figures.bare, best(['-e', '0']));
    for (const command of commands) figures[command.join(' ')] = Math.min(figures[command.join(' ')], best([bin, ...command]));
  }
  const bare = figures.bare;
  const verdict = (met) => (met ? 'met' : 'NOT met');
  console.log(`commands without a screen, on an empty log (best of ${runs * 3})`);
  console.log(`${'baseline: node -e 0'.padEnd(32)} ${`${bare.toFixed(0)} ms`.padEnd(24)}`);
  for (const command of commands) {
    const ms = figures[command.join(' ')];
    console.log(`${`ringside ${command.join(' ')}`.padEnd(32)} ${`${ms.toFixed(0)} ms = ${(ms / bare).toFixed(2)} × node`.padEnd(24)} budget ≤ 1.5 × node -e 0   ${verdict(ms / bare <= 1.5)}`);
  }

  // What each piece costs to load on its own (unbundled, from node_modules), less a bare start.
  console.log('\nwhat each piece costs to load (a bare node importing it, less node -e 0)');
  const pieces = [
    ['commander', 'the command line (every command)'],
    ['better-sqlite3', 'the call log (history, stats, follow-ups, export)'],
    ['string-width', 'display width (the tables of history, stats and follow-ups: two Intl.Segmenters at load)'],
    ['xstate', 'the call machine (the screens; no read command loads it)'],
    ['conf', 'settings through conf + ajv (only to write, or a file not as Ringside wrote it)'],
    ['yaml', 'the pack parser (packs, user packs)'],
    ['zod', 'the pack schema (packs, user packs)'],
    ['ink', 'the screen (Ink with React)'],
  ];
  for (const [name, what] of pieces) {
    const ms = best(['--input-type=module', '-e', `await import(${JSON.stringify(name)})`]) - bare;
    console.log(`  ${name.padEnd(16)} ${`+${ms.toFixed(0)} ms`.padStart(8)}   ${what}`);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
