/**
 * Taking each side's audio from baresip for a recogniser: the desk's baresip loads the sndfile
 * filter, which writes every call's audio to two WAV files in `snd_path`. A real pair of baresip
 * phones on loopback with a different tone on each side (the agent's microphone a 1000 Hz sine,
 * the caller's 440 Hz) shows which file holds whose voice, what the files look like and when they
 * are whole, and what a hold does to them.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readWavInfo, type WavInfo } from '../../src/assist/bridge/wav.js';
import { tempDir } from '../helpers.js';
import { CtrlClient, haveBaresip, startPair, until, type BaresipPair } from './pair.js';

const AGENT_HZ = 1000;
const CALLER_HZ = 440;
/** sndfile 1.0.0 names the files by the local time the call's audio started, to the second. */
const DUMP_NAME = /^dump-(\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)-(enc|dec)\.wav$/;

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
  cleanups = [];
});

/** The desk's baresip writing each call's audio into a fresh 0700 folder. */
async function deskRecording(umask?: number): Promise<{ pair: BaresipPair; agent: CtrlClient; folder: string }> {
  const dir = tempDir('ringside-sndfile-');
  cleanups.push(dir.remove);
  const folder = join(dir.path, 'calls');
  mkdirSync(folder, { mode: 0o700 });
  const pair = await startPair('Zhang San', '13800001111', {
    sineHz: AGENT_HZ,
    extraConfig: `module             sndfile.so\nsnd_path           ${folder}`,
    umask,
  });
  cleanups.push(pair.stop);
  const agent = await CtrlClient.connect(pair.agentCtrl);
  cleanups.push(() => agent.close());
  return { pair, agent, folder };
}

/** The caller dials, the desk answers; resolves when the agent's phone says the call is live. */
async function answeredCall(pair: BaresipPair, agent: CtrlClient): Promise<void> {
  expect((await pair.caller.command('dial', pair.agentUri)).ok).toBe(true);
  await until(() => agent.events.some((event) => event.type === 'CALL_INCOMING'), 'the call rings on the desk');
  await agent.command('accept');
  await until(() => agent.events.some((event) => event.type === 'CALL_ESTABLISHED'), 'the call is live on the desk');
}

async function callerHangsUp(pair: BaresipPair, agent: CtrlClient): Promise<void> {
  expect((await pair.caller.command('hangup')).ok).toBe(true);
  await until(() => agent.events.some((event) => event.type === 'CALL_CLOSED'), 'the call ends on the desk');
}

function dumps(folder: string): string[] {
  return readdirSync(folder).sort();
}

/** The WAV's header as the bridge reads it, or null while it is not one. */
function wavInfo(path: string): WavInfo | null {
  try {
    return readWavInfo(path);
  } catch {
    return null;
  }
}

/** The tone a mono 16-bit file carries, from how often its samples change sign. */
function dominantHz(path: string, info: WavInfo): number {
  const data = readFileSync(path).subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  let crossings = 0;
  let last = 0;
  for (let at = 0; at + 1 < data.length; at += 2) {
    const sign = Math.sign(data.readInt16LE(at));
    if (sign === 0) continue;
    if (last !== 0 && sign !== last) crossings++;
    last = sign;
  }
  return crossings / 2 / (info.durationMs / 1000);
}

describe("each side's audio from baresip's sndfile filter", () => {
  it.runIf(haveBaresip)(
    "a call on the desk leaves two WAV files: -enc the agent's voice, -dec the caller's; private under umask 077; whole at hang-up",
    async () => {
      const { pair, agent, folder } = await deskRecording(0o077);
      await answeredCall(pair, agent);
      const live = Date.now();

      // The files are there from the moment the call is live, one per direction of the call.
      await until(() => dumps(folder).length === 2, 'two files in snd_path');
      const names = dumps(folder);
      const parsed = names.map((name) => DUMP_NAME.exec(name)?.slice(1));
      // One start time, the two directions: dump-<local time>-dec.wav and dump-<local time>-enc.wav.
      expect(parsed).toEqual([
        [parsed[0]?.[0], 'dec'],
        [parsed[0]?.[0], 'enc'],
      ]);
      const [decName, encName] = names as [string, string];
      const agentSide = join(folder, encName); // what the desk's microphone sends
      const callerSide = join(folder, decName); // what the line plays to the desk

      // Three seconds of the caller's audio on disk. While the call runs the samples are written
      // but the header still says no data: a reader sees an empty WAV until the hang-up.
      const threeSeconds = 44 + 3 * 8000 * 2;
      await until(() => statSync(callerSide).size >= threeSeconds && statSync(agentSide).size >= threeSeconds, 'three seconds of audio', 8000);
      for (const side of [agentSide, callerSide]) expect(wavInfo(side)?.durationMs).toBe(0);

      await callerHangsUp(pair, agent);
      const callMs = Date.now() - live;
      // The hang-up closes the files, which writes their sizes in the header.
      await until(() => [agentSide, callerSide].every((side) => (wavInfo(side)?.dataBytes ?? 0) > 0), 'the headers written at the hang-up', 2000);
      expect(dumps(folder)).toEqual(names);

      for (const [side, hz] of [
        [agentSide, AGENT_HZ],
        [callerSide, CALLER_HZ],
      ] as const) {
        // Owner's alone: the umask baresip ran under, as the folder it writes in.
        expect(statSync(side).mode & 0o777).toBe(0o600);
        const info = readWavInfo(side);
        // PCMU's rate and channels: the audio as it went on or came off the line.
        expect({ sampleRate: info.sampleRate, channels: info.channels, dataOffset: info.dataOffset }).toEqual({ sampleRate: 8000, channels: 1, dataOffset: 44 });
        expect(info.dataBytes).toBe(statSync(side).size - 44);
        expect(Math.abs(info.durationMs - callMs)).toBeLessThan(500);
        // The tone of the side it belongs to, within 5 %.
        expect(Math.abs(dominantHz(side, info) - hz) / hz).toBeLessThan(0.05);
      }
    },
  );

  it.runIf(haveBaresip)("baresip 1.0.0 stops the caller's file when the desk puts the call on hold and writes nothing more of the caller after it is taken back", async () => {
    const { pair, agent, folder } = await deskRecording(0o077);
    await answeredCall(pair, agent);
    await until(() => dumps(folder).length === 2, 'two files in snd_path');
    const [decName, encName] = dumps(folder) as [string, string];
    const [agentSide, callerSide] = [join(folder, encName), join(folder, decName)];
    const oneSecond = 44 + 8000 * 2;
    await until(() => statSync(callerSide).size >= oneSecond, 'a second of the caller');
    const live = Date.now();
    expect((await agent.command('hold')).ok).toBe(true);
    // The hold closes the caller's file: its header is written there and then.
    await until(() => (wavInfo(callerSide)?.dataBytes ?? 0) > 0, "the caller's file closed at the hold");
    const callerBeforeHold = statSync(callerSide).size;
    expect((await agent.command('resume')).ok).toBe(true);
    // Another second and a half of the call after the resume, as the agent's own file shows.
    const agentAtResume = statSync(agentSide).size;
    await until(() => statSync(agentSide).size >= agentAtResume + 1.5 * 8000 * 2, 'more of the call after the resume', 4000);
    await callerHangsUp(pair, agent);
    await until(() => (wavInfo(agentSide)?.dataBytes ?? 0) > 0, "the agent's file closed at the hang-up");
    expect(dumps(folder)).toEqual([decName, encName]);
    expect(statSync(callerSide).size).toBe(callerBeforeHold);
    expect(readWavInfo(callerSide).durationMs).toBeLessThan(Date.now() - live);
    expect(readWavInfo(agentSide).durationMs - readWavInfo(callerSide).durationMs).toBeGreaterThan(1500);
  });

  it.runIf(haveBaresip)('under the usual umask 022 baresip writes the caller\'s voice readable by everyone on the machine (0644)', async () => {
    const { pair, agent, folder } = await deskRecording(0o022);
    await answeredCall(pair, agent);
    await until(() => dumps(folder).length === 2, 'two files in snd_path');
    await callerHangsUp(pair, agent);
    for (const name of dumps(folder)) expect(statSync(join(folder, name)).mode & 0o777).toBe(0o644);
  });
});
