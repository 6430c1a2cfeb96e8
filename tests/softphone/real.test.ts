/**
 * Real calls: a pair of baresip processes on loopback, the caller driven through its own
 * ctrl_tcp, Ringside's desk following the agent's phone. With RECORD_CAPTURES=1 each run also
 * writes what baresip said (tests/softphone/captured/), which replay.test.ts plays back.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CtrlClient, freePortPair, haveBaresip, haveSipp, startPair, until, type BaresipPair } from './pair.js';
import { captureFile, followingDesk, PHONE_SCENARIOS, type FarSide, type Following } from './scenarios.js';


let pair: BaresipPair | null = null;
let following: Following | null = null;
afterEach(() => {
  following?.stop();
  pair?.stop();
  following = null;
  pair = null;
});

async function callerAudio(caller: CtrlClient): Promise<string | undefined> {
  const debug = await caller.command('audio_debug');
  return /audio dir=(\w+)/.exec(debug.data)?.[1];
}

// .ci/run installs baresip-core; without it these tests cannot run, and say so by failing.
describe('real calls on a pair of baresip phones', () => {
  it('baresip is installed (apt-get install baresip-core)', () => {
    expect(haveBaresip).toBe(true);
  });

  for (const scenario of PHONE_SCENARIOS) {
    it.runIf(haveBaresip)(scenario.name, async () => {
      pair = await startPair();
      const phones = pair;
      const f = followingDesk(phones.agentCtrl);
      following = f;
      let steps = 0;
      const far: FarSide = {
        async caller(action) {
          f.transcript.push({ step: `${++steps} caller ${action}` });
          const reply = await phones.caller.command(action, action === 'dial' ? phones.agentUri : '');
          expect(reply.ok).toBe(true);
        },
        async rival(work) {
          f.transcript.push({ step: `${++steps} rival` });
          const rival = await CtrlClient.connect(phones.agentCtrl);
          try {
            await work(rival, phones.caller);
          } finally {
            rival.close();
          }
        },
        async callerHears(direction) {
          let heard: string | undefined;
          const end = Date.now() + 3000;
          while ((heard = await callerAudio(phones.caller)) !== direction) {
            if (Date.now() > end) throw new Error(`the caller's audio is ${heard}, not ${direction}`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        },
      };
      await scenario.run(f, far);
      if (process.env.RECORD_CAPTURES) {
        writeFileSync(captureFile(scenario.name), f.transcript.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
      }
    });
  }

  it('SIPp is installed (apt-get install sip-tester)', () => {
    expect(haveSipp).toBe(true);
  });

  it.runIf(haveBaresip && haveSipp)("a caller that is not baresip (SIPp's standard caller) rings, is answered by key and hangs up first", async () => {
    pair = await startPair();
    const f = followingDesk(pair.agentCtrl);
    following = f;
    await until(() => f.link.state === 'connected', 'connected');
    const [sip, media] = [await freePortPair(), await freePortPair()];
    // One call: INVITE, wait for the answer, ACK, talk a second, BYE.
    const sipp = spawn('sipp', ['-sn', 'uac', pair.agentUri.replace(/^sip:agent@/, ''), '-s', 'agent', '-m', '1', '-l', '1', '-i', '127.0.0.1', '-p', String(sip), '-mp', String(media), '-d', '1000', '-nostdin', '-timeout', '20s'], { stdio: 'ignore' });
    const done = new Promise<number | null>((resolve) => sipp.on('exit', resolve));
    try {
      await until(() => f.desk.snapshot.matches('ringing'), 'the SIPp call rings');
      expect(f.desk.snapshot.context.fields.phone).toBe('sipp');
      f.key('ANSWER');
      await until(() => f.desk.snapshot.matches('live'), 'answered');
      await until(() => f.desk.snapshot.matches('wrapUp'), 'SIPp hangs up');
      expect(f.desk.snapshot.context.hungUpBy).toBe('caller');
      expect(await done).toBe(0); // SIPp saw its scenario through: the answer was a real 200 OK
    } finally {
      sipp.kill('SIGKILL');
    }
  });
});
