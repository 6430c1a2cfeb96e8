/**
 * What a person (or a script) can throw at the command line, run as a person runs it (the real
 * bin): settings that would drive the terminal, days that do not exist, keys that are no keys, a
 * settings folder on a read-only disk, output to a full disk or into a closed pipe. Each gets a
 * sentence that says what is wrong (or, for a reader that stopped reading, a quiet end), never a
 * stack trace, and nothing wrong is stored.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canMountTmpfs, englishDesk, runBin, tempDir } from '../helpers.js';
import { haveTmux } from '../e2e/tmux.js';

const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');
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
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m);
const ESC = '\u001b';
const canMount = canMountTmpfs();

/** What the settings file holds now (empty when there is none). */
const settingsFile = () => {
  try {
    return readFileSync(join(home.path, 'config', 'config.json'), 'utf8');
  } catch {
    return '';
  }
};

describe('settings from outside', () => {
  it.runIf(haveTmux)('an escape sequence given as a setting never reaches the terminal: the title stays, the value is refused and never stored', () => {
    expect(ringside('config', 'set', 'company', '天天公司').code).toBe(0);
    // In a real terminal (tmux): set the company to a title-changing sequence, then read it back,
    // by the command line and by hand in the file.
    const script = join(home.path, 'retitle.sh');
    const settings = join(home.path, 'config', 'config.json');
    writeFileSync(
      script,
      [
        `export RINGSIDE_HOME=${JSON.stringify(home.path)}`,
        `node ${JSON.stringify(BIN)} config set company "$(printf '\\033]0;pwned\\007')"`,
        `node ${JSON.stringify(BIN)} config get company`,
        `node -e 'const f = process.argv[1]; const s = JSON.parse(require("fs").readFileSync(f, "utf8")); s.hotline = "\\u001b]2;pwned-too\\u0007"; require("fs").writeFileSync(f, JSON.stringify(s))' ${JSON.stringify(settings)}`,
        `node ${JSON.stringify(BIN)} config get hotline`,
        `echo '[done]'`,
        'sleep 600',
      ].join('\n'),
    );
    const socket = ['-L', `ringside-title-${process.pid}`, '-f', '/dev/null'];
    execFileSync('tmux', [...socket, 'new-session', '-d', '-s', 'main', '-x', '100', '-y', '30', `sh ${script}`]);
    cleanup.push(() => spawnSync('tmux', [...socket, 'kill-server']));
    const deadline = Date.now() + 15_000;
    let screen = '';
    while (!(screen = execFileSync('tmux', [...socket, 'capture-pane', '-p', '-t', 'main'], { encoding: 'utf8' })).includes('[done]')) {
      if (Date.now() > deadline) throw new Error(`the commands never finished:\n${screen}`);
      spawnSync('sleep', ['0.05']);
    }
    const title = execFileSync('tmux', [...socket, 'display-message', '-p', '-t', 'main', '#{pane_title}'], { encoding: 'utf8' }).trim();
    expect(title).not.toMatch(/pwned/);
    expect(screen.replace(/\n/g, '')).toContain('ringside: company cannot hold U+001B');
    expect(screen.replace(/\n/g, '')).toMatch(/The settings file \S+config\.json cannot be read: hotline holds a character the terminal would act on/);
    expect(settingsFile()).not.toContain('pwned"'); // the company never stored (only the hand edit is there)
  });

  it('a string setting with a control character, a bell, a line break or a direction override: a sentence, exit 2, nothing stored', () => {
    ringside('config', 'set', 'agentName', '王敏');
    const before = settingsFile();
    for (const [name, value, shown] of [
      ['company', `${ESC}]0;pwned\u0007`, 'U+001B'],
      ['agentName', '王\u0007敏', 'U+0007'],
      ['hotline', '95\u202e123', 'U+202E'],
      ['agentNumber', '10\n24', 'U+000A'],
      ['ringSeconds', `${ESC}[31m`, 'U+001B'],
    ]) {
      const run = ringside('config', 'set', name!, value!);
      expect(run).toEqual({
        code: 2,
        out: '',
        err: `ringside: ${name} cannot hold ${shown} (an escape sequence, a bell, a line break or a direction override would drive the terminal the setting is shown on). Nothing was changed; give the text without it.\n`,
      });
    }
    expect(settingsFile()).toBe(before);
    expect(ringside('config', 'get', 'agentName').out).toBe('王敏\n');
    // A setting's name is echoed back without what it would do to the terminal.
    expect(ringside('config', 'set', `x${ESC}[31m`, '1').err).toMatch(/^ringside: There is no setting "x\\u001b\[31m"\. Settings:/);
  });

  it('holidays are days of the calendar: 2026-02-30 is refused with a sentence, a leap day is taken', () => {
    expect(ringside('config', 'set', 'holidays', '2026-10-01,2026-02-30')).toEqual({
      code: 2,
      out: '',
      err: 'ringside: holidays takes a day as YYYY-MM-DD, for example 2026-11-24; "2026-02-30" is not one.\n',
    });
    expect(ringside('config', 'get', 'holidays').out).toBe('[]\n');
    expect(ringside('config', 'set', 'holidays', '2028-02-29,2026-10-01').out).toBe('holidays = ["2028-02-29","2026-10-01"]\n');
    // By hand in the file: said when the settings are read.
    const file = join(home.path, 'config', 'config.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(settingsFile()), holidays: ['2026-02-30'] }));
    expect(ringside('config', 'list')).toMatchObject({ code: 2, err: expect.stringContaining('holidays/0 is not a day of the calendar as YYYY-MM-DD. Fix it by hand') });
  });

  it('a key override is one key: each mistake named in a sentence (exit 2), and nothing stored', () => {
    expect(ringside('config', 'set', 'keys', 'hold=p').code).toBe(0);
    const commands = 'step, ring, callBack, answer, say, hold, callerHangUp, agentHangUp, nextPhase, branches, fields, nextLine, prevLine, lines, note, undo, filter, summary, flag, save, map, score, cancel, help, quit';
    const form = 'keys takes COMMAND=KEY pairs separated by commas, e.g. hold=p,answer=y';
    const oneKey = (command: string, key: string) =>
      `The key for ${command} must be one key: one character (a letter or a sign) or a key name (space, return, tab, escape, left, right, up, down, backspace); not ${key}.`;
    for (const [text, sentence] of [
      [`hold=${ESC}`, oneKey('hold', '"\\u001b"')],
      ['hold=pp', oneKey('hold', '"pp"')],
      ['=x', `${form}; "=x" names no command. Commands: ${commands}.`],
      ['hold=', `${form}; "hold=" gives hold no key.`],
      ['teleport=t', `${form}; "teleport" is not a command. Commands: ${commands}.`],
      ['hold=1', 'The digits choose in menus (branches, caller fields, reasons): give hold another key than 1.'],
      ['hold=0', 'The digits choose in menus (branches, caller fields, reasons): give hold another key than 0.'], // 0 too: the screen refused to start on it
    ]) {
      expect(ringside('config', 'set', 'keys', text!), text).toEqual({ code: 2, out: '', err: `ringside: ${sentence}\n` });
    }
    expect(ringside('config', 'get', 'keys').out).toBe('{"hold":"p"}\n');
    expect(ringside('config', 'set', 'keys', 'hold=p,answer=space').err).toBe('ringside: The key "space" already does say; give answer a key of its own.\n');
    expect(ringside('config', 'set', 'keys', 'hold=escape,say=好').err).toBe('ringside: The key "escape" already does cancel; give hold a key of its own.\n');
    expect(ringside('config', 'set', 'keys', 'hold=p,say=好').out).toBe('keys = {"hold":"p","say":"好"}\n');
  });

  it.runIf(canMount)('a settings folder on a read-only disk: said as a folder that cannot be written (exit 1), not as a bad value', () => {
    const folder = join(home.path, 'config');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const mount = (options: string) => execFileSync('mount', ['-t', 'tmpfs', '-o', `size=1m,mode=0700${options}`, 'tmpfs', folder]);
    mount('');
    cleanup.push(() => spawnSync('umount', ['-l', folder]));
    englishDesk(home.path); // the desk's settings now live on the new disk: English sentences are asserted
    expect(ringside('config', 'set', 'agentName', '王敏').code).toBe(0);
    execFileSync('mount', ['-o', 'remount,ro', folder]);
    const cannot = (what: string) =>
      `ringside: The settings file ${join(folder, 'config.json')} cannot be written (EROFS: its folder is on a read-only file system); ${what}. Make the folder writable, or choose another folder with RINGSIDE_HOME=DIR.\n`;
    for (const args of [['config', 'set', 'agentName', '李华'], ['config', 'unset', 'agentName']]) {
      const run = ringside(...args);
      expect(run, args.join(' ')).toEqual({ code: 1, out: '', err: cannot('nothing was changed') });
    }
    expect(ringside('config', 'get', 'agentName').out).toBe('王敏\n');
    // A read-only folder with no settings file yet: Ringside would write the defaults there. With no
    // settings the desk speaks the default pack's language, Chinese.
    spawnSync('umount', ['-l', folder]);
    mount(',ro');
    expect(ringside('config', 'list')).toEqual({
      code: 1,
      out: '',
      err: `ringside: 设置文件 ${join(folder, 'config.json')} 写不了（EROFS：所在文件夹在只读文件系统上）；缺少默认设置时 Ringside 会把它们写进去。请让文件夹可写，或用 RINGSIDE_HOME=文件夹 另选一个。\n`,
    });
  });
});

describe('output that cannot be written', () => {
  it('export and history onto a full disk: a sentence that the output is incomplete, exit 1, no stack trace', () => {
    expect(ringside('demo-data', '--calls', '300').code).toBe(0);
    for (const args of [['export'], ['export', '--format', 'jsonl'], ['history', '-n', '100']]) {
      const full = openSync('/dev/full', 'w'); // every write: ENOSPC
      const run = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      closeSync(full);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr).toBe('ringside: the output could not be written (ENOSPC: the disk is full); it stops here, and what was written is incomplete.\n');
      noStack(run.stderr);
    }
  }, 60_000);

  it('export into a pipe its reader closed (| head): it stops quietly, exit 0', async () => {
    expect(ringside('demo-data', '--calls', '2000').code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'export'], { env: { ...process.env, RINGSIDE_HOME: home.path }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // read the first lines, then stop reading
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
  }, 60_000);
});

describe('names from outside (file names, typed ids, paths) said back', () => {
  // What a terminal would act on: C0 and C1 controls but the line break, DEL, and the
  // bidirectional overrides. None of it may reach the terminal raw.
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
  const TITLE = `${ESC}]0;pwned\u0007`; // retitles the terminal, then rings the bell
  const TITLE_SHOWN = '\\u001b]0;pwned\\u0007';
  const saidSafely = (run: { out: string; err: string }) => {
    expect(run.out).not.toMatch(RAW);
    expect(run.err).not.toMatch(RAW);
    noStack(run.err);
  };
  const knownPacks = 'Known packs: en-hotline, zh-CN-general, zh-CN-telecom (ringside packs lists them).';

  it('a pack file whose name retitles the terminal: `ringside packs` lists it and its problems with the name escaped, and so the links it does not follow', () => {
    const folder = join(home.path, 'config', 'packs');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(folder, `${TITLE}.yaml`), 'id: x\n');
    symlinkSync('/nowhere', join(folder, `${ESC}[31mred.yaml`));
    const run = ringside('packs');
    expect(run.code).toBe(0);
    saidSafely(run);
    const file = join(folder, `${TITLE_SHOWN}.yaml`);
    expect(run.out).toContain(`  (broken)            ${file}\n    ${file}:1:1: language: Invalid option`);
    expect(run.out).toContain(`! Your packs folder ${folder}: a link was not followed (\\u001b[31mred.yaml): Ringside reads only what is in the folder itself`);
    // Beside the JSON, the sentence on stderr too.
    const json = ringside('packs', '--json');
    saidSafely({ out: '', err: json.err });
    expect(json.err).toContain('a link was not followed (\\u001b[31mred.yaml)');
    expect(json.out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/); // JSON escapes them
    expect(JSON.parse(json.out).at(-1).file).toBe(join(folder, `${TITLE}.yaml`)); // the data as it is
  });

  it('the same for scenario files: `ringside train --list`', () => {
    const folder = join(home.path, 'config', 'scenarios');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileSync(join(folder, `${TITLE}.yaml`), 'id: x\n');
    symlinkSync('/nowhere', join(folder, `${ESC}[31mred.yaml`));
    const run = ringside('train', '--list');
    expect(run.code).toBe(0);
    saidSafely(run);
    const file = join(folder, `${TITLE_SHOWN}.yaml`);
    expect(run.out).toContain(`  (broken)              ${file}\n    ${file}:1:1: language: Invalid option`);
    expect(run.out).toContain(`! Your scenarios folder ${folder}: a link was not followed (\\u001b[31mred.yaml)`);
  });

  it('a pack or scenario id with an escape sequence is said back escaped, exit 2', () => {
    for (const args of [['rules', '--pack', `${ESC}[31mx`], ['packs', 'show', `${ESC}[31mx`], ['chart', '--pack', `${ESC}[31mx`]]) {
      const run = ringside(...args);
      saidSafely(run);
      expect(run, args.join(' ')).toEqual({ code: 2, out: '', err: `ringside: There is no pack "\\u001b[31mx". ${knownPacks}\n` });
    }
    const train = ringside('train', TITLE);
    saidSafely(train);
    expect(train.code).toBe(2);
    expect(train.err).toMatch(/^ringside: There is no scenario "\\u001b\]0;pwned\\u0007"\. Scenarios: en-complaint, /);
  });

  it('`packs check` on a path with an escape sequence: its problems (and its verdict when valid) name it escaped', () => {
    const missing = ringside('packs', 'check', `x${ESC}[31m.yaml`);
    saidSafely(missing);
    expect(missing).toEqual({ code: 2, out: '', err: 'ringside: x\\u001b[31m.yaml:1:1: no such file; check the path\n' });
    const broken = join(home.path, `${TITLE}.yaml`);
    writeFileSync(broken, 'id: x\n');
    const run = ringside('packs', 'check', broken);
    saidSafely(run);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`ringside: ${join(home.path, `${TITLE_SHOWN}.yaml`)}:1:1: language: Invalid option`);
    const valid = join(home.path, `ok${TITLE}.yaml`);
    writeFileSync(valid, readFileSync(join(__dirname, '..', '..', 'scripts', 'en', 'hotline.yaml')));
    const ok = ringside('packs', 'check', valid);
    saidSafely(ok);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(new RegExp(`^${join(home.path, `ok${TITLE_SHOWN}`).replace(/[\\/.[\]]/g, '\\$&')}\\.yaml: pack en-hotline \\(General hotline \\(English\\)\\) is valid`));
  });

  it('what the YAML parser quotes of a pack (a bad escape, a block header) is escaped too', () => {
    const pack = join(home.path, 'quoting.yaml');
    writeFileSync(pack, `id: x\nname: "a\\${ESC}[31m"\nlanguage: |2${TITLE}\n  x\n`);
    const run = ringside('packs', 'check', pack);
    saidSafely(run);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`${pack}:2:9: not valid YAML: Invalid escape sequence \\\\u001b`);
    expect(run.err).toContain(`${pack}:3:13: not valid YAML: Block scalar header includes extra characters: |2${TITLE_SHOWN}`);
  });

  it('an option or a value the command line does not know is said back escaped, exit 2', () => {
    for (const [args, sentence] of [
      [[`--pa${ESC}[31m`], "error: unknown option '--pa\\u001b[31m'"],
      [['export', '--format', TITLE], `error: option '--format <format>' argument '${TITLE_SHOWN}' is invalid. Allowed choices are csv, json, jsonl.`],
      [['score', '1', '--fail', TITLE], `error: option '--fail <items>' argument '${TITLE_SHOWN}' is invalid. scorecard items are letters A to N, separated by commas; not \\u001b]0;PWNED\\u0007.`],
      [['history', '-n', `${ESC}[31m`], "error: option '-n, --limit <n>' argument '\\u001b[31m' is invalid. give a whole number of 1 or more."],
    ] as const) {
      const run = ringside(...args);
      saidSafely(run);
      expect(run, args.join(' ')).toEqual({ code: 2, out: '', err: `${sentence}\n(ringside --help lists the commands and options)\n` });
    }
  });

  it('a softphone address with an escape sequence is said back escaped, exit 2', () => {
    for (const [address, sentence] of [
      [TITLE, `"${TITLE_SHOWN}" is not a softphone address.`],
      [`baresip://${ESC}[31m`, '"baresip://\\u001b[31m" is not a softphone address.'],
      // (The URL parser drops a control character at the end: the port is 0.)
      [`baresip://[::1]:0${ESC}`, '"baresip://[::1]:0\\u001b" needs a host and a port'],
    ]) {
      const run = ringside('--softphone', address!);
      saidSafely(run);
      expect(run.code, address).toBe(2);
      expect(run.err, address).toContain(`ringside: ${sentence}`);
    }
  });

  it('export --out to a path with an escape sequence: where it went, or why it could not, named escaped', () => {
    englishDesk(home.path); // the English sentence is asserted
    expect(ringside('demo-data', '--calls', '5').code).toBe(0);
    const out = join(home.path, `${TITLE}.csv`);
    const run = ringside('export', '--out', out);
    saidSafely(run);
    expect(run).toEqual({ code: 0, out: '', err: `5 calls written to ${join(home.path, `${TITLE_SHOWN}.csv`)} (caller data masked).\n` });
    expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFid,/);
    const nowhere = ringside('export', '--out', join(home.path, TITLE, 'calls.csv'));
    saidSafely(nowhere);
    expect(nowhere).toEqual({ code: 1, out: '', err: `ringside: ${join(home.path, TITLE_SHOWN, 'calls.csv')} cannot be written (ENOENT): check the folder exists and is yours.\n` });
  });

  it('a RINGSIDE_HOME with an escape sequence in its name: config path, and a sentence about the folder, show it escaped', () => {
    const odd = join(home.path, TITLE);
    englishDesk(odd); // the English sentences are asserted
    const paths = runBin(odd, 'config', 'path');
    saidSafely(paths);
    const shown = join(home.path, TITLE_SHOWN);
    expect(paths).toEqual({ code: 0, err: '', out: `settings  ${shown}/config/config.json\npacks     ${shown}/config/packs\ncall log  ${shown}/data/calls.sqlite\n` });
    const packs = runBin(odd, 'packs');
    saidSafely(packs);
    expect(packs.out).toContain(`Your own packs go in ${shown}/config/packs\n`);
    const scenarios = runBin(odd, 'train', '--list');
    saidSafely(scenarios);
    expect(scenarios.out).toContain(`Your own scenarios go in ${shown}/config/scenarios\n`);
    const file = join(home.path, `${TITLE}file`);
    writeFileSync(file, '');
    const run = runBin(file, 'history');
    saidSafely(run);
    // (a file holds no settings: a fresh desk, which speaks Chinese)
    expect(run).toEqual({ code: 1, out: '', err: `ringside: RINGSIDE_HOME ${shown}file 不是文件夹。请把它移开，或用 RINGSIDE_HOME=文件夹 另选一个。\n` });
  });
});
