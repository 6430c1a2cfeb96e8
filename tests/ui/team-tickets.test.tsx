/**
 * The live screen's follow-ups list (`o`) with a team: the desk's own tickets at once, then the
 * agent's team tickets as last read in the background, each marked; picking a team ticket says
 * what to do with it and dials nothing (it has no ticket on this desk to close).
 */
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import type { FollowUp } from '../../src/store/store.js';
import { CallStore } from '../../src/store/sqlite.js';
import { TeamTickets } from '../../src/team/team-tickets.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { DEFAULT_INSTANT_FAIL } from '../../machines/scorecard.js';
import { tempDir, zhGeneral } from '../helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

const NOW = new Date(2026, 10, 24, 10, 0).getTime();
const teamTicket: FollowUp = {
  ticketId: 41,
  callId: 310,
  packId: 'zh-CN-general',
  kind: 'complaint',
  summary: '宽带断了三天',
  owner: '1024',
  openedAt: NOW - 86_400_000,
  dueAt: NOW + 86_400_000,
  caller: { name: '赵女士', phone: '13700001111' },
  reasons: ['网络故障'],
  team: { agent: '2048' },
};

it('o lists the desk\'s tickets and its team tickets, marked; a team ticket picked is said, not dialled; a local one still dials', async () => {
  const dir = tempDir();
  const pack = zhGeneral();
  const clock = new SimulatedClock();
  clock.set(NOW);
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, scoring: () => ({ instantFail: DEFAULT_INSTANT_FAIL }) });
  // The team's answer comes when the test says: until then the list has the desk's tickets only.
  let answer: (list: FollowUp[]) => void = () => {};
  const team = new TeamTickets(() => new Promise((resolve) => (answer = (list) => resolve({ list, givenAway: [] }))));
  const followUps = () => {
    void team.refresh();
    return [...store.openFollowUps(), ...team.list()];
  };
  const ui = render(
    <App
      desk={desk}
      keymap={applyOverrides({})}
      language="auto"
      variables={{ company: '天天公司', hotline: '客服中心', agentNumber: '1024', agentName: '王敏' }}
      agent={{ name: '王敏', number: '1024' }}
      tickMs={20}
      timeOfDay={() => new Date(NOW)}
      followUps={followUps}
    />,
  );
  cleanups.push(() => {
    team.stop();
    ui.unmount();
    desk.stop();
    store.close();
    dir.remove();
  });
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      await tick();
      ui.stdin.write(key);
      await tick();
    }
  };
  const frame = () => ui.lastFrame() ?? '';
  // A complaint of this desk: its own ticket T1.
  await press('c', 'a', 'b', '2', 'e', '2', '3', 'w', ...'多扣费', '\r', 's');
  await press('o');
  // Shown at once, the team's read still on its way.
  expect(frame()).toMatch(/1 T1 +未到期 +费用争议/);
  expect(frame()).not.toContain('T41');
  answer([teamTicket]);
  await press('\u001B', 'o');
  expect(frame()).toMatch(/1 T1 +未到期 +费用争议/);
  expect(frame()).toMatch(/2 T41 +未到期 +〔团队·2048〕 赵女士 13700001111 网络故障/);
  await press('2');
  expect(frame()).toContain('T41 是团队工单（工号 2048 在另一台电脑上接的来电）：这台电脑还不能记录它的回访。');
  expect(desk.getSnapshot().snapshot.matches('idle')).toBe(true);
  // The desk's own ticket still calls back.
  await press('o', '1');
  expect(frame()).toContain('回访工单 T1：费用争议');
});
