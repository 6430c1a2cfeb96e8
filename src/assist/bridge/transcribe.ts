/**
 * `ringside transcribe AUDIO… --to SOURCE`: runs a speech recogniser on WAV files, one after
 * another, and writes what it heard as a transcript feed (one final segment per file, on a
 * timeline the files' lengths make) for Ringside to follow. The recogniser listens for the pack's
 * lines as the desk's settings fill them (./grammar.ts), so it hears "agent one zero two four".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printable, quoted, UserError } from '../../errors.js';
import { formatCount, said, type Words } from '../../language.js';
import { findPack } from '../../pack/load.js';
import type { Step } from '../../pack/schema.js';
import { fillLine, lineVariables } from '../../ui/view.js';
import { allSteps } from '../../../machines/steps.js';
import { settingsOf, type CommandContext } from '../../commands/context.js';
import { SEGMENT_TEXT_MAX, type Segment, type Speaker } from '../segment.js';
import { ENGINE_LANGUAGES, ENGINE_PACKAGES, EngineError, engineMissing, prepare } from './pocketsphinx.js';
import { openSink, SinkError, tcpAddress, type SinkProblem } from './sink.js';
import { monoWavWithMargins, readWavInfo, WAV_DURATION_MAX_MS, WavError, type WavInfo, type WavProblem } from './wav.js';

/** Files in one run: a call's utterances, not an archive. */
export const FILES_MAX = 1000;

const WORDS: Words<{
  tooMany: (count: number) => string;
  wav: (file: string, problem: WavProblem) => string;
  sink: (to: string, problem: SinkProblem) => string;
  language: (pack: string) => string;
  missing: (what: 'program' | 'model') => string;
  noGrammar: (pack: string) => string;
  timeout: (file: string, seconds: string) => string;
  failed: (file: string, detail: string) => string;
  done: (files: number, written: number, silent: number, to: string) => string;
}> = {
  'zh-CN': {
    tooMany: (count) => `一次最多转写 ${FILES_MAX} 个音频文件，给了 ${count} 个；请分几次运行。`,
    wav: (file, p) =>
      ({
        unreadable: `音频文件 ${file} 打不开（${'code' in p ? p.code : ''}）：请检查路径。`,
        notFile: `${file} 不是普通文件；请给出 WAV 文件的路径。`,
        tooBig: `音频文件 ${file} 太大；一个文件应是一段话（最长 ${WAV_DURATION_MAX_MS / 60_000} 分钟）。请先切开。`,
        notWav: `${file} 不是 WAV 文件；请给出 WAV 音频（16 位 PCM）。`,
        notPcm16: `${file} 不是 16 位 PCM 的单声道或立体声 WAV；请先转换，如 sox 文件 -b 16 -c 1 新文件.wav。`,
        rate: `${file} 的采样率是 ${'rate' in p ? p.rate : ''} Hz；能用的是 8000 到 48000 Hz。`,
        tooLong: `${file} 长 ${'ms' in p ? Math.round(p.ms / 1000) : ''} 秒；一个文件应是一段话，最长 ${WAV_DURATION_MAX_MS / 60_000} 分钟。请先切开。`,
      })[p.kind],
    sink: (to, p) =>
      ({
        badAddress: `--to ${to} 不是可用的地址：请写 tcp://127.0.0.1:端口，或一个文件、FIFO 的路径。`,
        notLoopback: `--to ${to} 指向另一台机器（${'host' in p ? printable(p.host) : ''}）；语音不加密，只发往本机：tcp://127.0.0.1:端口。`,
        link: `--to ${to} 是一个链接；Ringside 不经过链接写入。请给出文件或 FIFO 本身的路径。`,
        notFile: `--to ${to} 既不是普通文件也不是 FIFO；请给出文件、FIFO 的路径或 tcp://127.0.0.1:端口。`,
        otherOwner: `--to ${to} 属于另一个用户（用户编号 ${'uid' in p ? p.uid : ''}）；语音只写进你自己的文件。`,
        cannotOpen: `--to ${to} 打不开（${'code' in p ? p.code : ''}）：请检查文件夹是否存在、是不是你的。`,
        noReader: `--to ${to}：${'seconds' in p ? p.seconds : ''} 秒内没有人读取（Ringside 应在跟随这个 FIFO）；请先启动 Ringside。`,
        refused: `--to ${to} 连不上（${'code' in p ? p.code : ''}）：Ringside 是否在那里监听？`,
        gone: `--to ${to} 写不进去了（${'code' in p ? p.code : ''}）；已写出的段落保留。`,
      })[p.kind],
    language: (pack) => `话术包 ${pack} 是中文的，而这里的识别器（pocketsphinx 的美式英语模型）只听英语；请用 --pack 给出英文话术包，如 en-hotline。`,
    missing: (what) =>
      `${what === 'program' ? '没有找到 pocketsphinx_continuous' : '没有找到 pocketsphinx 的美式英语模型'}；请安装 Debian 软件包 ${ENGINE_PACKAGES.join(' 和 ')}：sudo apt-get install ${ENGINE_PACKAGES.join(' ')}。`,
    noGrammar: (pack) => `话术包 ${pack} 的台词里没有识别器认识的词，无从听起。`,
    timeout: (file, seconds) => `识别器处理 ${file} 超过 ${seconds} 秒，已停止；之前的段落已写出。`,
    failed: (file, detail) => `识别器处理 ${file} 时出错（${detail}）；之前的段落已写出。`,
    done: (files, written, silent, to) => `${files} 个音频文件：${written} 段写入 ${to}${silent ? `；${silent} 个没有听出台词` : ''}。\n`,
  },
  en: {
    tooMany: (count) => `transcribe takes at most ${FILES_MAX} audio files at a time, not ${count}; run it a few times.`,
    wav: (file, p) =>
      ({
        unreadable: `The audio file ${file} cannot be opened (${'code' in p ? p.code : ''}): check the path.`,
        notFile: `${file} is not a regular file; give the path of a WAV file.`,
        tooBig: `The audio file ${file} is too big: a file is one stretch of speech (${WAV_DURATION_MAX_MS / 60_000} minutes at most). Cut it first.`,
        notWav: `${file} is not a WAV file; give WAV audio (16-bit PCM).`,
        notPcm16: `${file} is not a 16-bit PCM WAV in mono or stereo; convert it first, e.g. sox FILE -b 16 -c 1 NEW.wav.`,
        rate: `${file} is sampled at ${'rate' in p ? p.rate : ''} Hz; 8000 to 48000 Hz can be used.`,
        tooLong: `${file} is ${'ms' in p ? Math.round(p.ms / 1000) : ''} seconds long: a file is one stretch of speech, ${WAV_DURATION_MAX_MS / 60_000} minutes at most. Cut it first.`,
      })[p.kind],
    sink: (to, p) =>
      ({
        badAddress: `--to ${to} is not an address that can be used: give tcp://127.0.0.1:PORT, or the path of a file or FIFO.`,
        notLoopback: `--to ${to} is another machine (${'host' in p ? printable(p.host) : ''}); speech is not encrypted and goes to this machine only: tcp://127.0.0.1:PORT.`,
        link: `--to ${to} is a link; Ringside does not write through links. Give the path of the file or FIFO itself.`,
        notFile: `--to ${to} is neither a regular file nor a FIFO; give the path of a file or FIFO, or tcp://127.0.0.1:PORT.`,
        otherOwner: `--to ${to} belongs to another user (uid ${'uid' in p ? p.uid : ''}); speech is written to files of your own only.`,
        cannotOpen: `--to ${to} cannot be opened (${'code' in p ? p.code : ''}): check its folder exists and is yours.`,
        noReader: `--to ${to}: no one read it within ${'seconds' in p ? p.seconds : ''} seconds (Ringside should be following this FIFO); start Ringside first.`,
        refused: `--to ${to} cannot be reached (${'code' in p ? p.code : ''}): is Ringside listening there?`,
        gone: `--to ${to} can no longer be written (${'code' in p ? p.code : ''}); the segments written so far stay.`,
      })[p.kind],
    language: (pack) => `Pack ${pack} is in Chinese, and the recogniser here (pocketsphinx's US English model) hears English only; give an English pack with --pack, e.g. en-hotline.`,
    missing: (what) =>
      `${what === 'program' ? 'pocketsphinx_continuous is not installed' : "pocketsphinx's US English model is not installed"}; install the Debian packages ${ENGINE_PACKAGES.join(' and ')}: sudo apt-get install ${ENGINE_PACKAGES.join(' ')}.`,
    noGrammar: (pack) => `The lines of pack ${pack} have no word the recogniser knows, so there is nothing to listen for.`,
    timeout: (file, seconds) => `The recogniser took more than ${seconds} seconds on ${file} and was stopped; the segments before it were written.`,
    failed: (file, detail) => `The recogniser failed on ${file} (${detail}); the segments before it were written.`,
    done: (files, written, silent, to) =>
      `${formatCount('en', files, { one: 'audio file', other: 'audio files' })}: ${formatCount('en', written, { one: 'segment', other: 'segments' })} written to ${to}${silent ? `; no line heard in ${silent}` : ''}.\n`,
  },
};

/** Every way the pack says a step, its {variables} filled as the screen fills them. */
function packPhrases(steps: readonly Step[], variables: Record<string, string>): string[] {
  // `heard:` (the ways agents commonly say a step) where the pack has them.
  const heard = (step: Step) => ((step as Step & { heard?: readonly string[] }).heard ?? []);
  return steps.flatMap((step) => [step.line, ...heard(step)].map((text) => fillLine(text, variables)));
}

export async function transcribe(context: CommandContext, files: readonly string[], options: { to: string; speaker: Speaker; pack?: string }): Promise<void> {
  const { io, paths } = context;
  const words = said(WORDS);
  const to = quoted(options.to);
  if (files.length > FILES_MAX) throw new UserError(words.tooMany(files.length));
  // Bad usage is said before anything is heard: the address, then every file.
  try {
    tcpAddress(options.to);
  } catch (error) {
    if (error instanceof SinkError) throw new UserError(words.sink(to, error.problem));
    throw error;
  }
  const audio: { file: string; info: WavInfo }[] = files.map((file) => {
    try {
      return { file, info: readWavInfo(file) };
    } catch (error) {
      if (error instanceof WavError) throw new UserError(words.wav(quoted(file), error.problem));
      throw error;
    }
  });
  const settings = (await settingsOf(context))().all;
  const pack = findPack(options.pack ?? settings.pack, paths.userPacks);
  if (!(ENGINE_LANGUAGES as readonly string[]).includes(pack.language)) throw new UserError(words.language(pack.id));
  const missing = engineMissing(io.env);
  // The machine's setup, not the input: exit 1.
  if (missing) throw new UserError(words.missing(missing), 1);

  const variables = lineVariables(pack, settings, {});
  // The grammar, its dictionary and each file's audio in turn: a folder of the user's alone, removed after.
  const folder = mkdtempSync(join(tmpdir(), 'ringside-transcribe-'));
  try {
    let recogniser;
    try {
      recogniser = prepare(packPhrases(allSteps(pack), variables), folder, io.env);
    } catch (error) {
      if (error instanceof EngineError) throw new UserError(words.noGrammar(pack.id), 1);
      throw error;
    }
    const sink = await openSink(options.to).catch((error: unknown) => {
      throw error instanceof SinkError ? new UserError(words.sink(to, error.problem), 1) : error;
    });
    let written = 0;
    let silent = 0;
    let at = 0;
    try {
      for (const { file, info } of audio) {
        let text: string;
        try {
          text = await recogniser.hear(monoWavWithMargins(file, info), info.sampleRate, info.durationMs);
        } catch (error) {
          if (!(error instanceof EngineError)) throw error;
          throw new UserError(error.kind === 'timeout' ? words.timeout(quoted(file), error.detail) : words.failed(quoted(file), error.detail), 1);
        }
        const segment: Segment = { speaker: options.speaker, text: text.slice(0, SEGMENT_TEXT_MAX), final: true, start: at, end: at + info.durationMs };
        at += info.durationMs;
        if (!segment.text) {
          silent++;
          continue;
        }
        await sink.write(`${JSON.stringify(segment)}\n`);
        written++;
      }
    } catch (error) {
      throw error instanceof SinkError ? new UserError(words.sink(to, error.problem), 1) : error;
    } finally {
      await sink.close().catch(() => {});
    }
    // Counts only: what was said may be the caller's, and stays out of the terminal.
    io.out(words.done(audio.length, written, silent, to));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
