/**
 * docs/rules.md says, for every rule of the standards, where Ringside implements it and which tests
 * check it. A review once found rows naming tests that did not exist: this keeps the table honest.
 * Each test the table names is written `tests/…/file.test.ts` "part of its title", and must be a
 * describe or it title in that file; a rule the table calls done, partly done or a line names one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules.js';

const ROOT = join(__dirname, '..', '..');

interface Row {
  id: string;
  status: string;
  tests: string;
}

function tableRows(): Row[] {
  const text = readFileSync(join(ROOT, 'docs', 'rules.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\| R-/.test(line))
    .map((line) => {
      // A `|` inside backticks or escaped is not a column.
      const cells = line.replace(/\\\|/g, '¦').split('|').slice(1, -1).map((cell) => cell.trim());
      return { id: cells[0]!, status: cells[2]!, tests: cells[cells.length - 1]! };
    });
}

/** The describe/it titles written in a test file, as literal strings. */
function titlesOf(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const titles: string[] = [];
  const call = /\b(?:describe|it|test)(?:\.\w+(?:\([^)]*\))?)*\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const match of source.matchAll(call)) titles.push(match[2]!.replace(/\\(.)/g, '$1'));
  return titles;
}

/** `file` "title part" pairs of a tests cell. */
function references(cell: string): { file: string; title: string }[] {
  return [...cell.matchAll(/`([^`]+)` "([^"]+)"/g)].map((match) => ({ file: match[1]!, title: match[2]! }));
}

describe('docs/rules.md', () => {
  const rows = tableRows();

  it('has a row for every rule ID of the standards, once', () => {
    expect(rows.map((row) => row.id).sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it('names, for every rule it calls done, partly done or a line, tests that exist by file and title', () => {
    const problems: string[] = [];
    for (const row of rows) {
      const refs = references(row.tests);
      // Nothing but references (and their separators) in the column: no test named loosely.
      const rest = row.tests.replace(/`[^`]+` "[^"]+"/g, '').replace(/[;,\s]/g, '');
      if (rest !== '' && rest !== '—') problems.push(`${row.id}: "${rest}" is not a test reference (\`file\` "title")`);
      if (refs.length === 0 && row.status !== 'not yet') problems.push(`${row.id} is "${row.status}" but names no test`);
      for (const { file, title } of refs) {
        if (!existsSync(join(ROOT, file))) problems.push(`${row.id}: ${file} does not exist`);
        else if (!titlesOf(file).some((t) => t.includes(title))) problems.push(`${row.id}: ${file} has no test titled with "${title}"`);
      }
    }
    expect(problems).toEqual([]);
  });
});
