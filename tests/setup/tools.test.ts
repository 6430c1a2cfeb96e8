/**
 * `npm test` checks its tools first (tests/setup/tools.mjs): without tmux every terminal test used
 * to be skipped and the run still ended "N passed, 0 failed". The check runs here with a PATH made
 * for the test: a folder holding a link to node and stand-ins for the tools (a real apt-get
 * install would change this machine and needs the network, so apt-get is a stand-in too, which
 * logs what it was asked and "installs" into the folder).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = join(__dirname, '..', '..');
const CHECK = join(root, 'tests', 'setup', 'tools.mjs');
const isRoot = process.getuid?.() === 0;
const COMMAND_OF = { tmux: 'tmux', 'baresip-core': 'baresip', 'sip-tester': 'sipp', openssl: 'openssl', postgresql: 'pg_ctlcluster', pocketsphinx: 'pocketsphinx_continuous', 'espeak-ng': 'espeak-ng' } as const;
/**
 * The tools besides the three each test is about: present, unless a test says otherwise. (The
 * recogniser's English model is looked for where Debian installs it, not on PATH: this machine's.)
 */
const OTHERS = ['openssl', 'pg_ctlcluster', 'pocketsphinx_continuous', 'espeak-ng'];

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** A folder to be the whole PATH: node, and the given commands as executables that do nothing. */
function pathWith(...commands: string[]): string {
  const dir = tempDir();
  cleanup.push(dir.remove);
  symlinkSync(process.execPath, join(dir.path, 'node'));
  for (const command of [...commands, ...OTHERS.filter((other) => !commands.includes(`-${other}`))]) if (!command.startsWith('-')) writeFileSync(join(dir.path, command), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir.path;
}

/** An apt-get that logs each call (its arguments and DEBIAN_FRONTEND) and installs the commands, or fails. */
function standInAptGet(path: string, { fails = false } = {}): string {
  const log = join(path, 'apt-get.log');
  writeFileSync(
    join(path, 'apt-get'),
    `#!${process.execPath}
const { appendFileSync, writeFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, args.join(' ') + ' | ' + process.env.DEBIAN_FRONTEND + '\\n');
if (${fails}) process.exit(100);
const commands = ${JSON.stringify(COMMAND_OF)};
if (args[0] === 'install') for (const pkg of args.filter((arg) => !arg.startsWith('-')).slice(1)) writeFileSync(${JSON.stringify(path)} + '/' + commands[pkg], '#!/bin/sh\\n', { mode: 0o755 });
`,
    { mode: 0o755 },
  );
  return log;
}

const check = (path: string) => spawnSync(process.execPath, [CHECK], { env: { PATH: path }, encoding: 'utf8' });

/** The exact command the check must print for these packages. */
const installCommand = (packages: string) =>
  isRoot
    ? `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages}`
    : `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages}`;

describe("npm test's check of its tools", () => {
  it('npm test runs the check before anything else', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.test).toMatch(/^node tests\/setup\/tools\.mjs && /);
  });

  it('with tmux, baresip and sipp on PATH it says nothing and lets the run go on', () => {
    const run = check(pathWith('tmux', 'baresip', 'sipp'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('without them, and no apt-get to install with, it stops the run with exit 1 and the exact command', () => {
    const run = check(pathWith('-openssl', '-pg_ctlcluster'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('npm test needs tools that are not installed: tmux (');
    expect(run.stderr).toContain(`\n  ${installCommand('tmux baresip-core sip-tester openssl postgresql')}\n`);
  });

  it('the recogniser and the voice the transcript tests use: named and their Debian packages given', () => {
    const run = check(pathWith('tmux', 'baresip', 'sipp', '-pocketsphinx_continuous', '-espeak-ng'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('pocketsphinx_continuous (the transcript bridge test runs the recogniser) and espeak-ng');
    expect(run.stderr).toContain(`\n  ${installCommand('pocketsphinx espeak-ng')}\n`);
  });

  it('names only what is missing', () => {
    const run = check(pathWith('tmux', 'sipp'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`\n  ${installCommand('baresip-core')}\n`);
    expect(run.stderr).not.toMatch(/tmux|sipp/);
  });

  it.runIf(isRoot)('as root with apt-get it installs what is missing (apt-get update, then install without recommends, non-interactive) and lets the run go on', () => {
    const path = pathWith('baresip');
    const log = standInAptGet(path);
    const run = check(path);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('Installing tmux sip-tester with apt-get.');
    expect(readFileSync(log, 'utf8')).toBe('update | noninteractive\ninstall -y --no-install-recommends tmux sip-tester | noninteractive\n');
  });

  it.runIf(isRoot)('as root, when apt-get fails, it stops the run with exit 1 and the command to run', () => {
    const path = pathWith('tmux', 'baresip');
    standInAptGet(path, { fails: true });
    const run = check(path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('apt-get did not install sipp');
    expect(run.stderr).toContain(`\n  ${installCommand('sip-tester')}\n`);
  });
});
