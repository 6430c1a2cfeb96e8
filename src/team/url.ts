/**
 * The team's server, as a libpq connection URL (`postgres://user@host:5432/db?sslmode=require`):
 * from `--team URL`, or `--team` alone and the `team` setting. The password belongs in
 * PGPASSWORD or ~/.pgpass (node-postgres reads both); one written in the URL works but is never
 * shown: every sentence says the URL through `shownUrl`.
 */
import { printable, UserError } from '../errors.js';
import { said } from '../language.js';

/** The longest URL taken: a bound on what a setting or an argument may hand the client. */
export const TEAM_URL_MAX = 2_000;

/** `--team` given (a URL, or `true` for the setting), or not; the setting as it is; the URL to use, or null for none. */
export function teamUrl(option: string | boolean | undefined, setting: string): string | null {
  if (option === undefined || option === false) return null;
  const url = option === true ? setting : option;
  if (!url) {
    throw new UserError(
      said({
        'zh-CN': '没有设团队服务器：用 --team postgres://用户@主机/数据库，或先 ringside config set team postgres://用户@主机/数据库。',
        en: 'No team server is set: give --team postgres://user@host/db, or first ringside config set team postgres://user@host/db.',
      }),
    );
  }
  checkTeamUrl(url);
  return url;
}

/** Refuses what is not a postgres:// URL a client can take (exit 2), saying it without its password. */
export function checkTeamUrl(url: string): URL {
  let parsed: URL | null = null;
  if (url.length <= TEAM_URL_MAX) {
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
  }
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol) || !parsed.hostname) {
    throw new UserError(
      said({
        'zh-CN': `团队服务器地址 ${shownUrl(url)} 不对：要写成 postgres://用户@主机:端口/数据库（可加 ?sslmode=require），密码放在 PGPASSWORD 或 ~/.pgpass 里。`,
        en: `The team server address ${shownUrl(url)} is not one: write it as postgres://user@host:port/db (?sslmode=require may follow), with the password in PGPASSWORD or ~/.pgpass.`,
      }),
    );
  }
  return parsed;
}

/**
 * The URL as it may be shown: its password (in the user part or a `password=` parameter) as ***,
 * bounded, printable. The user part ends at the last `@` before the host (a password may hold
 * `@`, `/`, `?` or `#` when the URL is not even one), so no part of a password is ever shown.
 */
export function shownUrl(url: string): string {
  let shown = url.replace(/([?&]password=)[^&#]*/gi, '$1***');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(shown);
  const rest = scheme ? shown.slice(scheme[0].length) : shown;
  const at = rest.lastIndexOf('@');
  const colon = rest.indexOf(':');
  if (at !== -1 && colon !== -1 && colon < at) shown = `${scheme?.[0] ?? ''}${rest.slice(0, colon)}:***${rest.slice(at)}`;
  return printable(shown.length > 200 ? `${shown.slice(0, 200)}…` : shown);
}

/** Where the server is, for a sentence: `host:port/db`. */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return printable(`${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname.length > 1 ? parsed.pathname : ''}`);
  } catch {
    return shownUrl(url);
  }
}
