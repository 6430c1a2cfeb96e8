/**
 * The last lines of a CI run (.ci/summary.mjs), from what vitest really writes: its JSON results
 * of a real run on a few probe files. Before, a file that failed to load counted as nothing
 * ("N passed, 0 failed" with a file never run) and skipped tests were not said at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const SUMMARY = join(root, '.ci', 'summary.mjs');

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** Runs vitest on these test files (in a folder under the project, so they import its vitest); then the summary. */
function summaryOf(files: Record<string, string>): { lines: string[]; status: number | null } {
  const dir = mkdtempSync(join(root, '.ringside-test-ci-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.ts'] } };\n");
  const results = join(dir, 'results.json');
  const vitest = spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--config', join(dir, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${results}`],
    { cwd: root, encoding: 'utf8' },
  );
  const summary = spawnSync(process.execPath, [SUMMARY, results, String(vitest.status)], { cwd: root, encoding: 'utf8' });
  expect(summary.stderr).toBe('');
  return { lines: summary.stdout.trimEnd().split('\n'), status: vitest.status };
}

describe('the summary at the end of a CI run', () => {
  it('counts a file that failed to load as failed, and lists and counts the skipped tests', () => {
    const { lines } = summaryOf({
      'some.test.ts': `import { expect, it } from 'vitest';
it('passes', () => expect(1).toBe(1));
it.skip('needs something missing', () => {});
it('fails', () => expect(1).toBe(2));
`,
      'broken.test.ts': `import './not-there.js';
import { it } from 'vitest';
it('never runs', () => {});
`,
    });
    expect(lines.at(-1)).toBe('1 passed, 2 failed, 1 skipped');
    expect(lines).toContainEqual(expect.stringMatching(/^skipped: .*some\.test\.ts › needs something missing$/));
    expect(lines).toContainEqual(expect.stringMatching(/^failed outside its tests: .*broken\.test\.ts: .*not-there\.js/));
  }, 60_000);

  it('counts a run that failed with every test passed (an unhandled rejection) as failed', () => {
    const { lines, status } = summaryOf({
      'late.test.ts': `import { it } from 'vitest';
it('passes, but leaves a rejection behind', () => { void Promise.reject(new Error('late')); });
`,
    });
    expect(status).not.toBe(0);
    expect(lines.at(-1)).toBe('1 passed, 1 failed, 0 skipped');
  }, 60_000);

  it('counts a run that stopped before the tests (a tool missing, the build failed) as failed', () => {
    const summary = spawnSync(process.execPath, [SUMMARY, join(root, '.ringside-test-ci-none.json'), '1'], { cwd: root, encoding: 'utf8' });
    expect(summary.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
  });
});
