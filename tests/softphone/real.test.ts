/**
 * Real calls: a pair of baresip processes on loopback, the caller driven through its own
 * ctrl_tcp, Ringside's desk following the agent's phone. With RECORD_CAPTURES=1 each run also
 * writes what baresip said (tests/softphone/captured/), which replay.test.ts plays back.
 */
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CtrlClient, haveBaresip, startPair, type BaresipPair } from './pair.js';
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
});
