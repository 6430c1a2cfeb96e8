/**
 * The pieces of the baresip link that read baresip's words: netstring framing, the `listcalls`
 * table, who ended a call, the caller's number from a SIP URI, and the address the agent writes.
 */
import { describe, expect, it } from 'vitest';
import { parseSoftphoneAddress } from '../../src/softphone/address.js';
import { closedBy, nameInCallStat, numberOf, parseListCalls } from '../../src/softphone/baresip-messages.js';
import { encodeNetstring, NetstringDecoder } from '../../src/softphone/netstring.js';
import { speak } from '../../src/language.js';

// The sentences asserted here are the English desk's.
speak('en');

describe('netstrings', () => {
  it('counts bytes, not characters (a Chinese name is three bytes a character)', () => {
    expect(encodeNetstring('{"n":"张三"}').toString()).toBe('14:{"n":"张三"},');
  });

  it('keeps a message cut anywhere, even inside a character, for the next read', () => {
    const whole = Buffer.concat([encodeNetstring('{"a":"张三"}'), encodeNetstring('{"b":2}')]);
    for (let cut = 1; cut < whole.length; cut++) {
      const decoder = new NetstringDecoder();
      expect([...decoder.push(whole.subarray(0, cut)), ...decoder.push(whole.subarray(cut))]).toEqual(['{"a":"张三"}', '{"b":2}']);
    }
  });

  it('refuses a stream that is not netstrings', () => {
    expect(() => new NetstringDecoder().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toThrow();
    expect(() => new NetstringDecoder().push(Buffer.from('3:abc;'))).toThrow(/comma/);
    expect(() => new NetstringDecoder().push(Buffer.from('1234567890:'))).toThrow(/length/); // a gigabyte or more: not ctrl_tcp
  });

  it('gives `4:null,` as it is (what it means is the link\'s to judge)', () => {
    expect(new NetstringDecoder().push(Buffer.from('4:null,0:,'))).toEqual(['null', '']);
  });

  it('keeps a message over 64 KiB short, read as it streams by: each string its first and last 4 KiB, characters and escapes whole, the fields after it kept', () => {
    // A 2 MiB display name of Chinese characters and escapes, read in odd-sized pieces.
    const raw = `\\"张三\\\\${'李\\u00e9\\"x'.repeat(200_000)}\\u4e94`; // as JSON writes it: escapes and all
    const name = JSON.parse(`"${raw}"`);
    const whole = encodeNetstring(`{"event":true,"type":"CALL_INCOMING","peerdisplayname":"${raw}","id":"A-1","param":"sip:1@h"}`);
    expect(whole.length).toBeGreaterThan(2 * 2 ** 20);
    const decoder = new NetstringDecoder();
    const payloads: (string | null)[] = [];
    for (let at = 0; at < whole.length; at += 65_531) payloads.push(...decoder.push(whole.subarray(at, at + 65_531)));
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.length).toBeLessThan(10_000);
    const message = JSON.parse(payloads[0]!);
    expect(message).toMatchObject({ event: true, type: 'CALL_INCOMING', id: 'A-1', param: 'sip:1@h' });
    const [head, tail] = message.peerdisplayname.split('…');
    expect(name.startsWith(head)).toBe(true);
    expect(name.endsWith(tail)).toBe(true);
    expect(head.length).toBeGreaterThan(1000);
    expect(tail.length).toBeGreaterThan(1000);
  });

  it('gives null for a long message that is not a flat object of strings (nothing of it is kept)', () => {
    const decoder = new NetstringDecoder();
    expect(decoder.push(encodeNetstring(JSON.stringify(Array.from({ length: 30_000 }, (_, i) => i))))).toEqual([null]);
    expect(decoder.push(encodeNetstring(JSON.stringify({ many: Array.from({ length: 20_000 }, () => 'x') })))).toEqual([null]);
    expect(decoder.push(encodeNetstring('{"ok":true}'))).toEqual(['{"ok":true}']); // and reads on
  });
});

describe("baresip 1.0.0's words", () => {
  it('reads listcalls: each line, how long, the current call, its state, and the agent\'s hold', () => {
    const data = '\n--- Active calls (2) ---\n  [line 1]  0:00:13  ESTABLISHED  (on hold)  sip:13800001111@127.0.0.1:5080\n> [line 2]  0:00:00   INCOMING             sip:alice@example.com\n\n';
    expect(parseListCalls(data)).toEqual([
      { line: 1, seconds: 13, current: false, state: 'ESTABLISHED', onHold: true, peerUri: 'sip:13800001111@127.0.0.1:5080' },
      { line: 2, seconds: 0, current: true, state: 'INCOMING', onHold: false, peerUri: 'sip:alice@example.com' },
    ]);
    expect(parseListCalls('\n--- Active calls (0) ---\n\n')).toEqual([]);
    // A line no listcalls writes (over 1,024 characters) is not read.
    expect(parseListCalls(`> [line 1]  0:00:01  INCOMING  sip:1@h${' '.repeat(1024)}\n  [line 2]  0:00:01  INCOMING  sip:2@h`).map((call) => call.line)).toEqual([2]);
  });

  it('tells who ended a call from CALL_CLOSED', () => {
    expect(closedBy('Connection reset by peer')).toBe('caller');
    expect(closedBy('Connection reset by user')).toBe('agent');
    expect(closedBy('Connection timed out')).toBe('line');
  });

  it('takes the number from the URI the call came from', () => {
    expect(numberOf('sip:13800001111@127.0.0.1:5080')).toBe('13800001111');
    expect(numberOf('sip:%2B8613800001111@pbx.example.com;transport=tcp')).toBe('+8613800001111');
    expect(numberOf('anonymous')).toBe('');
    // The caller chooses the URI: an escape sequence in it (%1B) cannot reach the agent's terminal.
    expect(numberOf('sip:%1B%5D0%3Bowned%07138@pbx.example.com')).toBe(']0;owned138');
    // A user part that is not valid %-escaping loses its control characters too; a long one is cut.
    expect(numberOf('sip:\u001b[2J138%E0%A4%A@pbx.example.com')).toBe('[2J138%E0%A4%A');
    expect(numberOf(`sip:${'1'.repeat(500)}@pbx.example.com`)).toBe('1'.repeat(64));
  });

  it('reads the caller\'s name in callstat, quoted or not, cut to 64 characters', () => {
    expect(nameInCallStat(' local_uri: Agent <sip:a@h>\n peer_uri:  "Zhang San" <sip:138@h>\n af=AF_INET id=A\n')).toBe('Zhang San');
    expect(nameInCallStat(' peer_uri:  张三 <sip:138@h>\n')).toBe('张三');
    expect(nameInCallStat(' peer_uri:  <sip:138@h>\n')).toBe('');
    expect(nameInCallStat(` peer_uri:  "${'王'.repeat(100)}\u001b[2J" <sip:138@h>\n`)).toBe('王'.repeat(64));
    expect(nameInCallStat(' peer_uri:  <<<<\n id=A\n')).toBe('');
  });
});

describe('the softphone address', () => {
  it('is baresip://host:port, 4444 by default', () => {
    expect(parseSoftphoneAddress('baresip://127.0.0.1:4455')).toEqual({ host: '127.0.0.1', port: 4455 });
    expect(parseSoftphoneAddress('baresip://localhost')).toEqual({ host: 'localhost', port: 4444 });
    expect(parseSoftphoneAddress('baresip://[::1]:4444')).toEqual({ host: '::1', port: 4444 });
  });

  it('anything else is a sentence saying how to write it', () => {
    expect(() => parseSoftphoneAddress('127.0.0.1:4444')).toThrow(/not "127.0.0.1"|baresip:\/\/HOST:PORT/);
    expect(() => parseSoftphoneAddress('linphone://127.0.0.1')).toThrow(/not "linphone"/);
    expect(() => parseSoftphoneAddress('nonsense')).toThrow(/not a softphone address/);
  });
});
