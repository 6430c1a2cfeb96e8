// A debugging aid for scenario authors: SC=id [GOOD=1] npx vitest run tests/train/zz-debug.test.ts
import { it } from 'vitest';
import { listScenarios, loadScenarioFile } from '../../src/train/scenario.js';
import { playScenario } from './play.js';
import { MISTAKES } from './mistakes.js';
it.runIf(process.env.SC)('debug one scenario', async () => {
  const entry = listScenarios('/nonexistent', '/nonexistent').find((e) => e.id === process.env.SC)!;
  const loaded = loadScenarioFile(entry.file, '/nonexistent');
  const r = await playScenario(loaded, process.env.GOOD ? undefined : MISTAKES[entry.id]!.moves);
  r.frames.forEach((f, i) => console.log(`--- step ${i + 1}\n${f}`));
  console.log(JSON.stringify(r.call?.scorecard?.items.filter((i) => i.failures.length), null, 1), r.call?.scorecard?.total);
});
