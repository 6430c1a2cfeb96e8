/**
 * Starts a training run on the screen: the scenario's pack, a desk whose calls are marked with
 * the scenario, and the scripted caller beside it. Imported lazily, like the live screen.
 */
import { CallDesk } from '../call/desk.js';
import { resolveThresholds, systemClock, type NowClock } from '../call/session.js';
import type { Settings } from '../config.js';
import type { RingsidePaths } from '../paths.js';
import { SCREEN_BUSY_WAIT_MS } from '../store/open.js';
import { CallStore } from '../store/sqlite.js';
import { scaledClock, stepClock } from '../train/clocks.js';
import { TrainingRun } from '../train/run.js';
import type { LoadedScenario } from '../train/scenario.js';
import { showScreen } from '../ui/show.js';
import { UserError } from '../errors.js';
import { keysAgainstPack } from '../pack/hotkeys.js';
import { applyOverrides } from '../ui/keys/keymap.js';

export interface TrainingOptions {
  paths: RingsidePaths;
  settings: Settings;
  loaded: LoadedScenario;
  step: boolean;
  speed: number;
  strict: boolean;
  /** The developer's view: the machine's states and events instead of the pack's phases and steps. */
  developer?: boolean;
}

export async function runTraining({ paths, settings, loaded, step, speed, strict, developer }: TrainingOptions): Promise<void> {
  const { pack, scenario } = loaded;
  // The trainee's own keys must leave the pack's menus theirs (and the menus the screen's keys).
  const clash = keysAgainstPack(pack, applyOverrides(settings.keys));
  if (clash) throw new UserError(clash);
  // Step mode: time stands still until the trainer steps. Otherwise real time, sped up or slowed.
  const clock: NowClock = step ? stepClock(Math.floor(Date.now() / 1000) * 1000) : speed === 1 ? systemClock : scaledClock(speed, systemClock);
  // A trainee's keys are judged by their moments: a busy log must not hold them up (see live.tsx).
  const store = new CallStore(paths.database, { busyWaitMs: SCREEN_BUSY_WAIT_MS });
  let run: TrainingRun | null = null;
  const desk = new CallDesk({
    pack,
    // The pack's own thresholds: a scenario is written against them, and a class sees the same call.
    thresholds: resolveThresholds(pack),
    strict,
    clock,
    store,
    agent: { name: settings.agentName, number: settings.agentNumber || pack.variables.agentNumber || '' },
    holidays: settings.holidays,
    scenarioId: scenario.id,
    scoring: () => run!.scoring(),
  });
  run = new TrainingRun(desk, loaded, { step, clock, instantFail: settings.instantFail });
  try {
    await showScreen({ desk, run, settings, agent: { name: settings.agentName, number: settings.agentNumber }, developer });
  } finally {
    run.stop();
    // Quit (or stopped by a signal) mid-call: the practice call does not stay open in the log.
    try {
      desk.abandonTraining();
    } finally {
      desk.stop();
      store.close();
    }
  }
}
