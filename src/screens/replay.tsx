/**
 * `ringside replay`: a logged call played back on the screen for a debrief, its caller data
 * masked. The call runs on an in-memory log, so a replay never touches the real one.
 */
import { CallDesk } from '../call/desk.js';
import type { Settings } from '../config.js';
import { printable, UserError } from '../errors.js';
import { said } from '../language.js';
import { findPack } from '../pack/load.js';
import type { RingsidePaths } from '../paths.js';
import { CallStore } from '../store/sqlite.js';
import { stepClock } from '../train/clocks.js';
import { shownCallEvent } from '../privacy.js';
import { ReplayRun } from '../train/replay.js';
import { showScreen } from '../ui/show.js';

export interface ReplayLaunch {
  paths: RingsidePaths;
  settings: Settings;
  callId: number;
  step: boolean;
  speed: number;
  unmasked: boolean;
  /** The developer's view: the machine's states and events instead of the pack's phases and steps. */
  developer?: boolean;
}

/** The replay's desk (on an in-memory log) and run, ready for a screen. */
export function prepareReplay({ paths, callId, step, speed, unmasked }: Omit<ReplayLaunch, 'settings'>) {
  const log = new CallStore(paths.database);
  let logged;
  let call;
  try {
    logged = log.callEvents(callId);
    call = log.getCall(callId);
  } finally {
    log.close();
  }
  if (!logged || !call || logged.events.length === 0) {
    throw new UserError(said({ 'zh-CN': `没有可回放的第 ${callId} 号来电；ringside history 会列出来电。`, en: `There is no logged call ${callId} to replay; ringside history shows the calls.` }));
  }
  let pack;
  try {
    pack = findPack(logged.packId, paths.userPacks);
  } catch {
    throw new UserError(
      said({
        'zh-CN': `第 ${callId} 号来电用的是话术包 ${printable(logged.packId)}，这个话术包已经不在了，所以不能回放。`,
        en: `Call ${callId} was taken on pack ${printable(logged.packId)}, which is no longer here; it cannot be replayed.`,
      }),
    );
  }
  // The pack the replay runs on (a user's override included) says which of its fields are private.
  const privateFields = new Set(pack.fields.filter((field) => field.private).map((field) => field.id));
  const events = logged.events.map((event) => shownCallEvent('replay', event, (id) => privateFields.has(id), { unmasked }));
  const clock = stepClock(events[0]!.at);
  const memory = new CallStore(':memory:');
  const desk = new CallDesk({
    pack,
    thresholds: logged.thresholds,
    strict: logged.strict,
    clock,
    store: memory,
    agent: { name: call.agentName, number: call.agentNumber },
    scenarioId: 'replay',
  });
  const run = new ReplayRun(desk, {
    callId,
    // A live call by what it was, in the desk's words; a practice call by its scenario's id.
    label: call.scenarioId ?? said({ 'zh-CN': '真实来电', en: 'live call' }),
    events,
    clock,
    step,
    speed,
    savedCard: call.scorecard ? { card: call.scorecard, since: call.answeredAt ?? call.ringAt } : null,
  });
  const close = () => {
    run.stop();
    desk.stop();
    memory.close();
  };
  return { desk, run, call, close };
}

export async function runReplay(launch: ReplayLaunch): Promise<void> {
  const { settings } = launch;
  const { desk, run, call, close } = prepareReplay(launch);
  try {
    await showScreen({ desk, run, settings, agent: { name: call.agentName, number: call.agentNumber }, onShown: () => run.start(), developer: launch.developer });
  } finally {
    close();
  }
}
