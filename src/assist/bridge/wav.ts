/**
 * WAV files as the bridge reads them: 16-bit PCM, mono or stereo, 8 to 48 kHz (what espeak-ng,
 * arecord, sox and most recorders write by default). The header is walked chunk by chunk with
 * bounded reads, so a file that only looks like a WAV is refused before a recogniser sees it.
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';

/** A file larger than this is not one utterance (a 10-minute stereo 48 kHz recording is 110 MB). */
export const WAV_BYTES_MAX = 128 * 1024 * 1024;
/** One file is one segment of speech: longer than this is a recording to cut first. */
export const WAV_DURATION_MAX_MS = 10 * 60_000;

export interface WavInfo {
  sampleRate: number;
  channels: number;
  /** Where the samples start, and how many bytes of them. */
  dataOffset: number;
  dataBytes: number;
  durationMs: number;
}

/** Why a file is not a WAV the bridge can use (said by the command in the desk's language). */
export type WavProblem =
  | { kind: 'unreadable'; code: string }
  | { kind: 'notFile' }
  | { kind: 'tooBig' }
  | { kind: 'notWav' }
  | { kind: 'notPcm16'; format: number; bits: number; channels: number }
  | { kind: 'rate'; rate: number }
  | { kind: 'tooLong'; ms: number };

export class WavError extends Error {
  constructor(readonly problem: WavProblem) {
    super(problem.kind);
  }
}

/** Reads and checks a WAV file's header. Only a regular file is read: a FIFO or a device would never end. */
export function readWavInfo(path: string): WavInfo {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new WavError({ kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'error' });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new WavError({ kind: 'notFile' });
    if (stats.size > WAV_BYTES_MAX) throw new WavError({ kind: 'tooBig' });
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') throw new WavError({ kind: 'notWav' });
    let format: { tag: number; channels: number; rate: number; bits: number } | null = null;
    const chunk = Buffer.alloc(8);
    // Chunks follow one another; a bounded number of them (a WAV has a handful).
    for (let at = 12, seen = 0; at + 8 <= stats.size && seen < 64; seen++) {
      readSync(fd, chunk, 0, 8, at);
      const id = chunk.toString('latin1', 0, 4);
      const size = chunk.readUInt32LE(4);
      const body = at + 8;
      if (id === 'fmt ') {
        if (size < 16) throw new WavError({ kind: 'notWav' });
        const fmt = Buffer.alloc(16);
        readSync(fd, fmt, 0, 16, body);
        format = { tag: fmt.readUInt16LE(0), channels: fmt.readUInt16LE(2), rate: fmt.readUInt32LE(4), bits: fmt.readUInt16LE(14) };
      } else if (id === 'data') {
        if (!format) throw new WavError({ kind: 'notWav' });
        // 1: PCM; 0xFFFE: the extensible header recorders write for the same samples.
        if ((format.tag !== 1 && format.tag !== 0xfffe) || format.bits !== 16 || format.channels < 1 || format.channels > 2) {
          throw new WavError({ kind: 'notPcm16', format: format.tag, bits: format.bits, channels: format.channels });
        }
        if (format.rate < 8000 || format.rate > 48000) throw new WavError({ kind: 'rate', rate: format.rate });
        // A recorder killed mid-file leaves the size it meant to write (or 0xFFFFFFFF): the file's end counts.
        const dataBytes = Math.min(size, stats.size - body);
        const frameBytes = 2 * format.channels;
        const durationMs = Math.round((Math.floor(dataBytes / frameBytes) / format.rate) * 1000);
        if (durationMs > WAV_DURATION_MAX_MS) throw new WavError({ kind: 'tooLong', ms: durationMs });
        return { sampleRate: format.rate, channels: format.channels, dataOffset: body, dataBytes: dataBytes - (dataBytes % frameBytes), durationMs };
      }
      at = body + size + (size % 2);
    }
    throw new WavError({ kind: 'notWav' });
  } finally {
    closeSync(fd);
  }
}

/** Silence before and after the speech: pocketsphinx cuts a word that ends right at the file's end. */
const LEAD_MS = 300;
const TAIL_MS = 600;

/**
 * The file's samples as a mono 16-bit WAV (stereo is averaged), with silence before and after:
 * what the recogniser is given, whatever header the original had.
 */
export function monoWavWithMargins(path: string, info: WavInfo): Buffer {
  const data = Buffer.alloc(info.dataBytes);
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    for (let got = 0; got < data.length; ) {
      const n = readSync(fd, data, got, data.length - got, info.dataOffset + got);
      if (n === 0) break;
      got += n;
    }
  } finally {
    closeSync(fd);
  }
  const frames = data.length / (2 * info.channels);
  const lead = Math.round((info.sampleRate * LEAD_MS) / 1000);
  const tail = Math.round((info.sampleRate * TAIL_MS) / 1000);
  const samples = lead + frames + tail;
  const out = Buffer.alloc(44 + samples * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(info.sampleRate, 24);
  out.writeUInt32LE(info.sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < frames; i++) {
    const sample = info.channels === 1 ? data.readInt16LE(i * 2) : Math.round((data.readInt16LE(i * 4) + data.readInt16LE(i * 4 + 2)) / 2);
    out.writeInt16LE(sample, 44 + (lead + i) * 2);
  }
  return out;
}
