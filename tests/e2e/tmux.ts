/**
 * Drives the real `bin/ringside.js` in a real terminal: tmux on its own socket, a fixed size,
 * send-keys to type and capture-pane to read the screen.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

export const BIN = join(__dirname, '..', '..', 'bin', 'ringside.js');

export const haveTmux = spawnSync('tmux', ['-V']).status === 0;

/**
 * A test that fails when tmux is missing: the file's terminal tests cannot run without it, and a
 * run that skipped them all must not look green. `npm test` installs tmux first, or says how.
 */
export function tmuxIsInstalled(): void {
  it('tmux is installed (apt-get install tmux)', () => {
    expect(haveTmux, 'tmux is not on PATH: `apt-get install tmux` (npm test installs it when it can)').toBe(true);
  });
}

export class Terminal {
  private readonly socket = `ringside-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    readonly env: Record<string, string>,
    readonly size = { columns: 80, rows: 24 },
  ) {}

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /** Starts `node bin/ringside.js ARGS` in a fresh window; the pane stays after it exits. */
  start(...args: string[]): void {
    const env = Object.entries(this.env).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    const command = `env ${env} LANG=C.UTF-8 ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.join(' ')}; echo "[exited $?]"; sleep 600`;
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(this.size.columns), '-y', String(this.size.rows), command);
  }

  /**
   * Starts `node bin/ringside.js ARGS` with its error output to `errFile`, to read after its
   * terminal is gone. `shellLivesOn`: the pane's shell ignores the hang-up and writes the exit code
   * to `errFile.code`, so Ringside gets no SIGHUP and learns of the closed terminal only from its
   * reads and writes failing; otherwise the shell dies with the terminal and Ringside gets SIGHUP.
   */
  startLogged(errFile: string, shellLivesOn: boolean, ...args: string[]): void {
    const env = Object.entries(this.env).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    const run = `env ${env} LANG=C.UTF-8 ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.join(' ')} 2>${JSON.stringify(errFile)}`;
    const command = shellLivesOn ? `trap true HUP; ${run}; echo $? > ${JSON.stringify(`${errFile}.code`)}` : run;
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(this.size.columns), '-y', String(this.size.rows), command);
  }

  /** Closes the terminal, as an agent closing its window does. */
  close(): void {
    this.tmux('kill-session', '-t', 'main');
  }

  /**
   * Types keys: tmux key names (Space, Enter, Tab, Escape, C-c) or literal text. One tmux command for
   * all of them, so they reach the program together, as a person's quick keystrokes or an input
   * method's commit do (a kill in a test then lands before them or after, not in between).
   */
  send(...keys: string[]): void {
    const commands = keys.map((key) =>
      /^(Space|Enter|Tab|Escape|Left|Right|Up|Down|BSpace|C-c)$/.test(key) ? ['send-keys', '-t', 'main', key] : ['send-keys', '-t', 'main', '-l', key],
    );
    this.tmux(...commands.flatMap((command, i) => (i === 0 ? command : [';', ...command])));
  }

  /**
   * Pastes text as a terminal does: tmux's paste buffer, line feeds sent as carriage returns,
   * and the paste marked (ESC [200~ … ESC [201~) if the program asked for bracketed paste. From
   * a file: a long paste does not fit on a command line.
   */
  paste(text: string): void {
    const dir = mkdtempSync(join(tmpdir(), 'ringside-paste-'));
    try {
      writeFileSync(join(dir, 'paste'), text);
      this.tmux('load-buffer', '-b', 'paste', join(dir, 'paste'), ';', 'paste-buffer', '-p', '-d', '-b', 'paste', '-t', 'main');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /** Waits until the screen shows the text (a real program takes real time to draw). */
  async waitFor(text: string | RegExp, timeoutMs = 8000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the screen never showed ${String(text)}; it shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }

  /** Types one key and waits for what it should bring up. */
  async press(key: string, expected: string | RegExp): Promise<string> {
    this.send(key);
    return this.waitFor(expected);
  }

  /** Resizes the terminal, as an agent dragging the window's corner does. */
  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
  }

  /** The pid of the program in the pane. */
  pid(): number {
    return Number(this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim());
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
