#!/usr/bin/env node
// The tools the tests need besides Node, checked before `npm test` runs them: the terminal tests
// drive the real program in tmux, the softphone tests call between two baresip phones (Debian's
// baresip-core: the baresip metapackage would drag in GTK and X11) and from SIPp. Without them
// those tests cannot run, and a run that skipped them must not look green. The team tests start
// a throwaway PostgreSQL cluster with Debian's server, and make a TLS certificate with openssl. The
// transcript bridge test speaks the English pack's lines with espeak-ng and hears them with
// pocketsphinx and its US English model. A missing tool is installed when this runs as root with apt-get, or the run stops here with the command to run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const TOOLS = [
  { command: 'tmux', pkg: 'tmux', why: 'the terminal tests drive the real program in it' },
  { command: 'baresip', pkg: 'baresip-core', why: 'the softphone tests call between two baresip phones' },
  { command: 'sipp', pkg: 'sip-tester', why: 'a softphone test is called by SIPp' },
  { command: 'openssl', pkg: 'openssl', why: 'a team test makes a certificate to connect over TLS' },
  // ringside transcribe runs pocketsphinx with its US English model; espeak-ng speaks the lines it hears.
  { command: 'pocketsphinx_continuous', pkg: 'pocketsphinx', why: 'the transcript bridge test runs the recogniser' },
  {
    command: 'pocketsphinx-en-us',
    pkg: 'pocketsphinx-en-us',
    why: "the recogniser's US English model",
    found: () => existsSync('/usr/share/pocketsphinx/model/en-us/en-us/mdef') && existsSync('/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict'),
  },
  { command: 'espeak-ng', pkg: 'espeak-ng', why: 'the transcript bridge test speaks the lines' },
  // Debian keeps the server's own programs (initdb, pg_ctl) off PATH; its pg_ctlcluster, on PATH,
  // comes with them (tests/team/cluster.ts finds them under /usr/lib/postgresql).
  { command: 'pg_ctlcluster', pkg: 'postgresql', why: 'the team tests start their own PostgreSQL server', found: () => onPath('pg_ctlcluster') || onPath('initdb') },
];

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    if (!dir) return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const missingTools = () => TOOLS.filter((tool) => !(tool.found ? tool.found() : onPath(tool.command)));
const listed = (words) => (words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

let missing = missingTools();
if (missing.length === 0) process.exit(0);

const root = process.getuid?.() === 0;
const packagesOf = (tools) => tools.map((tool) => tool.pkg);
process.stderr.write(`npm test needs tools that are not installed: ${listed(missing.map((tool) => `${tool.command} (${tool.why})`))}.\n`);

if (root && onPath('apt-get')) {
  process.stderr.write(`Installing ${packagesOf(missing).join(' ')} with apt-get.\n`);
  const apt = (...args) =>
    spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (apt('update') && apt('install', '-y', '--no-install-recommends', ...packagesOf(missing))) missing = missingTools();
  if (missing.length === 0) process.exit(0);
  process.stderr.write(`apt-get did not install ${listed(missing.map((tool) => tool.command))} (its messages are above).\n`);
}

const packages = packagesOf(missing).join(' ');
const command = root
  ? `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages}`
  : `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages}`;
process.stderr.write(
  `Install ${missing.length === 1 ? 'it' : 'them'}, then run npm test again:\n\n  ${command}\n\n` +
    `(Debian's and Ubuntu's command; elsewhere install ${listed(missing.map((tool) => tool.command))} with the system's package manager.)\n`,
);
process.exit(1);
