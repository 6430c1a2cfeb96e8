/**
 * Puts the screen up for a desk (and a training run or replay beside it) until the agent quits.
 * The live screen, training and replay all start here, with the same keys and words.
 */
import { render } from 'ink';
import type { CallDesk } from '../call/desk.js';
import type { Settings } from '../config.js';
import type { ScreenRun } from '../train/run.js';
import type { PhoneFollower } from '../softphone/follow.js';
import { App, type AppProps } from './App.js';
import { applyOverrides } from './keymap.js';

export interface ShowOptions {
  desk: CallDesk;
  run?: ScreenRun;
  settings: Settings;
  /** The agent on screen (a replay shows the agent who took the call). */
  agent: { name: string; number: string };
  /** The phone the calls come on (live mode). */
  phone?: PhoneFollower;
  /** How many follow-ups are overdue (live mode). */
  overdueFollowUps?: () => number;
  followUps?: AppProps['followUps'];
  /** Called once the screen is up (a replay starts playing then). */
  onShown?: () => void;
}

export async function showScreen({ desk, run, settings, agent, onShown, phone, overdueFollowUps, followUps }: ShowOptions): Promise<void> {
  const instance = render(
    <App
      desk={desk}
      run={run}
      phone={phone}
      overdueFollowUps={overdueFollowUps}
      followUps={followUps}
      keymap={applyOverrides(settings.keys)}
      language={settings.language}
      variables={{ company: settings.company, hotline: settings.hotline, agentNumber: agent.number, agentName: agent.name }}
      agent={agent}
    />,
    { maxFps: 30 },
  );
  onShown?.();
  await instance.waitUntilExit();
}
