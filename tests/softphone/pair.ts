/**
 * A real pair of baresip 1.0.0 processes on loopback (the config in docs/softphone.md): one the
 * agent's phone, one a caller driven through its own ctrl_tcp. Ports and folders are per run, so
 * test files can run side by side.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { encodeNetstring, NetstringDecoder } from '../../src/softphone/netstring.js';
import { tempDir } from '../helpers.js';

export const haveBaresip = spawnSync('sh', ['-c', 'command -v baresip'], { encoding: 'utf8' }).status === 0;
export const haveSipp = spawnSync('sh', ['-c', 'command -v sipp'], { encoding: 'utf8' }).status === 0;

/** Waits for a condition, polling; fails with `what` when it does not come in time. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A TCP port nobody listens on now (and the one after it, for SIP over TLS). */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 10_000);
    const free = await Promise.all([port, port + 1].map((p) => portFree(p)));
    if (free.every(Boolean)) return port;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export interface BaresipEvent {
  type: string;
  id?: string;
  param?: string;
  direction?: string;
}

/** A plain ctrl_tcp client: the test's hand on the caller's phone (or a rival client on the agent's). */
export class CtrlClient {
  readonly events: BaresipEvent[] = [];
  private readonly socket: net.Socket;
  private readonly decoder = new NetstringDecoder();
  private readonly replies = new Map<string, (reply: { ok: boolean; data: string }) => void>();
  private token = 0;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const payload of this.decoder.push(chunk)) {
        if (payload === null) continue; // a real baresip's messages are short: never
        const message = JSON.parse(payload);
        if (message.response) this.replies.get(message.token)?.({ ok: message.ok, data: message.data });
        else if (message.event) this.events.push(message);
      }
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<CtrlClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new CtrlClient(socket)));
      socket.once('error', reject);
    });
  }

  command(command: string, params = ''): Promise<{ ok: boolean; data: string }> {
    const token = `test-${++this.token}`;
    return new Promise((resolve) => {
      this.replies.set(token, resolve);
      this.socket.write(encodeNetstring(JSON.stringify({ command, params, token })));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

async function connectWhenUp(port: number): Promise<CtrlClient> {
  const deadline = Date.now() + 5000;
  for (;;) {
    try {
      return await CtrlClient.connect(port);
    } catch {
      if (Date.now() > deadline) throw new Error(`baresip did not open ctrl_tcp on ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

const BASE_CONFIG = (sip: number, ctrl: number, rtp: number, audio: string) => `poll_method        epoll
sip_listen         127.0.0.1:${sip}
net_interface      127.0.0.1
call_local_timeout 120
call_max_calls     4
${audio}
audio_alert        aubridge,alert
audio_level        no
rtp_ports          ${rtp}-${rtp + 40}
rtcp_mux           no
jitter_buffer_delay 5-10
module_path        /usr/lib/baresip/modules
module             g711.so
module             aubridge.so
module             ausine.so
module_tmp         account.so
module_app         menu.so
module_app         ctrl_tcp.so
ctrl_tcp_listen    127.0.0.1:${ctrl}
`;

/** What a test may change on the agent's phone; without it the pair is the one in docs/softphone.md. */
export interface AgentPhoneOptions {
  /** The desk's microphone: a sine of this many Hz (ausine) instead of an echo of what it plays (aubridge). */
  sineHz?: number;
  /** Lines added to the agent's config (e.g. a module and its settings). */
  extraConfig?: string;
  /** The umask the agent's baresip runs under (e.g. 0o077), as an operator's start script sets it. */
  umask?: number;
}

export interface BaresipPair {
  /** The agent phone's ctrl_tcp port (what Ringside follows). */
  agentCtrl: number;
  /** The SIP address to dial the agent at. */
  agentUri: string;
  /** The caller's phone, driven by the test. */
  caller: CtrlClient;
  stop(): void;
}

/** Starts the two phones and waits until both take ctrl_tcp connections. */
export async function startPair(callerName = 'Zhang San', callerNumber = '13800001111', agent: AgentPhoneOptions = {}): Promise<BaresipPair> {
  const dir = tempDir('ringside-baresip-');
  const [agentSip, callerSip, agentCtrl, callerCtrl] = [await freePortPair(), await freePortPair(), await freePortPair(), await freePortPair()];
  const rtp = 10_000 + 100 * Math.floor(Math.random() * 500);
  const phones: ChildProcess[] = [];
  const start = (name: string, sip: number, ctrl: number, rtpBase: number, audio: string, account: string, umask?: number) => {
    const home = join(dir.path, name);
    spawnSync('mkdir', ['-p', home]);
    writeFileSync(join(home, 'config'), BASE_CONFIG(sip, ctrl, rtpBase, audio));
    writeFileSync(join(home, 'accounts'), `${account}\n`);
    // Its own process group, killed whole at the end. A umask is set by a shell that then becomes baresip.
    const [command, args] =
      umask === undefined ? ['baresip', ['-f', home, '-s']] : ['sh', ['-c', `umask ${umask.toString(8).padStart(3, '0')} && exec baresip -f "$0" -s`, home]];
    const child = spawn(command, args as string[], { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
    phones.push(child);
  };
  // Without the rate and channels a sine source hangs the call in "answering" and nothing says so.
  const sine = (hz: number) => `audio_source       ausine,${hz}\nausrc_srate        48000\nausrc_channels     2`;
  const agentAudio = `audio_player       aubridge,agent\n${agent.sineHz === undefined ? 'audio_source       aubridge,agent' : sine(agent.sineHz)}`;
  start(
    'agent',
    agentSip,
    agentCtrl,
    rtp,
    agent.extraConfig === undefined ? agentAudio : `${agentAudio}\n${agent.extraConfig}`,
    `"Agent" <sip:agent@127.0.0.1:${agentSip}>;regint=0;answermode=manual;audio_codecs=PCMU,PCMA`,
    agent.umask,
  );
  start(
    'caller',
    callerSip,
    callerCtrl,
    rtp + 50,
    `audio_player       aubridge,caller\n${sine(440)}`,
    `"${callerName}" <sip:${callerNumber}@127.0.0.1:${callerSip}>;regint=0;answermode=manual;audio_codecs=PCMU,PCMA`,
  );
  const stop = () => {
    for (const child of phones) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    dir.remove();
  };
  try {
    // Each phone is up once its ctrl_tcp takes a connection (the agent's is let go at once).
    (await connectWhenUp(agentCtrl)).close();
    const caller = await connectWhenUp(callerCtrl);
    return { agentCtrl, agentUri: `sip:agent@127.0.0.1:${agentSip}`, caller, stop: () => (caller.close(), stop()) };
  } catch (error) {
    stop();
    throw error;
  }
}
