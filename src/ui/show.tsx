/**
 * Puts the screen up for a desk (and a training run or replay beside it) until the agent quits.
 * The live screen, training and replay all start here, with the same keys and words.
 */
import { constants } from 'node:os';
import { render, type Instance } from 'ink';
import { errorKind, UserError } from '../errors.js';
import type { Words } from '../language.js';
import { LastResort } from './panes/LastResort.js';
import type { CallDesk } from '../call/desk.js';
import type { Settings } from '../config.js';
import type { ScreenRun } from '../train/run.js';
import type { PhoneFollower } from '../softphone/follow.js';
import { App, type AppProps } from './App.js';
import { applyOverrides } from './keys/keymap.js';
import { bracketedPaste, guardStdin } from './keys/terminal-input.js';

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
  /** The developer's view (`--developer`): the machine's states and events instead of the pack's phases and steps. */
  developer?: boolean;
  /** The team link (live mode with a team): the header says how it stands. */
  team?: AppProps['team'];
  /** Live assist (a transcript feed): the header says how it stands, the rows what it heard. */
  assist?: AppProps['assist'];
}

export async function showScreen({ desk, run, settings, agent, onShown, phone, overdueFollowUps, followUps, developer, team, assist }: ShowOptions): Promise<void> {
  // The last handler: a fault of Ringside's own that nothing caught (while drawing, in a key
  // handler, a promise) brings the screen down cleanly with a sentence, never a stack trace over
  // a live call.
  let fault: unknown = null;
  let instance: Instance | null = null;
  // An error in the very first frame comes before render() has returned.
  const unmount = () => (instance ? instance.unmount() : queueMicrotask(() => instance?.unmount()));
  // A terminal closed (SIGHUP), a kill (SIGTERM) or Ctrl-C from outside (SIGINT): the screen
  // comes down cleanly (the terminal restored, the call log closed by the caller's finally);
  // every event of the call is already in the log, so a live call comes back on the next start.
  let stoppedBy: NodeJS.Signals | null = null;
  // Ink waits for its last frame to be written: a terminal that was closed never takes it, so a
  // stop is awaited only this long.
  let stopped: () => void = () => {};
  const stoppedInTime = new Promise<void>((resolve) => {
    stopped = () => setTimeout(resolve, 500);
  });
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    unmount();
    stopped();
  };
  const fail = (error: unknown) => {
    // The terminal closed under the screen (its writes fail with EIO): a hang-up, not a fault.
    if ((error as { code?: unknown } | null)?.code === 'EIO') return stop('SIGHUP');
    fault ??= error;
    unmount();
  };
  // Ink reads the terminal through a filter: keys as keys, a paste as one paste (the terminal
  // marks pastes once asked), every other escape sequence and mouse report dropped.
  const input = guardStdin(process.stdin);
  const pasteMarks = bracketedPaste(process.stdout);
  instance = render(
    <LastResort onError={fail}>
    <App
      desk={desk}
      run={run}
      phone={phone}
      overdueFollowUps={overdueFollowUps}
      followUps={followUps}
      keymap={applyOverrides(settings.keys)}
      language={settings.language}
      variables={{ company: settings.company, hotline: settings.hotline, perPack: settings.perPack, agentNumber: agent.number, agentName: agent.name }}
      agent={agent}
      projector={settings.projector}
      pastes={input}
      developer={developer}
      team={team}
      assist={assist}
    />
    </LastResort>,
    // Ink draws a frame at once and then at most one per 1000/maxFps ms: at its default 30 a key
    // just after the timers' tick waited up to 33 ms for its frame. Bursts still coalesce.
    { maxFps: 120, stdin: input.stdin },
  );
  onShown?.();
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  // A terminal closed without a hang-up reaching us (the shell in front of it lived on): its
  // reads and writes fail with EIO, or its input ends. That is a hang-up all the same.
  const lost = (error?: NodeJS.ErrnoException) => {
    if (!error || error.code === 'EIO') stop('SIGHUP');
  };
  process.stdout.on('error', lost);
  process.stdin.on('error', lost);
  process.stdin.on('end', lost);
  try {
    await Promise.race([instance.waitUntilExit(), stoppedInTime]);
  } catch (error) {
    // Ink ended on an error of its own.
    fault ??= error;
  } finally {
    // Once stopped by a signal the handlers stay: Ink's exit hook re-raises a signal nobody else
    // listens to, which would end the process before the log is closed and the sentence said.
    if (!stoppedBy) for (const signal of STOP_SIGNALS) process.off(signal, stop);
    process.off('uncaughtException', fail);
    process.off('unhandledRejection', fail);
    process.stdout.off('error', lost);
    process.stdin.off('error', lost);
    process.stdin.off('end', lost);
    pasteMarks.off();
  }
  // What a busy log held up is written now, waiting for the other process as a command does.
  desk.writeLast();
  // What became of the call: kept in the log (it comes back), or not all of it written (a full
  // disk: what the log could not take is lost with the process, and that is said).
  // Said in the screen's language: the setting, or on auto the language of the pack on screen.
  const words = WORDS[settings.language === 'auto' ? desk.pack.language : settings.language];
  const callFate = desk.storeProblem ? words.lost : !run && !desk.snapshot.matches('idle') ? words.kept : '';
  if (fault !== null) throw new UserError(words.fault(errorKind(fault), callFate), 1);
  if (stoppedBy) throw new UserError(words.stopped(stoppedBy, callFate), 128 + constants.signals[stoppedBy]);
  // Quit anyway (the screen asked first) with the log still owed something: said once more, exit 1.
  if (desk.storeProblem) throw new UserError(callFate.trim(), 1);
}

/** What the screen says as it ends otherwise than by the agent's quit: what stopped it, and what became of the call. */
const WORDS: Words<{ lost: string; kept: string; fault: (kind: string, fate: string) => string; stopped: (signal: string, fate: string) => string }> = {
  'zh-CN': {
    lost: '通话记录没能写下全部内容（见屏幕上的消息）：没写下的部分已丢失。',
    kept: '正在进行的通话已保存在通话记录里，下次启动 Ringside 时会回来。',
    fault: (kind, fate) => `Ringside 因内部错误停止了（${kind}）。${fate}请把出错时你在做什么告诉我们。`,
    stopped: (signal, fate) => `收到 ${signal}，已停止。${fate}`,
  },
  en: {
    lost: ' The call log could not take everything (see the message on the screen): what was not written is lost.',
    kept: ' The call in progress is kept in the log and comes back when you start Ringside again.',
    fault: (kind, fate) => `Ringside stopped on an internal error (${kind}).${fate} Please report what you were doing when it happened.`,
    stopped: (signal, fate) => `Stopped by ${signal}.${fate}`,
  },
};

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
