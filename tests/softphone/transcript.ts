/**
 * Hand-written ctrl_tcp transcripts: baresip 1.0.0's messages as it words them (the captures in
 * captured/ have the real thing), for what a capture cannot show.
 */
import { FakeBaresip, type WireEntry } from './fake-baresip.js';
import { until } from './pair.js';
import { followingDesk } from './scenarios.js';

/** baresip's messages, as 1.0.0 words them (the captures have the real thing). */
export const AOR = 'sip:agent@127.0.0.1:5070';
export const PEER = 'sip:13800001111@127.0.0.1:5080';
export const event = (type: string, id: string, param: string): WireEntry => ({
  in: JSON.stringify({ event: true, type, class: 'call', accountaor: AOR, direction: 'incoming', peeruri: PEER, peerdisplayname: 'Zhang San', id, param }),
});
let token = 0;
/** A request Ringside must send, with baresip's reply (or none). */
export const request = (command: string, params: string, reply: { ok: boolean; data: string } | null): WireEntry[] => {
  const t = `ringside-${++token}`;
  const out: WireEntry = { out: JSON.stringify({ command, params, token: t }) };
  return reply ? [out, { in: JSON.stringify({ response: true, ...reply, token: t }) }] : [out];
};
export const noCalls = { ok: true, data: '\n--- Active calls (0) ---\n\n' };
export const listed = (state: string) => ({ ok: true, data: `\n--- Active calls (1) ---\n> [line 1]  0:00:05  ${state}             ${PEER}\n\n` });
export const found = (id: string) => ({ ok: true, data: `setting current call: ${id}\n` });
/** A call that rings from `peer` and is answered by the agent's key: the phone's events and Ringside's requests. */
export const ringsAndIsAnswered = (id: string, peer: string): WireEntry[] => [
  event('CALL_INCOMING', id, peer),
  ...request('callfind', id, found(id)),
  ...request('accept', '', { ok: true, data: `${AOR}: Answering incoming call\n` }),
  event('CALL_ESTABLISHED', id, ''),
];
/** Token numbers start again, as a new link's do. */
export const restartTokens = () => {
  token = 0;
};
/** A new link's first words: what calls are there (none). */
export const start = (): WireEntry[] => (restartTokens(), request('listcalls', '', noCalls));

/** A fake baresip playing `entries`, a desk following it, connected; both stopped by `running`. */
export async function handWritten(running: { stop(): void }[], entries: WireEntry[], options: Parameters<typeof followingDesk>[1] = {}) {
  const fake = await FakeBaresip.start(entries);
  running.push(fake);
  const f = followingDesk(fake.port, options);
  running.push(f);
  await until(() => f.link.state === 'connected', 'connected');
  return { fake, f };
}


/** The transcript played to its end, and nothing was asked beyond it (given a moment to arrive). */
export async function played(fake: FakeBaresip): Promise<void> {
  await until(() => fake.done, `played to the end (at ${fake.position})`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (fake.problems.length > 0 || fake.extra.length > 0) throw new Error(`the link went off the transcript: ${[...fake.problems, ...fake.extra.map((r) => `extra request "${r}"`)].join('; ')}`);
}
