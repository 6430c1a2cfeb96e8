import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, constants, openSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { feedNoticeText } from '../../src/assist/feed-notice.js';
import { FINALS_BURST, FINALS_PER_SECOND, parseTranscriptSource, TranscriptFeed, type FeedNotice, type TranscriptSource } from '../../src/assist/feed.js';
import type { Segment } from '../../src/assist/segment.js';
import { UserError } from '../../src/errors.js';
import { speak } from '../../src/language.js';
import { stringWidth } from '../../src/width.js';
import { tempDir } from '../helpers.js';

/** A feed and what it handed on, with a way to wait for what a test expects (an event, never a fixed sleep). */
function follow(source: TranscriptSource, options: { speaker?: 'agent' | 'caller' } = {}) {
  const segments: Segment[] = [];
  const notices: FeedNotice[] = [];
  let waiters: (() => void)[] = [];
  const heard = () => {
    const now = waiters;
    waiters = [];
    for (const waiter of now) waiter();
  };
  const feed = new TranscriptFeed(
    source,
    {
      segment: (segment) => {
        segments.push(segment);
        heard();
      },
      notice: (notice) => {
        notices.push(notice);
        heard();
      },
    },
    options,
  );
  cleanups.push(() => feed.stop());
  /** Resolves once `test` holds after some segment or notice; fails after a while saying what it waited for. */
  const until = (what: string, test: () => boolean, withinMs = 8_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`waited ${withinMs} ms for ${what}; notices: ${JSON.stringify(notices)}; segments: ${segments.length}`)), withinMs);
      const check = () => {
        if (test()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  const texts = () => segments.map((s) => s.text);
  const noticed = (kind: FeedNotice['kind'], extra: (n: FeedNotice) => boolean = () => true) => notices.some((n) => n.kind === kind && extra(n));
  feed.start();
  return { feed, segments, notices, until, texts, noticed };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratch(): string {
  const dir = tempDir('ringside-feed-');
  cleanups.push(() => dir.remove());
  return dir.path;
}

const line = (text: string, more: Record<string, unknown> = {}) => `${JSON.stringify({ speaker: 'agent', text, ...more })}\n`;

describe('parseTranscriptSource', () => {
  it('listens on loopback only, and takes anything else as a path', () => {
    expect(parseTranscriptSource('tcp://127.0.0.1:7010')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 7010 });
    expect(parseTranscriptSource('tcp://localhost:7010')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 7010 });
    expect(parseTranscriptSource('tcp://[::1]:7010')).toEqual({ kind: 'tcp', host: '::1', port: 7010 });
    expect(parseTranscriptSource('/run/ringside/feed.jsonl')).toEqual({ kind: 'path', path: '/run/ringside/feed.jsonl' });
    expect(parseTranscriptSource('feed.jsonl')).toEqual({ kind: 'path', path: 'feed.jsonl' });
  });

  it('refuses a host off this machine, a missing or wrong port, and nothing, each with a sentence', () => {
    speak('en');
    for (const text of ['tcp://0.0.0.0:7010', 'tcp://192.168.1.20:7010', 'tcp://example.com:7010', 'tcp://[::]:7010']) {
      expect(() => parseTranscriptSource(text)).toThrow(UserError);
      expect(() => parseTranscriptSource(text)).toThrow(/only loopback/);
    }
    expect(() => parseTranscriptSource('tcp://127.0.0.1')).toThrow(/no port or a wrong one/);
    expect(() => parseTranscriptSource('tcp://127.0.0.1:99999')).toThrow(/no port or a wrong one/);
    expect(() => parseTranscriptSource('')).toThrow(/empty/);
    speak('zh-CN');
    expect(() => parseTranscriptSource('tcp://10.0.0.1:7010')).toThrow(/只能监听本机回环地址/);
  });
});

describe('a file, followed like tail -F', () => {
  it('hands on what is appended, never the lines earlier calls left in it, a line written in two goes as one', async () => {
    const path = join(scratch(), 'feed.jsonl');
    writeFileSync(path, line('上一通电话的话') + line('又一句旧话'));
    const f = follow({ kind: 'path', path });
    await f.until('the file live', () => f.noticed('live'));
    appendFileSync(path, line('您好，很高兴为您服务'));
    await f.until('the new line', () => f.segments.length >= 1);
    const half = line('请问有什么可以帮您');
    appendFileSync(path, half.slice(0, 7));
    appendFileSync(path, half.slice(7));
    await f.until('the line written in two', () => f.segments.length >= 2);
    expect(f.texts()).toEqual(['您好，很高兴为您服务', '请问有什么可以帮您']);
    expect(f.segments[0]).toEqual({ speaker: 'agent', text: '您好，很高兴为您服务', final: true });
    expect(f.feed.status).toBe('live');
  });

  it('reads a file emptied under it from its start', async () => {
    const path = join(scratch(), 'feed.jsonl');
    writeFileSync(path, line('旧话'));
    const f = follow({ kind: 'path', path });
    await f.until('live', () => f.noticed('live'));
    appendFileSync(path, line('第一句'));
    await f.until('first', () => f.segments.length === 1);
    truncateSync(path, 0);
    await f.until('the truncation', () => f.noticed('restarted', (n) => n.kind === 'restarted' && n.why === 'truncated'));
    appendFileSync(path, line('清空后的第一句'));
    await f.until('the line after', () => f.segments.length === 2);
    expect(f.texts()).toEqual(['第一句', '清空后的第一句']);
  });

  it('follows a file replaced by name (rotation): the old one read to its end, the new one from its start', async () => {
    const dir = scratch();
    const path = join(dir, 'feed.jsonl');
    writeFileSync(path, '');
    const f = follow({ kind: 'path', path });
    await f.until('live', () => f.noticed('live'));
    appendFileSync(path, line('轮换前'));
    await f.until('before', () => f.segments.length === 1);
    renameSync(path, join(dir, 'feed.jsonl.1'));
    writeFileSync(path, line('新文件第一句') + line('新文件第二句'));
    await f.until('the new file', () => f.segments.length === 3);
    expect(f.texts()).toEqual(['轮换前', '新文件第一句', '新文件第二句']);
    expect(f.noticed('restarted', (n) => n.kind === 'restarted' && n.why === 'replaced')).toBe(true);
  });

  it('waits for a file that is not there yet, says when it vanishes, and reads it again when it comes back', async () => {
    const path = join(scratch(), 'later.jsonl');
    const f = follow({ kind: 'path', path });
    await f.until('waiting for the file', () => f.noticed('waiting'));
    expect(f.feed.status).toBe('waiting');
    // A file that appears is new: all of it is this call's.
    writeFileSync(path, line('文件出现了'));
    await f.until('the first line', () => f.segments.length === 1);
    expect(f.feed.status).toBe('live');
    rmSync(path);
    await f.until('the vanishing', () => f.noticed('gone'));
    expect(f.notices.find((n) => n.kind === 'gone')).toEqual({ kind: 'gone', source: 'file', why: 'vanished' });
    expect(f.feed.status).toBe('gone');
    writeFileSync(path, line('又回来了'));
    await f.until('the line after it came back', () => f.segments.length === 2);
    expect(f.texts()).toEqual(['文件出现了', '又回来了']);
  });

  it('says a path that is neither a file nor a FIFO cannot be read', async () => {
    const dir = scratch();
    const f = follow({ kind: 'path', path: dir });
    await f.until('cannot read', () => f.noticed('cannotRead'));
    expect(f.notices).toContainEqual({ kind: 'cannotRead', why: 'notFileOrFifo' });
  });
});

describe('a FIFO', () => {
  const fifo = () => {
    const path = join(scratch(), 'feed.fifo');
    execFileSync('mkfifo', [path]);
    return path;
  };
  /** A writer as a recogniser opens one: it fails (ENXIO) rather than blocks when no reader is there. */
  const writer = (path: string) => openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);

  it('reads each writer in turn: a writer closing is a notice and the next writer is heard', async () => {
    const path = fifo();
    const f = follow({ kind: 'path', path });
    await f.until('waiting for a writer', () => f.noticed('waiting', (n) => n.kind === 'waiting' && n.source === 'fifo'));
    const first = writer(path);
    writeSync(first, line('第一个写入方'));
    await f.until('the first writer', () => f.segments.length === 1);
    expect(f.feed.status).toBe('live');
    closeSync(first);
    await f.until('the writer gone', () => f.noticed('gone'));
    expect(f.feed.status).toBe('gone');
    const second = writer(path);
    // Its last line without a newline: the writer closing ends it.
    writeSync(second, line('第二个写入方').trimEnd());
    closeSync(second);
    await f.until('the second writer', () => f.segments.length === 2);
    expect(f.texts()).toEqual(['第一个写入方', '第二个写入方']);
  });

  it('stops at once on a FIFO nobody opened', async () => {
    const path = fifo();
    const f = follow({ kind: 'path', path });
    await f.until('waiting', () => f.noticed('waiting'));
    const began = performance.now();
    await f.feed.stop();
    expect(performance.now() - began).toBeLessThan(300);
    expect(f.feed.status).toBe('stopped');
    // No reader is left on it: a writer finds none.
    expect(() => writer(path)).toThrow(/ENXIO/);
  });
});

describe('TCP on loopback', () => {
  const send = (port: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
      socket.on('error', reject);
      cleanups.push(() => socket.destroy());
    });

  it('takes lines from a few clients at once (\\r\\n too), says when the last one leaves, and refuses more than it takes', async () => {
    const f = follow({ kind: 'tcp', host: '127.0.0.1', port: 0 });
    await f.until('listening', () => f.noticed('waiting'));
    const port = f.feed.port!;
    expect(f.notices[0]).toEqual({ kind: 'waiting', source: 'tcp', port });
    const agentSide = await send(port);
    const callerSide = await send(port);
    agentSide.write(line('坐席这边').replace('\n', '\r\n'));
    callerSide.write(`${JSON.stringify({ speaker: 'caller', text: '客户这边' })}\n`);
    await f.until('both sides', () => f.segments.length === 2);
    expect(f.texts().sort()).toEqual(['坐席这边', '客户这边'].sort());
    expect(f.feed.status).toBe('live');
    const more = await Promise.all([send(port), send(port), send(port)]);
    await f.until('the one past the bound refused', () => f.noticed('refused'));
    expect(f.notices.find((n) => n.kind === 'refused')).toEqual({ kind: 'refused', clients: 1 });
    for (const socket of [agentSide, callerSide, ...more]) socket.end();
    await f.until('all gone', () => f.noticed('gone'));
    expect(f.feed.status).toBe('gone');
  });

  it('says a port another program holds is in use, and listens once it is free', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (holder.address() as { port: number }).port;
    const f = follow({ kind: 'tcp', host: '127.0.0.1', port });
    await f.until('port in use', () => f.noticed('portInUse'));
    expect(f.notices[0]).toEqual({ kind: 'portInUse', port });
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await f.until('listening after', () => f.noticed('waiting'));
    const socket = await send(port);
    socket.write(line('端口空出来了'));
    await f.until('the line', () => f.segments.length === 1);
  });
});

describe('hostile lines', () => {
  it('skips a line that is not JSON, one too long, one of bad UTF-8 and one of no known shape, says so, and hands on the next good line', async () => {
    const path = join(scratch(), 'feed.jsonl');
    writeFileSync(path, '');
    const f = follow({ kind: 'path', path });
    await f.until('live', () => f.noticed('live'));
    appendFileSync(path, '这不是JSON 身份证 110101199003077777\n');
    appendFileSync(path, `{"text":"${'长'.repeat(30_000)}"}\n`);
    appendFileSync(path, Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}\n')]));
    appendFileSync(path, '{"unknown":"形状"}\n');
    appendFileSync(path, line('好的一句'));
    await f.until('the good line', () => f.segments.length === 1);
    await f.until('all four counted', () => f.notices.some((n) => n.kind === 'skipped' && n.lines.notJson + n.lines.tooLong + n.lines.badUtf8 + n.lines.unknownShape === 4));
    expect(f.texts()).toEqual(['好的一句']);
    const last = f.notices.filter((n) => n.kind === 'skipped').at(-1)!;
    expect(last).toEqual({ kind: 'skipped', lines: { notJson: 1, unknownShape: 1, badField: 0, badUtf8: 1, tooLong: 1 } });
    speak('zh-CN');
    expect(feedNoticeText(last)).toBe('转写：已跳过 4 行（非 JSON 1，格式不明 1，…）');
    speak('en');
    expect(feedNoticeText({ kind: 'skipped', lines: { notJson: 0, unknownShape: 0, badField: 2, badUtf8: 0, tooLong: 5 } })).toBe('Transcript: 7 line(s) skipped (too long 5, bad field 2)');
    for (const notice of f.notices) expect(JSON.stringify(notice) + feedNoticeText(notice)).not.toMatch(/110101|长长|形状/);
  });

  it('bounds a flood: final segments at a rate, partials the latest per speaker, the rest counted, memory and the event loop kept', async () => {
    const gc = (() => {
      setFlagsFromString('--expose-gc');
      return runInNewContext('gc') as () => void;
    })();
    const path = join(scratch(), 'flood.jsonl');
    writeFileSync(path, '');
    const f = follow({ kind: 'path', path });
    await f.until('live', () => f.noticed('live'));
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const began = performance.now();
    const LINES = 200_000;
    const partial = line('我正在说', { final: false });
    const final = line('一句说完的话');
    // Half partial, half final, written in blocks as a runaway recogniser would.
    for (let block = 0; block < LINES / 10_000; block += 1) appendFileSync(path, (partial + final).repeat(5_000));
    await f.until('every final read: handed on or counted', () => {
      const dropped = f.notices.filter((n) => n.kind === 'dropped').at(-1);
      const handed = f.segments.filter((s) => s.final).length;
      return handed + (dropped?.kind === 'dropped' ? dropped.finals : 0) === LINES / 2;
    }, 15_000);
    const elapsed = (performance.now() - began) / 1000;
    delay.disable();
    const finals = f.segments.filter((s) => s.final).length;
    const partials = f.segments.filter((s) => !s.final).length;
    expect(finals).toBeLessThanOrEqual(FINALS_BURST + Math.ceil(elapsed * FINALS_PER_SECOND) + 1);
    expect(finals).toBeGreaterThanOrEqual(1);
    expect(partials).toBeLessThanOrEqual(Math.ceil(elapsed * 10) + 2);
    // Counting notices at most once a second or so, not one a line.
    expect(f.notices.length).toBeLessThan(10 + elapsed * 3);
    // The agent's keys keep their turn: no handling of the flood holds the loop for long.
    expect(delay.max / 1e6).toBeLessThan(250);
    gc();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(16 * 1024 * 1024);
  });
});

describe('feedNoticeText', () => {
  const all: FeedNotice[] = [
    { kind: 'waiting', source: 'file' },
    { kind: 'waiting', source: 'fifo' },
    { kind: 'waiting', source: 'tcp', port: 65535 },
    { kind: 'live', source: 'file' },
    { kind: 'gone', source: 'file', why: 'vanished' },
    { kind: 'gone', source: 'tcp', why: 'closed' },
    { kind: 'restarted', why: 'truncated' },
    { kind: 'restarted', why: 'replaced' },
    { kind: 'cannotRead', why: 'notFileOrFifo' },
    { kind: 'cannotRead', why: 'denied', code: 'EACCES' },
    { kind: 'cannotRead', why: 'error', code: 'EIO' },
    { kind: 'portInUse', port: 65535 },
    { kind: 'skipped', lines: { notJson: 99999, unknownShape: 99999, badField: 99999, badUtf8: 99999, tooLong: 99999 } },
    { kind: 'dropped', finals: 9_999_999 },
    { kind: 'refused', clients: 99999 },
  ];

  it('says every notice on one line of an 80-column screen, in the desk’s language', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      speak(language);
      for (const notice of all) {
        const text = feedNoticeText(notice);
        expect(stringWidth(text), text).toBeLessThanOrEqual(80);
        expect(text).not.toContain('\n');
        expect(/[\u4e00-\u9fff]/.test(text), text).toBe(language === 'zh-CN');
      }
    }
  });
});
