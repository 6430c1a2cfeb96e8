/**
 * A command that draws no screen starts in about the time of a bare node (issue 16): it loads
 * neither the screen (Ink, React), the pack parser (yaml, zod) nor the settings' schema compiler
 * (conf, ajv). Nothing a user sees says which modules a command loaded, only how long it took to
 * start; these tests run the built bin with a loader hook that lists every file of the bundle it
 * loads, and read which packages those files hold (esbuild marks each with its source path).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'ringside.js');
const HEAVY = ['ink', 'react', 'react-reconciler', 'yoga-layout', 'yaml', 'zod', 'conf', 'ajv', 'ajv-formats'];

/** Runs the built bin; what it printed, and the packages bundled in the files it loaded. */
function loadedBy(args: string[]): { code: number | null; out: string; packages: string[] } {
  const dir = tempDir();
  const list = join(dir.path, 'loaded.txt');
  writeFileSync(list, '');
  const hooks = `export async function load(url, context, next) {
    if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(${JSON.stringify(list)}, url + '\\n');
    return next(url, context);
  }`;
  const register = join(dir.path, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});\n`);
  try {
    const run = spawnSync(process.execPath, ['--import', register, bin, ...args], { env: { ...process.env, RINGSIDE_HOME: join(dir.path, 'home') }, encoding: 'utf8' });
    const files = readFileSync(list, 'utf8').split('\n').filter((url) => url.includes('/dist/'));
    const packages = new Set<string>();
    for (const file of files) {
      for (const [, name] of readFileSync(fileURLToPath(file), 'utf8').matchAll(/^\/\/ (?:\S*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) packages.add(name!);
    }
    return { code: run.status, out: run.stdout, packages: [...packages].sort() };
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
