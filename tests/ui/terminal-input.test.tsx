/**
 * The terminal filter in front of Ink: what a terminal's bytes become (keys, one paste, nothing),
 * however the reads split them; and behind it Ink's own key parser, which crashed on `ESC [0m`,
 * fed whatever bytes arrive.
 */
import { Text, useInput } from 'ink';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../src/demo/data.js';
import { ESCAPE_KEY, LONGEST_STRING, PASTE_IDLE_MS, PASTE_KEPT, TerminalReader, type Paste, type TerminalEvent } from '../../src/ui/keys/terminal-input.js';
import { renderInTerminal } from './terminal.js';

const ESC = '\u001b';
const START = `${ESC}[200~`;
const END = `${ESC}[201~`;

/** The events of `chunks` read one after another, then nothing more (flush). */
function read(...chunks: string[]): TerminalEvent[] {
  const reader = new TerminalReader();
  const events = chunks.flatMap((chunk) => reader.push(chunk));
  events.push(...reader.flush());
  // Runs of keys that came in different reads are one run here: where a read ended is no news.
  return events.reduce<TerminalEvent[]>((all, event) => {
    const last = all.at(-1);
    if (event.kind === 'keys' && last?.kind === 'keys') all[all.length - 1] = { kind: 'keys', keys: last.keys + event.keys };
    else all.push(event);
    return all;
  }, []);
}
const keys = (text: string): TerminalEvent => ({ kind: 'keys', keys: text });
const paste = (text: string): TerminalEvent => ({ kind: 'paste', text, length: [...text].length });

/** Every way two reads can split `text`. */
const splits = (text: string) => Array.from({ length: text.length + 1 }, (_, i) => [text.slice(0, i), text.slice(i)]);

/**
 * The least CPU time (ms) of each of two pieces of work, run by turns: CPU time, not time on the
 * clock, which counts the other processes' turns on a loaded machine; the least, since compiling
 * and collecting garbage only add to a run; by turns, so both meet the same warm-up.
 */
function leastCpu(first: () => void, second: () => void, rounds: number): [number, number] {
  const cpu = (work: () => void) => {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / 1000;
  };
  let least: [number, number] = [Infinity, Infinity];
  for (let round = 0; round < rounds; round++) {
    least = [Math.min(least[0], cpu(first)), Math.min(least[1], cpu(second))];
    if (least[1] > 1000) break; // slow enough to tell already
  }
  return least;
}

describe('the terminal filter', () => {
  it('passes text and the keys the screen uses, in the one form Ink reads each', () => {
    expect(read('ab 张先生\r\u007f')).toEqual([keys('ab 张先生\r\u007f')]);
    // Arrows as xterm, an application keypad and with modifiers send them; Delete; Shift-Tab.
    expect(read(`${ESC}[C${ESC}OD${ESC}[1;5A${ESC}[3~${ESC}[3;2~${ESC}[Z`)).toEqual([keys(`${ESC}[C${ESC}[D${ESC}[A${ESC}[3~${ESC}[3~${ESC}[Z`)]);
    // Esc alone once nothing follows; Alt and a key as Ink reads them.
    expect(read(ESC)).toEqual([keys(ESCAPE_KEY)]);
    expect(read(`${ESC}x${ESC}😀`)).toEqual([keys(`${ESC}x${ESC}😀`)]);
  });

  it('drops escape sequences that are not keys: colours, a title, focus, function keys, whatever their reads', () => {
    const hostile = [`${ESC}[0m`, `${ESC}[31m`, `${ESC}[38;5;196m`, `${ESC}]0;retitled\u0007`, `${ESC}]0;retitled${ESC}\\`, `${ESC}[I`, `${ESC}[O`, `${ESC}[15~`, `${ESC}OP`, `${ESC}[1;5P`, `${ESC}[[A`.replace('A', 'E'), END];
    for (const sequence of hostile) {
      expect(read(`a${sequence}b`), JSON.stringify(sequence)).toEqual([keys('ab')]);
      // An OSC split across reads loses its start only: what follows it is not taken for keys of it.
      if (!sequence.startsWith(`${ESC}]`)) {
        for (const [first, second] of splits(sequence)) expect(read(`a${first}`, `${second}b`), JSON.stringify([first, second])).toEqual([keys('ab')]);
      }
    }
  });

  it('drops mouse reports, their bytes too, however the reads split them', () => {
    for (const report of [`${ESC}[M !!`, `${ESC}[M#5(`, `${ESC}[<0;10;5M`, `${ESC}[<0;10;5m`, `${ESC}[32;10;5M`]) {
      for (const [first, second] of splits(report)) expect(read(`a${first}`, `${second}b`), JSON.stringify([first, second])).toEqual([keys('ab')]);
    }
  });

  it('a mouse report whose bytes do not follow at once leaves it open as an escape: once flushed, the keys after are keys', () => {
    const reader = new TerminalReader();
    expect(reader.push(`${ESC}[M`)).toEqual([]);
    expect(reader.open).toBe('escape');
    expect(reader.flush()).toEqual([]);
    expect(reader.open).toBe(null);
    expect(reader.push(' ns')).toEqual([keys(' ns')]);
  });

  it('drops an OSC ended within LONGEST_STRING characters; a longer one is taken as one without its end (only `ESC ]` goes)', () => {
    const body = (length: number) => `0;${'x'.repeat(length - 2)}`;
    expect(read(`a${ESC}]${body(LONGEST_STRING)}\u0007b`)).toEqual([keys('ab')]);
    expect(read(`a${ESC}]${body(LONGEST_STRING)}${ESC}\\b`)).toEqual([keys('ab')]);
    expect(read(`a${ESC}]${body(LONGEST_STRING + 1)}\u0007b`)).toEqual([keys(`a${body(LONGEST_STRING + 1)}\u0007b`)]);
    // A string after one taken as without its end still has its end found.
    expect(read(`a${ESC}]${'x'.repeat(5000)}${ESC}]0;t\u0007b`)).toEqual([keys(`a${'x'.repeat(5000)}b`)]);
  });

  it('a read full of string starts (`ESC ]` without an end) is read in linear time, in a paste and as keys, and the keys after come through', () => {
    const starts = (n: number) => `${ESC}]`.repeat(n);
    const asKeys = (n: number) => new TerminalReader().push(`${starts(n)}ab`);
    const inPaste = (n: number) => new TerminalReader().push(`${START}${starts(n)}ab${END}`);
    expect(asKeys(50_000)).toEqual([keys('ab')]);
    expect(inPaste(50_000)).toEqual([paste('ab')]);
    // Ten times the input takes about ten times as long (it took 100 times as long: each start
    // searched the whole rest of the read for its end).
    for (const push of [asKeys, inPaste]) {
      const [small, large] = leastCpu(() => push(5_000), () => push(50_000), 12);
      expect(large / small, `${large.toFixed(2)} ms for 50,000, ${small.toFixed(2)} ms for 5,000`).toBeLessThan(40);
    }
  });

  it('gives a bracketed paste whole, as one paste among the keys, however the reads split it', () => {
    const text = `${START}张先生\r伦敦 n k${ESC}[31m 😀${END}`;
    for (const [first, second] of splits(text)) {
      expect(read(`a${first}`, `${second}b`), JSON.stringify([first, second])).toEqual([keys('a'), paste('张先生\r伦敦 n k 😀'), keys('b')]);
    }
    // Three reads, split anywhere.
    for (let i = 0; i <= text.length; i += 3) {
      for (let j = i; j <= text.length; j += 5) expect(read(text.slice(0, i), text.slice(i, j), text.slice(j))).toEqual([paste('张先生\r伦敦 n k 😀')]);
    }
  });

  it('keeps a bounded part of a huge paste and counts the rest; linear, not quadratic', () => {
    const reader = new TerminalReader();
    const started = performance.now();
    const events: TerminalEvent[] = [...reader.push(START)];
    for (let i = 0; i < 350; i++) events.push(...reader.push('天天公司客服中心 hello\n'.repeat(67).slice(0, 1000)));
    events.push(...reader.push(END));
    expect(performance.now() - started).toBeLessThan(500);
    expect(events).toHaveLength(1);
    const [pasted] = events as Extract<TerminalEvent, { kind: 'paste' }>[];
    expect(pasted!.length).toBe(350_000);
    expect(pasted!.text.length).toBe(PASTE_KEPT);
  });

  it('a paste whose end never comes is a paste once input stops (a stray start does not swallow the keyboard)', () => {
    expect(read(`x${START}n k s`)).toEqual([keys('x'), paste('n k s')]);
  });

  it('bounds an escape sequence that never ends: dropped, and the keys after it are keys', () => {
    expect(read(`${ESC}[${'1;'.repeat(100)}`, 'ab')).toEqual([keys('ab')]);
  });
});

/** A screen that writes down what Ink hands its key handler, and the pastes beside it. */
function Recorder({ input, seen }: { input: { onPaste(listener: (paste: Paste) => void): () => void }; seen: string[] }) {
  const [count, setCount] = useState(0);
  useInput((text, key) => {
    seen.push(key.escape ? '<esc>' : key.leftArrow ? '<left>' : key.backspace || key.delete ? '<bs>' : text);
    setCount((n) => n + 1);
  });
  useEffect(() => input.onPaste((paste) => seen.push(`<paste ${paste.text}>`)), [input]);
  return <Text>{count}</Text>;
}

describe('Ink behind the terminal filter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands the keys and pastes over in the order they came', () => {
    const seen: string[] = [];
    const screen = renderInTerminal((input) => <Recorder input={input} seen={seen} />);
    screen.write(`a${ESC}[0m${START}p q${END}b${ESC}[D${ESC}[3~`);
    screen.write(ESC);
    return new Promise<void>((resolve) => {
      setImmediate(() => {
        setImmediate(() => {
          expect(seen).toEqual(['a', '<paste p q>', 'b', '<left>', '<bs>', '<esc>']);
          screen.unmount();
          resolve();
        });
      });
    });
  });

  it('a mouse report cut off at the end of a read is dropped once nothing follows at once: the next keys typed are keys', async () => {
    const seen: string[] = [];
    const screen = renderInTerminal((input) => <Recorder input={input} seen={seen} />);
    // Its bytes in the next read, before the filter flushes: still the report's, dropped.
    screen.write(`a${ESC}[M`);
    screen.write(' !!b');
    expect(seen).toEqual(['a', 'b']);
    // Its bytes never come: the agent's next keys are keys, not the report's three bytes.
    screen.write(`${ESC}[M`);
    await new Promise((resolve) => setImmediate(resolve));
    for (const key of [' ', 'n', 's']) screen.write(key);
    expect(seen).toEqual(['a', 'b', ' ', 'n', 's']);
    screen.unmount();
  });

  it('a paste whose end never comes is handed over after a pause, and the keys after it are keys again', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const screen = renderInTerminal((input) => <Recorder input={input} seen={seen} />);
    screen.write(`${START}half a paste`);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(PASTE_IDLE_MS);
    screen.write('k');
    expect(seen).toEqual(['<paste half a paste>', 'k']);
    screen.unmount();
  });

  it('whatever bytes arrive, Ink\'s key parser survives them (10,000 random reads)', () => {
    const seen: string[] = [];
    const screen = renderInTerminal((input) => <Recorder input={input} seen={seen} />);
    const next = seededRandom(Number(process.env.FUZZ_SEED ?? 20_261_124));
    const alphabet = [ESC, ESC, '[', '[', 'O', '<', ';', '0', '1', '2', '3', '5', '9', 'm', 'M', '~', 'A', 'u', 'P', ']', '\\', '\u0007', '\r', '\u0003', '\u007f', 'x', ' ', '张', '😀', '\u009b', '\ud800'];
    for (let i = 0; i < 10_000; i++) {
      const chunk = Array.from({ length: 1 + Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect(() => screen.write(chunk), JSON.stringify(chunk)).not.toThrow();
    }
    expect(seen.length).toBeGreaterThan(1000);
    screen.unmount();
  });
});
