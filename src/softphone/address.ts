/**
 * Where the softphone is, as the agent writes it (`--softphone`, the `softphone` setting). Kept
 * apart from the links so the settings can check an address without loading any of them.
 */
import { quoted, UserError } from '../errors.js';

/** `baresip://127.0.0.1:4444` as host and port; anything else is a sentence, not a stack trace. */
export function parseSoftphoneAddress(text: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(`${quoted(text)} is not a softphone address. Write it as baresip://HOST:PORT, for example baresip://127.0.0.1:4444 (baresip's ctrl_tcp_listen).`);
  }
  if (url.protocol !== 'baresip:') {
    throw new UserError(`Ringside can follow baresip (baresip://HOST:PORT), not ${quoted(url.protocol.replace(/:$/, ''))}. docs/softphone.md says which other phones could be followed and what they need.`);
  }
  const port = url.port === '' ? 4444 : Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new UserError(`${quoted(text)} needs a host and a port, for example baresip://127.0.0.1:4444.`);
  }
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
}

