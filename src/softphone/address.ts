/**
 * Where the softphone is, as the agent writes it (`--softphone`, the `softphone` setting). Kept
 * apart from the links so the settings can check an address without loading any of them.
 */
import { quoted, UserError } from '../errors.js';
import { said, type Words } from '../language.js';

const WORDS: Words<{ notAddress: (text: string) => string; notBaresip: (protocol: string) => string; hostAndPort: (text: string) => string }> = {
  'zh-CN': {
    notAddress: (text) => `${text} 不是话机地址。请写成 baresip://主机:端口，例如 baresip://127.0.0.1:4444（即 baresip 的 ctrl_tcp_listen）。`,
    notBaresip: (protocol) => `Ringside 能跟随的是 baresip（baresip://主机:端口），不是 ${protocol}。docs/softphone.md 说明了还能跟随哪些话机、它们需要什么。`,
    hostAndPort: (text) => `${text} 要有主机和端口，例如 baresip://127.0.0.1:4444。`,
  },
  en: {
    notAddress: (text) => `${text} is not a softphone address. Write it as baresip://HOST:PORT, for example baresip://127.0.0.1:4444 (baresip's ctrl_tcp_listen).`,
    notBaresip: (protocol) => `Ringside can follow baresip (baresip://HOST:PORT), not ${protocol}. docs/softphone.md says which other phones could be followed and what they need.`,
    hostAndPort: (text) => `${text} needs a host and a port, for example baresip://127.0.0.1:4444.`,
  },
};

/** `baresip://127.0.0.1:4444` as host and port; anything else is a sentence, not a stack trace. */
export function parseSoftphoneAddress(text: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(said(WORDS).notAddress(quoted(text)));
  }
  if (url.protocol !== 'baresip:') {
    throw new UserError(said(WORDS).notBaresip(quoted(url.protocol.replace(/:$/, ''))));
  }
  const port = url.port === '' ? 4444 : Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UserError(said(WORDS).hostAndPort(quoted(text)));
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

