/**
 * Every built-in scenario, played headless through the real screen: the model call scores 100
 * with nothing failed, and the mistaken run (tests/train/mistakes.ts) ends with its known score
 * and failures, each at its rule.
 */
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenarioFile } from '../../src/train/scenario.js';
import { packPath, tempDir } from '../helpers.js';
import { MISTAKES } from './mistakes.js';
import { failuresOf, playScenario } from './play.js';
import { speak } from '../../src/language.js';

// These tests read the loader's English sentences (a process speaks Chinese until told otherwise).
speak('en');

const nowhere = tempDir();
const entries = listScenarios(nowhere.path, nowhere.path);

describe('built-in scenarios', () => {
  it('are at least eight, all valid, each with a mistaken run to test', () => {
    expect(entries.filter((entry) => entry.error)).toEqual([]);
    expect(entries.length).toBeGreaterThanOrEqual(8);
    expect(entries.filter((entry) => !MISTAKES[entry.id]).map((entry) => entry.id)).toEqual([]);
  });

  for (const entry of entries) {
    describe(entry.id, () => {
      const loaded = () => loadScenarioFile(entry.file, nowhere.path);
      it('the model call scores 100 with nothing failed', async () => {
        const { call } = await playScenario(loaded());
        expect(failuresOf(call)).toEqual([]);
        expect(call?.scorecard?.total).toBe(100);
        expect(call?.mode).toBe('training');
        expect(call?.scenarioId).toBe(entry.id);
      });
      it('the mistaken run ends with its known score and failures', async () => {
        const mistake = MISTAKES[entry.id];
        if (!mistake) return;
        const { call } = await playScenario(loaded(), mistake.moves);
        expect(failuresOf(call)).toEqual(mistake.failures);
        expect(call?.scorecard?.total).toBe(mistake.total);
      });
    });
  }
});

describe('the complaint scenarios in class', () => {
  for (const id of ['zh-complaint', 'en-complaint']) {
    it(`${id}: the model picks the escalation ready line by its digit, and the log keeps it (R-ESCALATE)`, async () => {
      const entry = entries.find((candidate) => candidate.id === id)!;
      const { events, frames } = await playScenario(loadScenarioFile(entry.file, nowhere.path));
      expect(events).toContain('SAY_READY escalate');
      expect(frames.some((frame) => /^ *4 +(要找领导|Wants a manager)/m.test(frame))).toBe(true);
    });
  }
});

describe('the class screen quotes in the desk\'s language', () => {
  const frames = async (id: string) => (await playScenario(loadScenarioFile(entries.find((entry) => entry.id === id)!.file, nowhere.path))).frames.join('\n');

  it('English: a spaced colon after the run and the caller, English quotes round what is said and typed', async () => {
    const screen = await frames('en-complaint');
    expect(screen).toMatch(/training: \S/);
    expect(screen).toMatch(/Caller \(Mr Harris · angry\): “Harris\.”/);
    expect(screen).toMatch(/Caller: “Harris\.”/);
    expect(screen).toMatch(/presses “Mr Harris” ⏎/);
    expect(screen).not.toMatch(/[「」：]/u);
  });

  it('Chinese stays as it was: full-width colon, corner brackets', async () => {
    const screen = await frames('zh-complaint');
    expect(screen).toMatch(/训练：\S/);
    expect(screen).toMatch(/客户（[^）]+）：「[^」]+」/u);
    expect(screen).toMatch(/坐席按 「张先生」⏎/u);
  });
});

describe('hostile scenario files and folders', () => {
  const consultation = () => readFileSync(packPath('scenarios/zh-CN/consultation.yaml'), 'utf8');

  it('a 50 MB scenario, bytes that are not UTF-8 and an alias bomb are refused with a sentence and where', () => {
    const dir = tempDir();
    try {
      const huge = join(dir.path, 'huge.yaml');
      writeFileSync(huge, consultation());
      truncateSync(huge, 50 * 1024 * 1024);
      expect(() => loadScenarioFile(huge, dir.path)).toThrow(`${huge}: 50.0 MB is over the 1 MB a scenario file may be (the built-in packs are under 25 KB); is this the right file?`);
      const latin1 = join(dir.path, 'latin1.yaml');
      const [before, after] = consultation().replace(/^title: .*$/m, 'title: Caf\u0000').split('\u0000');
      writeFileSync(latin1, Buffer.concat([Buffer.from(before!), Buffer.from([0xe9]), Buffer.from(after!)]));
      const titleLine = consultation().split('\n').findIndex((line) => line.startsWith('title: ')) + 1;
      expect(() => loadScenarioFile(latin1, dir.path)).toThrow(`${latin1}:${titleLine}:11: not UTF-8 text: the byte 0xE9 is not part of a character; save the file as UTF-8`);
      const bomb = join(dir.path, 'bomb.yaml');
      const lines = consultation().trimEnd().split('\n');
      writeFileSync(bomb, [...lines, 'x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]', 'x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', ''].join('\n'));
      expect(() => loadScenarioFile(bomb, dir.path)).toThrow(`${bomb}:${lines.length + 3}:38: the alias *b makes too many copies`);
    } finally {
      dir.remove();
    }
  });

  it('links in a circle in the scenarios folder are not followed: the scenarios there are listed and the links said', () => {
    const dir = tempDir();
    try {
      const mine = join(dir.path, 'scenarios');
      mkdirSync(join(mine, 'sub'), { recursive: true });
      writeFileSync(join(mine, 'sub', 'mine.yaml'), consultation().replace(/^id: .*$/m, 'id: my-drill'));
      symlinkSync('.', join(mine, 'loop'));
      symlinkSync('..', join(mine, 'sub', 'up'));
      const skipped: string[] = [];
      const listed = listScenarios(dir.path, mine, (sentence) => skipped.push(sentence));
      expect(listed.filter((entry) => entry.id === 'my-drill')).toHaveLength(1);
      expect(skipped).toEqual([`Your scenarios folder ${mine}: 2 links were not followed (loop, sub/up): Ringside reads only what is in the folder itself, as a link can lead out of it or round in a circle. Copy the file into the folder instead.`]);
    } finally {
      dir.remove();
    }
  });
});
