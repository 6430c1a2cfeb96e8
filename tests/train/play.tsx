/**
 * Plays a training scenario headless: the real screen (ink-testing-library), the real key
 * handler, a real SQLite file, and the scenario's clock standing still between steps, so every
 * run of the same keys gives the same call and the same score.
 */
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { DEFAULT_INSTANT_FAIL } from '../../machines/scorecard.js';
import { CallStore } from '../../src/store/sqlite.js';
import type { SavedCall } from '../../src/store/store.js';
import { stepClock } from '../../src/train/clocks.js';
import { TrainingRun } from '../../src/train/run.js';
import type { LoadedScenario, ModelMove } from '../../src/train/scenario.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { tempDir } from '../helpers.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 8));

/** A move as a scenario's model writes it: `{ keys: 'a', wait: 20 }`, `{ type: '王' }`. */
export type Move = Partial<ModelMove> & ({ keys: string } | { type: string });

/**
 * Steps through the scenario with `moves` as the agent's keys (the scenario's own model when
 * none are given) until nothing is left to play, and returns the saved call and the last frame.
 */
export async function playScenario(loaded: LoadedScenario, moves?: Move[]): Promise<{ call: SavedCall | null; events: string[]; frame: string; frames: string[] }> {
  const dir = tempDir();
  const { pack } = loaded;
  const model = moves ? moves.map((move) => ({ wait: 2, ...move })) : loaded.scenario.model;
  const scripted: LoadedScenario = { ...loaded, scenario: { ...loaded.scenario, model: model as ModelMove[] } };
  const clock = stepClock(Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  let run: TrainingRun | null = null;
  const desk = new CallDesk({
    pack,
    thresholds: resolveThresholds(pack),
    strict: false,
    clock,
    store,
    agent: { name: '王敏', number: '1024' },
    scenarioId: loaded.scenario.id,
    scoring: () => run!.scoring(),
  });
  run = new TrainingRun(desk, scripted, { step: true, clock, instantFail: DEFAULT_INSTANT_FAIL });
  const ui = render(
    <App
      desk={desk}
      run={run}
      keymap={applyOverrides({})}
      language="auto"
      variables={{ company: '天天公司', hotline: '客服中心', agentNumber: '1024', agentName: '王敏' }}
      agent={{ name: '王敏', number: '1024' }}
      tickMs={1000}
    />,
  );
  const frames: string[] = [];
  try {
    await settle();
    // Until the call is saved (the next step would ring again) or the moves run out.
    for (let steps = 0; steps < 200 && run.peek().kind !== 'end' && desk.lastSaved === null; steps++) {
      ui.stdin.write('.');
      await settle();
      frames.push(ui.lastFrame() ?? '');
    }
    const events = (store.callEvents(1)?.events ?? []).map((event) => (event.type === 'SAY_READY' ? `SAY_READY ${event.line}` : event.type));
    return { call: store.getCall(1), events, frame: ui.lastFrame() ?? '', frames };
  } finally {
    ui.unmount();
    run.stop();
    desk.stop();
    store.close();
    dir.remove();
  }
}

/** The failures of a saved call as "item rule" pairs ("E R-LATE-SORRY", "C trainer", "K scenario"), in item order. */
export function failuresOf(call: SavedCall | null): string[] {
  return (call?.scorecard?.items ?? []).flatMap((item) => item.failures.map((failure) => `${item.item} ${failure.rule ?? failure.by}`));
}
