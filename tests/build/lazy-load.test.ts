/**
 * A command that draws no screen starts in about the time of a bare node (issue 16): it loads
 * neither the screen (Ink, React), the pack parser (yaml, zod) nor the settings' schema compiler
 * (conf, ajv). The live screen on a built-in pack starts from the packs compiled at build time:
 * it loads Ink and React, and neither yaml nor zod. Nothing a user sees says which modules a command loaded, only how long it took to
 * start; these tests run the built bin with a loader hook that lists every file of the bundle it
 * loads, and read which packages those files hold (esbuild marks each with its source path).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownAgent, tempDir } from '../helpers.js';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ringside.js');
const HEAVY = ['ink', 'react', 'react-reconciler', 'yoga-layout', 'yaml', 'zod', 'conf', 'ajv', 'ajv-formats', 'pinyin-pro', 'opencc-js'];

/** The packages bundled in the files of dist/ that the hook listed. */
function packagesIn(list: string): string[] {
  const files = readFileSync(list, 'utf8').split('\n').filter((url) => url.includes('/dist/'));
  const packages = new Set<string>();
  for (const file of files) {
    for (const [, name] of readFileSync(fileURLToPath(file), 'utf8').matchAll(/^\/\/ (?:\S*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(name!);
  }
  return [...packages].sort();
}

/** A loader hook that appends every file loaded to `list`; the path of its --import file. */
function listingHook(dir: string, list: string): string {
  writeFileSync(list, '');
  const hooks = `export async function load(url, context, next) {
    if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(${JSON.stringify(list)}, url + '\\n');
    return next(url, context);
  }`;
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`);
  return register;
}

/**
 * The built bin in a pseudo-terminal (util-linux `script`, 80×24) until its screen shows
 * `marker`: what it drew, and the packages bundled in the files it had loaded by then.
 */
async function loadedByScreen(args: string[], marker: string, home?: string): Promise<{ screen: string; packages: string[] }> {
  const dir = tempDir();
  const list = join(dir.path, 'loaded.txt');
  const register = listingHook(dir.path, list);
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const command = `stty rows 24 cols 80; exec ${[process.execPath, '--import', register, bin, ...args].map(quote).join(' ')}`;
  const ringsideHome = home ?? join(dir.path, 'home');
  knownAgent(ringsideHome); // the screen itself, not the first-run setup
  const env: NodeJS.ProcessEnv = { ...process.env, RINGSIDE_HOME: ringsideHome, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
  delete env.CI; // Ink draws only the last frame under CI
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let screen = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`"${marker}" did not show; the screen: ${JSON.stringify(screen.slice(-600))}`)), 15_000);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        screen += chunk;
        if (screen.includes(marker)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return { screen, packages: packagesIn(list) };
  } finally {
    child.stdin.end();
    child.kill('SIGTERM'); // the terminal goes: the screen comes down as for a closed window
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    dir.remove();
  }
}

/** Runs the built bin; what it printed, and the packages bundled in the files it loaded. */
function loadedBy(args: string[]): { code: number | null; out: string; packages: string[] } {
  const dir = tempDir();
  const list = join(dir.path, 'loaded.txt');
  const register = listingHook(dir.path, list);
  try {
    const run = spawnSync(process.execPath, ['--import', register, bin, ...args], { env: { ...process.env, RINGSIDE_HOME: join(dir.path, 'home') }, encoding: 'utf8' });
    return { code: run.status, out: run.stdout, packages: packagesIn(list) };
  } finally {
    dir.remove();
  }
}

describe('what a command without a screen loads', () => {
  it('the hook sees what the bundle loads: checking a pack loads the pack parser (else the tests below prove nothing)', () => {
    const chunks = readFileSync(join(root, 'dist', 'ringside.js'), 'utf8');
    expect(chunks).toContain('import("./');
    const { packages } = loadedBy(['packs', 'show', 'zh-CN-general']);
    expect(packages).toEqual(expect.arrayContaining(['yaml', 'zod']));
  });

  it.each([[['--version']], [['history', '--limit', '50']], [['stats']], [['follow-ups']], [['history', '--json']]])('ringside %j loads no Ink, React, yaml, zod, conf or ajv', (args) => {
    const { code, out, packages } = loadedBy(args);
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(0);
    expect(packages).toContain('commander');
    expect(packages.filter((name) => HEAVY.includes(name))).toEqual([]);
  });
});

describe('what the live screen loads', () => {
  it('on a built-in pack: Ink and React, and neither yaml nor zod (the pack comes compiled), nor the reason filter\'s pinyin (loaded at wrap-up)', async () => {
    const { screen, packages } = await loadedByScreen([], '帮助');
    expect(screen).toContain('来电');
    expect(packages).toEqual(expect.arrayContaining(['ink', 'react']));
    expect(packages.filter((name) => ['yaml', 'zod', 'pinyin-pro', 'opencc-js'].includes(name))).toEqual([]);
  });

  it('with a transcript feed: the matcher\'s dictionaries (pinyin, traditional to simplified) are loaded for it, before the screen is up', async () => {
    const dir = tempDir();
    try {
      const { screen, packages } = await loadedByScreen(['--transcript', join(dir.path, 'feed.jsonl')], '帮助');
      expect(screen).toContain('转写');
      expect(packages).toEqual(expect.arrayContaining(['ink', 'react', 'pinyin-pro', 'opencc-js']));
    } finally {
      dir.remove();
    }
  });

  it('on a pack file of the agent\'s own: the pack parser is loaded for it, and the screen shows its pack', async () => {
    const dir = tempDir();
    try {
      const mine = join(dir.path, 'mine.yaml');
      writeFileSync(mine, readFileSync(join(root, 'scripts', 'zh-CN', 'general.yaml'), 'utf8').replace(/^name: .*$/m, 'name: 我的热线'));
      const { screen, packages } = await loadedByScreen(['--pack', mine], '帮助');
      expect(screen).toContain('我的热线');
      expect(packages).toEqual(expect.arrayContaining(['ink', 'react', 'yaml', 'zod']));
    } finally {
      dir.remove();
    }
  });

  it('with a pack of the agent\'s own in the packs folder under a built-in id: that pack, not the compiled one', async () => {
    const dir = tempDir();
    try {
      const packs = join(dir.path, 'home', 'config', 'packs');
      mkdirSync(packs, { recursive: true, mode: 0o700 });
      writeFileSync(join(packs, 'mine.yaml'), readFileSync(join(root, 'scripts', 'zh-CN', 'general.yaml'), 'utf8').replace(/^name: .*$/m, 'name: 我的热线'));
      const { screen, packages } = await loadedByScreen([], '帮助', join(dir.path, 'home'));
      expect(screen).toContain('我的热线');
      expect(packages).toEqual(expect.arrayContaining(['yaml', 'zod']));
    } finally {
      dir.remove();
    }
  });
});
