/**
 * A screen drawn by Ink as the live screen draws it, reading a terminal through the terminal
 * filter (src/ui/keys/terminal-input.ts), as src/ui/show.tsx wires it: what a test writes is the
 * terminal's bytes (a key, a paste's marks, a mouse report), not Ink's keys. Like
 * ink-testing-library, but with the filter in between and only the last frame kept.
 */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { guardStdin, type GuardedInput } from '../../src/ui/keys/terminal-input.js';

/** A terminal's input side: each write is one read of the program. */
class FakeTty extends EventEmitter {
  readonly isTTY = true;
  private readonly reads: string[] = [];
  setEncoding(): void {}
  setRawMode(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return this.reads.shift() ?? null;
  }
  write(chunk: string): void {
    this.reads.push(chunk);
    this.emit('readable');
  }
}

/** A terminal's output side, 100 columns like ink-testing-library's. */
class FakeStdout extends EventEmitter {
  readonly columns = 100;
  last = '';
  write = (frame: string): boolean => {
    this.last = frame;
    return true;
  };
}

export function renderInTerminal(tree: (input: GuardedInput) => ReactElement) {
  const tty = new FakeTty();
  const input = guardStdin(tty as unknown as NodeJS.ReadStream);
  const stdout = new FakeStdout();
  const instance = render(tree(input), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
    stdin: input.stdin,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return {
    /** One read of the terminal's bytes. */
    write: (chunk: string) => tty.write(chunk),
    lastFrame: () => stdout.last,
    unmount: () => {
      instance.unmount();
      instance.cleanup();
    },
    input,
  };
}
