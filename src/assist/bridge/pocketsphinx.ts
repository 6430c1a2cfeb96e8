/**
 * The recogniser: Debian's pocketsphinx 0.8 (`pocketsphinx_continuous`) with its US English model
 * (pocketsphinx-en-us), listening with a grammar of the pack's phrases (./grammar.ts). Another
 * engine is another module with the same two functions (`engineMissing`, `prepare`).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { buildGrammar, dictionaryLines, phraseWords } from './grammar.js';

export const ENGINE_NAME = 'pocketsphinx';
/** The Debian packages that bring the program and the model. */
export const ENGINE_PACKAGES = ['pocketsphinx', 'pocketsphinx-en-us'] as const;
const PROGRAM = 'pocketsphinx_continuous';
const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const ACOUSTIC_MODEL = join(MODEL_DIR, 'en-us');
const DICTIONARY = join(MODEL_DIR, 'cmudict-en-us.dict');
/** The languages its model hears. */
export const ENGINE_LANGUAGES = ['en'] as const;

/** A recogniser's whole answer for one file is a few lines; more is not a transcript. */
const OUTPUT_MAX = 64 * 1024;

export class EngineError extends Error {
  constructor(
    readonly kind: 'noGrammar' | 'timeout' | 'failed',
    readonly detail = '',
  ) {
    super(kind);
  }
}

function onPath(command: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // Not here.
    }
  }
  return null;
}

/** What is missing for the engine to run here: the program, the model, or nothing. */
export function engineMissing(env: NodeJS.ProcessEnv): 'program' | 'model' | null {
  if (!onPath(PROGRAM, env)) return 'program';
  try {
    accessSync(join(ACOUSTIC_MODEL, 'mdef'), constants.R_OK);
    accessSync(DICTIONARY, constants.R_OK);
  } catch {
    return 'model';
  }
  return null;
}

/** The FFT size for a sample rate: the smallest power of two that holds the model's 25.6 ms window. */
function fftSize(sampleRate: number): number {
  let size = 256;
  while (size < sampleRate * 0.025625) size *= 2;
  return size;
}

export interface Recogniser {
  /** What the recogniser heard in a mono 16-bit WAV (the words, lower case, one line; "" for nothing). */
  hear(wav: Buffer, sampleRate: number, durationMs: number): Promise<string>;
  /** How many phrases the grammar holds. */
  readonly phrases: number;
}

/**
 * Gets the recogniser ready for `phrases` in `folder` (a private folder of the caller's, removed by
 * it): the grammar and its dictionary are written there, and each file's audio in turn.
 */
export function prepare(phrases: readonly string[], folder: string, env: NodeJS.ProcessEnv): Recogniser {
  const known = dictionaryLines(readFileSync(DICTIONARY, 'utf8'), phraseWords(phrases));
  const grammar = buildGrammar(phrases, known);
  if (!grammar) throw new EngineError('noGrammar');
  const grammarFile = join(folder, 'lines.jsgf');
  const dictionaryFile = join(folder, 'lines.dict');
  const audioFile = join(folder, 'speech.wav');
  writeFileSync(grammarFile, grammar.jsgf, { mode: 0o600 });
  writeFileSync(dictionaryFile, grammar.dictionary, { mode: 0o600 });
  const program = onPath(PROGRAM, env) ?? PROGRAM;
  return {
    phrases: grammar.phrases,
    async hear(wav, sampleRate, durationMs) {
      writeFileSync(audioFile, wav, { mode: 0o600 });
      const args = [
        ['-infile', audioFile],
        ['-hmm', ACOUSTIC_MODEL],
        ['-jsgf', grammarFile],
        ['-dict', dictionaryFile],
        ['-samprate', String(sampleRate)],
        ['-nfft', String(fftSize(sampleRate))],
        // Measured on espeak-ng's speech: the default beams pruned the right path away before the
        // line's end (nothing heard for most lines); wider ones found every line. Noise removal
        // distorted clean speech.
        ['-beam', '1e-100'],
        ['-pbeam', '1e-100'],
        ['-wbeam', '1e-80'],
        ['-remove_noise', 'no'],
        // Its log (hundreds of lines) goes nowhere; what it heard comes on standard output.
        ['-logfn', '/dev/null'],
      ].flat();
      const output = await run(program, args, 10_000 + 3 * durationMs);
      return output
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => /^[a-z][a-z' ]*$/.test(line))
        .join(' ')
        .replace(/\s+/g, ' ');
    },
  };
}

/** Runs the program, its standard error left unread; killed after `timeoutMs`. */
function run(program: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (output.length < OUTPUT_MAX) output += chunk.slice(0, OUTPUT_MAX - output.length);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EngineError('timeout', String(Math.round(timeoutMs / 1000))));
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new EngineError('failed', error.code ?? 'error'));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new EngineError('failed', signal ?? `exit ${code}`));
    });
  });
}
