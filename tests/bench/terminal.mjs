// Programs in a pseudo-terminal for the benches (util-linux `script`): what they draw, when a
// marker first shows, their memory, and the floor they are measured against (an Ink + React
// hello-world bundled as dist/ is). Shared by the screen's and the team's benches.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>78]/g;
const clean = (text) => text.replace(ANSI, '');
const shellQuote = (word) => `'${word.replaceAll("'", `'\\''`)}'`;

/** A command in a fresh 80×24 pseudo-terminal; `screen.text` is everything it wrote, ANSI removed. */
export function inTerminal(argv, environment) {
  const command = `stty rows 24 cols 80; exec ${argv.map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env: environment, stdio: ['pipe', 'pipe', 'inherit'] });
  const screen = { child, text: '', waiters: [] };
  child.stdout.setEncoding('utf8'); // a character split between two reads stays whole
  child.stdout.on('data', (chunk) => {
    screen.text += clean(chunk);
    const now = performance.now();
    screen.waiters = screen.waiters.filter((waiter) => !waiter(now));
  });
  return screen;
}
/** When the screen's text (from `from` on) first contains `marker`: performance.now() then. */
export function when(screen, marker, from = 0, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`"${marker}" did not show within ${timeoutMs} ms; the screen: ${JSON.stringify(screen.text.slice(-800))}`)), timeoutMs);
    const check = (now) => {
      if (!screen.text.slice(from).includes(marker)) return false;
      clearTimeout(timer);
      resolve(now);
      return true;
    };
    if (!check(performance.now())) screen.waiters.push(check);
  });
}
/** Ends the command and the terminal it runs in (killing `script` alone leaves its child), and
 * waits until the command is gone: the next launch must not find its lock still held. */
export async function stop(screen) {
  const command = childOf(screen.child.pid);
  try {
    if (command > 0) process.kill(command, 'SIGKILL'); // 0 would be this whole process group
  } catch {} // it ended by itself just now
  screen.child.kill('SIGKILL');
  // Until it is reaped: a zombie still looks alive to the lock. A few seconds at most.
  for (const deadline = Date.now() + 5000; command > 0 && existsSync(`/proc/${command}`) && Date.now() < deadline; ) await sleep(5);
}
/** The best of `times` launches, in ms from spawn to `marker` on screen. */
export async function launch(argv, marker, times, environment) {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    const screen = inTerminal(argv, environment);
    fastest = Math.min(fastest, (await when(screen, marker)) - start);
    await stop(screen);
  }
  return fastest;
}
/** The command inside `script` (its shell exec'd into it). */
export function childOf(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]) || 0;
  } catch {
    return 0; // it has ended
  }
}
export const procStatus = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** The floor of the stack: Ink and React drawing one line ("你好 hello-frame"), bundled into `dir` as dist/ is. Its path. */
export async function inkHelloWorld(dir) {
  const hello = join(dir, 'hello.mjs');
  writeFileSync(join(dir, 'hello-src.mjs'), `import React from 'react'; import { render, Text } from 'ink';
    render(React.createElement(Text, null, '你好 hello-frame')); setTimeout(() => {}, 5000);`);
  await build({
    entryPoints: { hello: join(dir, 'hello-src.mjs') }, outdir: dir, outExtension: { '.js': '.mjs' }, splitting: true, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    nodePaths: [new URL('../../node_modules', import.meta.url).pathname], external: ['react-devtools-core'], logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  return hello;
}

/** A program's resident peak (VmHWM) in MiB half a second after `marker` shows in its terminal. */
export async function peakOf(argv, marker, environment) {
  const screen = inTerminal(argv, environment);
  await when(screen, marker);
  await sleep(500);
  const peak = procStatus(childOf(screen.child.pid), 'VmHWM') / 1024;
  await stop(screen);
  return peak;
}
