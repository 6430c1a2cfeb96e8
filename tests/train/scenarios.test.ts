/**
 * Every built-in scenario, played headless through the real screen: the model call scores 100
 * with nothing failed, and the mistaken run (tests/train/mistakes.ts) ends with its known score
 * and failures, each at its rule.
 */
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenarioFile } from '../../src/train/scenario.js';
import { tempDir } from '../helpers.js';
import { MISTAKES } from './mistakes.js';
import { failuresOf, playScenario } from './play.js';

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
