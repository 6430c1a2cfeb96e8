/** The live-assist settings and option: what they take, and a sentence (exit 2) for what they do not. */
import { describe, expect, it } from 'vitest';
import { homeForEachTest, runBin } from '../helpers.js';

const home = homeForEachTest();
const ringside = (...args: string[]) => runBin(home.path, ...args);

describe('live-assist settings', () => {
  it('transcript: a path or a loopback port; another host is refused before anything is written', () => {
    expect(ringside('config', 'set', 'transcript', 'tcp://127.0.0.1:7070').code).toBe(0);
    expect(ringside('config', 'get', 'transcript').out.trim()).toBe('tcp://127.0.0.1:7070');
    const remote = ringside('config', 'set', 'transcript', 'tcp://10.1.2.3:7070');
    expect(remote.code).toBe(2);
    expect(remote.err).toContain('只能监听本机回环地址');
    expect(ringside('config', 'get', 'transcript').out.trim()).toBe('tcp://127.0.0.1:7070');
    expect(ringside('config', 'set', 'transcript', '/tmp/feed.jsonl').code).toBe(0);
    // Port 0 would listen where no recogniser knows to connect.
    const anyPort = ringside('config', 'set', 'transcript', 'tcp://127.0.0.1:0');
    expect(anyPort.code).toBe(2);
    expect(anyPort.err).toContain('1 到 65535');
  });

  it('--transcript with another host: a sentence before any screen, exit 2', () => {
    const run = ringside('--transcript', 'tcp://example.com:7070');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^ringside: 转写来源 tcp:\/\/example\.com:7070 不在本机/);
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  it('heardThreshold from 0.5 to 1, repeatAfterSeconds from 1 to 600, transcriptSpeaker agent or caller', () => {
    expect(ringside('config', 'set', 'heardThreshold', '0.8').code).toBe(0);
    expect(ringside('config', 'get', 'heardThreshold').out.trim()).toBe('0.8');
    for (const bad of ['0.3', '1.5', 'high']) {
      const run = ringside('config', 'set', 'heardThreshold', bad);
      expect(run.code).toBe(2);
      expect(run.err).toContain('heardThreshold 要填 0.5 到 1 之间的数');
    }
    expect(ringside('config', 'set', 'repeatAfterSeconds', '5').code).toBe(0);
    expect(ringside('config', 'set', 'repeatAfterSeconds', '0').code).toBe(2);
    expect(ringside('config', 'set', 'transcriptSpeaker', 'caller').code).toBe(0);
    expect(ringside('config', 'set', 'transcriptSpeaker', 'both').code).toBe(2);
    expect(ringside('config', 'get', 'heardThreshold').out.trim()).toBe('0.8');
  });
});
