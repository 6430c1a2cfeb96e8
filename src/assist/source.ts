/**
 * Where a transcript feed comes from (--transcript, the `transcript` setting): a path, or a
 * loopback TCP port to listen on. Its own module: the settings check it without loading the feed.
 */
import { UserError, printable } from '../errors.js';
import { said } from '../language.js';

export type TranscriptSource =
  | { readonly kind: 'tcp'; readonly host: '127.0.0.1' | '::1'; readonly port: number }
  | { readonly kind: 'path'; readonly path: string };

/**
 * The text after --transcript: `tcp://127.0.0.1:PORT`, `tcp://localhost:PORT` or
 * `tcp://[::1]:PORT` listen on loopback; any other tcp host is refused (what is said on a call
 * must not be open to the network); anything else is a path.
 */
export function parseTranscriptSource(text: string): TranscriptSource {
  if (text.trim() === '') {
    throw new UserError(
      said({
        'zh-CN': '转写来源为空：请给出文件或管道的路径，或 tcp://127.0.0.1:端口。',
        en: 'The transcript source is empty: give the path of a file or a FIFO, or tcp://127.0.0.1:PORT.',
      }),
    );
  }
  if (!/^tcp:/i.test(text)) return { kind: 'path', path: text };
  const found = /^tcp:\/\/(\[[^\]]*\]|[^:/]*)(?::(\d{1,5}))?\/?$/i.exec(text);
  const host = found?.[1]?.toLowerCase();
  const port = found?.[2] === undefined ? NaN : Number(found[2]);
  const loopback = host === '127.0.0.1' || host === 'localhost' ? '127.0.0.1' : host === '[::1]' ? '::1' : null;
  if (!found || !loopback) {
    throw new UserError(
      said({
        'zh-CN': `转写来源 ${printable(text)} 不在本机：只能监听本机回环地址（tcp://127.0.0.1:端口、tcp://localhost:端口 或 tcp://[::1]:端口），通话内容不能对网络开放。`,
        en: `The transcript source ${printable(text)} is not on this machine: only loopback can be listened on (tcp://127.0.0.1:PORT, tcp://localhost:PORT or tcp://[::1]:PORT), so that what is said on a call is not open to the network.`,
      }),
    );
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(
      said({
        'zh-CN': `转写来源 ${printable(text)} 缺少端口或端口不对：请写 tcp://127.0.0.1:端口（1 到 65535）。`,
        en: `The transcript source ${printable(text)} has no port or a wrong one: write tcp://127.0.0.1:PORT (1 to 65535).`,
      }),
    );
  }
  return { kind: 'tcp', host: loopback, port };
}
