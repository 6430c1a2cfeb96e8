/**
 * Live assist from real speech, in a real 80x24 terminal: the English pack's lines spoken by
 * espeak-ng into WAV files, heard by the real pocketsphinx through `ringside transcribe` (the built
 * bin) into the feed Ringside follows. Each spoken step ticks with `heard NN%`; unrelated speech
 * ticks nothing; the saved call keeps what was heard.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const haveSpeech = spawnSync('espeak-ng', ['--version']).status === 0 && spawnSync('pocketsphinx_continuous', ['-h'], { stdio: 'ignore' }).error === undefined;

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

tmuxIsInstalled();
it('espeak-ng and pocketsphinx are installed (apt-get install espeak-ng pocketsphinx pocketsphinx-en-us)', () => {
  expect(haveSpeech, 'espeak-ng or pocketsphinx_continuous is not on PATH').toBe(true);
});

/**
 * espeak-ng's US voice with its second female variant at 150 words a minute: pocketsphinx hears each
 * of the lines below from it (the plain en-us voice's "May I have your name, please?" comes out
 * "can you hear me"). Recognition of synthetic speech depends on the voice: see docs/assist.md.
 */
const VOICE = ['-v', 'en-us+f2', '-s', '150'];

describe.runIf(haveTmux && haveSpeech)('live assist from speech: espeak-ng → ringside transcribe → the feed', () => {
  it('ticks each spoken English line with heard NN%, ticks nothing on unrelated speech, and keeps the evidence', async () => {
    const home = tempDir('ringside-speech-');
    cleanup.push(() => home.remove());
    const env = { ...process.env, RINGSIDE_HOME: home.path };
    const ringside = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    ringside('config', 'set', 'pack', 'en-hotline');
    ringside('config', 'set', 'agentNumber', '1024');
    ringside('config', 'set', 'agentName', 'Ann Lee');
    const audio = join(home.path, 'audio');
    mkdirSync(audio);
    const feed = join(home.path, 'feed.jsonl');
    writeFileSync(feed, '', { mode: 0o600 });

    let spoken = 0;
    const outputs: string[] = [];
    /** Speaks `text` (US English; numbers digit by digit, as an agent reads them) and transcribes it into the feed. */
    const say = async (text: string) => {
      const wav = join(audio, `said-${spoken++}.wav`);
      execFileSync('espeak-ng', [...VOICE, '-w', wav, text.replace(/\d/g, (d) => ` ${DIGITS[Number(d)]} `)]);
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'transcribe', wav, '--to', feed], { env, encoding: 'utf8' });
      outputs.push(stdout);
    };

    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    term.start('--transcript', feed);
    await term.waitFor('transcript');
    await term.press('c', /ring/i);
    await term.press('a', '▶ Hello, Example Company Customer Service, this is agent 1024.');
    const ticked = (label: string) => term.waitFor(new RegExp(`✓ ${label} +heard +\\d+%`), 30_000);

    await say('Hello, Example Company Customer Service, this is agent 1024. How may I help you?');
    await ticked('Opening \\(agent number\\)');
    await say('May I have your name, please?');
    await ticked('Ask the name');
    // The restatement and the answer hold the caller's matter (…): nothing to speak; on to the closing.
    await term.press('Tab', '▶ Regarding your question, …');
    await term.press('Tab', '▶ Is there anything else I can help you with?');
    // Unrelated speech: whatever it is heard as, no step ticks (checked once the next line has ticked).
    await say('The weather is nice today and my cat is asleep.');
    await say('Is there anything else I can help you with?');
    let screen = await ticked('Anything else\\?');
    expect(screen).toMatch(/○ Return thanks/);
    expect(screen).toMatch(/○ Farewell/);
    await say("You're welcome, it's our pleasure.");
    await ticked('Return thanks');
    await say('Thank you for calling, and thank you for your support. Goodbye!');
    screen = await ticked('Farewell');
    expect(screen).not.toMatch(/✓ Restate and confirm/);
    // What was said stays out of the terminal: the command says counts only.
    expect(outputs.join('')).not.toMatch(/weather|welcome|anything/i);
    expect(outputs[2]).toMatch(/^1 audio file: (0 segments written .*; no line heard in 1|1 segment written)/);

    await term.press('e', 'Wrap-up: a digit opens a group');
    await term.press('Enter', /Call reasons/);
    await term.press('1', /✓ /);
    await term.press('s', 'Call 1 saved.');

    const [call] = JSON.parse(ringside('history', '--json', '--unmasked')) as { steps: { id: string; heard?: { text: string; score: number } }[] }[];
    const heard = Object.fromEntries(call!.steps.filter((step) => step.heard).map((step) => [step.id, step.heard!.text]));
    expect(Object.keys(heard).sort()).toEqual(['anything-else', 'farewell', 'open', 'reciprocate', 'surname']);
    expect(heard.open).toContain('this is agent one zero two four');
    expect(heard['anything-else']).toContain('is there anything else');
    expect(heard.reciprocate).toContain("you're welcome");
    expect(heard.farewell).toContain('thank you for calling');
    for (const text of Object.values(heard)) expect(text).not.toMatch(/weather|cat|asleep/);
    // Whatever the recogniser made of the unrelated speech (it hears only the pack's words), it ticked nothing.
    const log = new Database(join(home.path, 'data', 'calls.sqlite'), { readonly: true });
    try {
      const said = log.prepare(`SELECT event_json FROM call_events WHERE call_id = 1 AND type = 'HEARD' ORDER BY seq`).all().map((row) => JSON.parse((row as { event_json: string }).event_json) as { text: string; step?: string; line?: string });
      const unrelated = said.length === 6 ? said[2] : null; // five lines and the unrelated speech, if it was heard as anything
      expect(said.length === 5 || said.length === 6).toBe(true);
      if (unrelated) expect({ step: unrelated.step, line: unrelated.line }).toEqual({ step: undefined, line: undefined });
    } finally {
      log.close();
    }
  }, 180_000);
});
