/**
 * Puts the team board up until the lead quits: the reader (its own connection, LISTEN and a poll)
 * feeds the picture; the server away leaves the last picture up with its age.
 */
import { render, type Instance } from 'ink';
import { useSyncExternalStore } from 'react';
import type { Client } from 'pg';
import { errorKind, UserError } from '../errors.js';
import type { Language } from '../language.js';
import { said } from '../language.js';
import type { BoardSettings } from '../team/board-model.js';
import { BoardReader, type BoardRead, type ReaderStatus } from '../team/board-read.js';
import { Board } from '../ui/board/Board.js';
import { guardStdin } from '../ui/keys/terminal-input.js';
import { LastResort } from '../ui/panes/LastResort.js';

interface Seen {
  read: BoardRead | null;
  status: ReaderStatus;
}

/** What the reader last saw, for the screen to subscribe to. */
class Latest {
  private seen: Seen = { read: null, status: { state: 'connected', problem: null } };
  private readonly listeners = new Set<() => void>();
  get = (): Seen => this.seen;
  set(change: Partial<Seen>): void {
    this.seen = { ...this.seen, ...change };
    for (const listener of this.listeners) listener();
  }
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function LiveBoard({ latest, settings, language, server }: { latest: Latest; settings: BoardSettings; language: Language; server: string }) {
  const seen = useSyncExternalStore(latest.subscribe, latest.get);
  return <Board read={seen.read} status={seen.status} settings={settings} language={language} server={server} />;
}

export async function runBoard(options: { client: Client; url: string; server: string; language: Language; settings: BoardSettings }): Promise<void> {
  const latest = new Latest();
  const reader = new BoardReader(options.url, options.client, { onRead: (read) => latest.set({ read }), onStatus: (status) => latest.set({ status }) });
  reader.start();
  let fault: unknown = null;
  let instance: Instance | null = null;
  const unmount = () => (instance ? instance.unmount() : queueMicrotask(() => instance?.unmount()));
  const fail = (error: unknown) => {
    fault ??= error;
    unmount();
  };
  const stop = () => unmount();
  const input = guardStdin(process.stdin);
  instance = render(
    <LastResort onError={fail}>
      <LiveBoard latest={latest} settings={options.settings} language={options.language} server={options.server} />
    </LastResort>,
    { stdin: input.stdin, maxFps: 30 },
  );
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  try {
    await instance.waitUntilExit();
  } catch (error) {
    fault ??= error;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    process.off('uncaughtException', fail);
    process.off('unhandledRejection', fail);
    await reader.stop();
  }
  if (fault !== null) {
    throw new UserError(said({ 'zh-CN': `看板因内部错误停止了（${errorKind(fault)}）。`, en: `The board stopped on an internal error (${errorKind(fault)}).` }), 1);
  }
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
