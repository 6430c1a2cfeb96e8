/**
 * A desk for the team's tests: a real call log in a temp folder, the desk on XState's simulated
 * clock, and its live state publisher on its own link to the team (not started: the test starts
 * it). What it made is undone by `cleanup`, last first.
 */
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { CallStore } from '../../src/store/sqlite.js';
import { TeamLink } from '../../src/team/link.js';
import { StatePublisher } from '../../src/team/publish.js';
import { tempDir, zhGeneral } from '../helpers.js';

export function publishingDesk(
  url: string,
  agent: { number: string; name: string },
  cleanup: (() => void | Promise<void>)[],
  options: { clockAt?: number; heartbeatMs?: number } = {},
) {
  const home = tempDir();
  const store = new CallStore(`${home.path}/calls.sqlite`);
  const clock = new SimulatedClock();
  clock.set(options.clockAt ?? Date.now());
  const pack = zhGeneral();
  const callDesk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent });
  const link = new TeamLink(url);
  const deskId = store.teamDesk();
  const publisher = new StatePublisher(link, callDesk, {
    deskId,
    agent: () => agent,
    variables: () => ({ agentNumber: agent.number, agentName: agent.name }),
    overdueFollowUps: () => 0,
    heartbeatMs: options.heartbeatMs,
  });
  cleanup.push(async () => {
    await publisher.stop();
    await link.close();
    callDesk.stop();
    store.close();
    home.remove();
  });
  return { callDesk, clock, publisher, deskId };
}
