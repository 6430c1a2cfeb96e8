/**
 * `ringside transcribe`: the English pack's lines spoken by espeak-ng, heard by the real
 * pocketsphinx through the built bin, written as a transcript feed; unrelated speech, and what a
 * person can get wrong on the command line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackFile } from '../../src/pack/load.js';
import { fillLine, lineVariables } from '../../src/ui/view.js';
import { readWavInfo } from '../../src/assist/bridge/wav.js';
import { packPath, runBin, tempDir } from '../helpers.js';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** A line as the test compares it: lower-case words, numbers read digit by digit, no punctuation. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replace(/\d/g, (d) => ` ${DIGITS[Number(d)]} `)
    .split(/[^a-z']+/)
    .filter(Boolean);

/** The share of the line's words that were heard, in order (their longest common subsequence). */
function heardInOrder(line: string, heard: string): number {
  const a = wordsOf(line);
  const b = wordsOf(heard);
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) table[i]![j] = a[i - 1] === b[j - 1] ? table[i - 1]![j - 1]! + 1 : Math.max(table[i - 1]![j]!, table[i]![j - 1]!);
  return table[a.length]![b.length]! / a.length;
}

const home = tempDir('ringside-bridge-');
const ringside = (...args: string[]) => runBin(home.path, ...args);
const pack = loadPackFile(packPath('en/hotline.yaml'));
const variables = lineVariables(pack, { agentNumber: '1024' }, {});
/** The lines of the greeting, gathering and closing as the desk's settings fill them; a stage direction is not said. */
const lines = [...pack.phases.greeting, ...pack.phases.gathering, ...pack.phases.closing].filter((step) => !step.judge).map((step) => fillLine(step.line, variables));
const UNRELATED = 'the weather is nice today and my cat is asleep';
const audio = join(home.path, 'audio');

/** espeak-ng speaking `text` (US English, numbers said digit by digit as an agent says them) into a WAV. */
function speak(file: string, text: string): string {
  const path = join(audio, file);
  const said = spawnSync('espeak-ng', ['-v', 'en-us', '-w', path, text.replace(/\d/g, (d) => ` ${DIGITS[Number(d)]} `)], { stdio: 'ignore' });
  expect(said.status).toBe(0);
  return path;
}

interface FeedLine {
  speaker: string;
  text: string;
  final: boolean;
  start: number;
  end: number;
}
const feedOf = (path: string): FeedLine[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FeedLine);

let files: string[] = [];
/** What was heard in each file (found by its place on the timeline), "" for nothing. */
let heard: string[] = [];
let run: { code: number | null; out: string; err: string };
let feed: FeedLine[] = [];

beforeAll(() => {
  mkdirSync(audio);
  expect(ringside('config', 'set', 'agentNumber', '1024').code).toBe(0);
  expect(ringside('config', 'set', 'pack', 'en-hotline').code).toBe(0);
  files = [...lines.map((line, i) => speak(`line-${i}.wav`, line)), speak('unrelated.wav', UNRELATED)];
  // One command for every file: pocketsphinx starts once per file, not the bin.
  run = ringside('transcribe', ...files, '--to', join(home.path, 'feed.jsonl'));
  feed = feedOf(join(home.path, 'feed.jsonl'));
  let at = 0;
  heard = files.map((file) => {
    const start = at;
    at += readWavInfo(file).durationMs;
    return feed.find((segment) => segment.start === start)?.text ?? '';
  });
}, 180_000);
afterAll(() => home.remove());

describe('ringside transcribe on spoken lines', () => {
  it('writes one final agent segment per file heard, on a timeline the files make, to a file of the owner only', () => {
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^8 audio files: \d segments? written to ".*feed\.jsonl"/);
    expect(feed.length).toBeGreaterThanOrEqual(lines.length - 1);
    for (const segment of feed) {
      expect(Object.keys(segment)).toEqual(['speaker', 'text', 'final', 'start', 'end']);
      expect(segment).toMatchObject({ speaker: 'agent', final: true });
      expect(segment.text).toMatch(/^[a-z' ]+$/);
    }
    const durations = files.map((file) => readWavInfo(file).durationMs);
    const starts = durations.map((_, i) => durations.slice(0, i).reduce((sum, ms) => sum + ms, 0));
    for (const segment of feed) {
      const index = starts.indexOf(segment.start);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(segment.end).toBe(segment.start + durations[index]!);
    }
    expect(lstatSync(join(home.path, 'feed.jsonl')).mode & 0o777).toBe(0o600);
    // What was said stays out of the terminal.
    expect(run.out).not.toMatch(/sorry|welcome|anything/i);
  });

  it('hears most lines with at least 80 % of their words in order, the agent number read digit by digit', () => {
    const scores = lines.map((line, i) => ({ line, heard: heard[i], share: heardInOrder(line, heard[i]!) }));
    const good = scores.filter((score) => score.share >= 0.8);
    // Measured with Debian's pocketsphinx 0.8 on espeak-ng's voice: 5 of the 7 lines.
    expect(good.length, JSON.stringify(scores, null, 1)).toBeGreaterThanOrEqual(5);
    expect(heard.find((text) => text.includes('this is agent'))).toContain('agent one zero two four');
    expect(heard).toContain('is there anything else i can help you with');
  });

  it('hears no line in unrelated speech', () => {
    const text = heard.at(-1)!;
    for (const line of lines) expect(heardInOrder(line, text), `${text} / ${line}`).toBeLessThan(0.5);
  });

  it('appends to the feed, and writes to a TCP listener on this machine', async () => {
    const server = createServer();
    const received = new Promise<string>((resolve) => {
      server.on('connection', (socket) => {
        let text = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk) => (text += chunk));
        socket.on('end', () => resolve(text));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'ringside.js'), 'transcribe', files[0]!, '--to', `tcp://127.0.0.1:${port}`, '--speaker', 'caller'], {
      env: { ...process.env, RINGSIDE_HOME: home.path },
      stdio: 'ignore',
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    server.close();
    expect(code).toBe(0);
    expect(JSON.parse(await received)).toMatchObject({ speaker: 'caller', text: heard[0], final: true, start: 0 });
  }, 60_000);
});

describe('ringside transcribe refuses with a sentence', () => {
  it('a file that is not a WAV, naming it (exit 2), before writing anything', () => {
    const text = join(audio, 'notes.wav');
    writeFileSync(text, 'these are my notes, not audio\n');
    const result = ringside('transcribe', files[0]!, text, '--to', join(home.path, 'never.jsonl'));
    expect(result.code).toBe(2);
    expect(result.err).toBe(`ringside: "${text}" is not a WAV file; give WAV audio (16-bit PCM).\n`);
    expect(() => lstatSync(join(home.path, 'never.jsonl'))).toThrow();
  });

  it('a missing file, a missing --to, another machine, a Chinese pack (exit 2)', () => {
    const missing = ringside('transcribe', join(audio, 'nowhere.wav'), '--to', 'feed');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`"${join(audio, 'nowhere.wav')}" cannot be opened (ENOENT): check the path.`);
    const noTo = ringside('transcribe', files[0]!);
    expect(noTo.code).toBe(2);
    expect(noTo.err).toContain("required option '--to <source>' not specified");
    const remote = ringside('transcribe', files[0]!, '--to', 'tcp://example.com:4000');
    expect(remote.code).toBe(2);
    expect(remote.err).toContain('is another machine (example.com); speech is not encrypted and goes to this machine only');
    const chinese = ringside('transcribe', files[0]!, '--to', join(home.path, 'zh.jsonl'), '--pack', 'zh-CN-general');
    expect(chinese.code).toBe(2);
    // The desk's language follows the pack given: the sentence is said in Chinese.
    expect(chinese.err).toBe('ringside: 话术包 zh-CN-general 是中文的，而这里的识别器（pocketsphinx 的美式英语模型）只听英语；请用 --pack 给出英文话术包，如 en-hotline。\n');
  });

  it('a feed path that is a link: nothing written through it (exit 1)', () => {
    const target = join(home.path, 'target.txt');
    writeFileSync(target, 'kept\n');
    const link = join(home.path, 'link.jsonl');
    symlinkSync(target, link);
    const result = ringside('transcribe', files[0]!, '--to', link);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`ringside: --to "${link}" is a link; Ringside does not write through links. Give the path of the file or FIFO itself.\n`);
    expect(readFileSync(target, 'utf8')).toBe('kept\n');
  });

  it('pocketsphinx missing: the Debian packages to install (exit 1)', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'ringside.js');
    const result = spawnSync(process.execPath, [bin, 'transcribe', files[0]!, '--to', join(home.path, 'none.jsonl')], {
      env: { ...process.env, RINGSIDE_HOME: home.path, PATH: join(home.path, 'audio') },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'ringside: pocketsphinx_continuous is not installed; install the Debian packages pocketsphinx and pocketsphinx-en-us: sudo apt-get install pocketsphinx pocketsphinx-en-us.\n',
    );
  });
});
