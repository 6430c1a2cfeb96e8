/**
 * One connection to the team's PostgreSQL (node-postgres), and what its failures mean said as a
 * sentence: the server not there, a login refused, a database or schema missing. The client is
 * loaded only by the commands and screens that reach a team.
 */
import { userInfo } from 'node:os';
import { Writable } from 'node:stream';
import type { Client } from 'pg';
import { errorKind, UserError } from '../errors.js';
import { said } from '../language.js';
import { AGENT_ROLE, LEAD_ROLE } from './schema.js';
import { checkTeamUrl, serverOf, shownUrl } from './url.js';

/** How long a connection attempt may take before the server counts as away. */
export const CONNECT_TIMEOUT_MS = 5_000;
/** How long one statement may go unanswered before the connection counts as lost. */
export const QUERY_TIMEOUT_MS = 60_000;

export type TeamClient = Client;

/** Connects to the team's server at `url` (checked first): the client, or a UserError that says why not. */
export async function connectTeam(url: string, options: { application?: string; timeoutMs?: number; onClient?: (client: Client) => void } = {}): Promise<Client> {
  checkTeamUrl(url);
  const [{ default: pg }, { parse }] = await Promise.all([import('pg'), import('pg-connection-string')]);
  // sslmode as libpq reads it (require: encrypted; verify-ca, verify-full: the certificate checked
  // too), rather than node-postgres's own reading, which also prints a warning over the screen.
  let config: Record<string, unknown>;
  try {
    config = parse(url, { useLibpqCompat: true }) as Record<string, unknown>;
  } catch (error) {
    // The parser reads the files sslrootcert, sslcert and sslkey name: one missing or unreadable.
    throw new UserError(
      said({
        'zh-CN': `团队服务器地址 ${shownUrl(url)} 里的证书文件（sslrootcert、sslcert 或 sslkey）读不了（${codeOf(error) || errorKind(error)}）。请检查文件路径和权限。`,
        en: `A certificate file named in ${shownUrl(url)} (sslrootcert, sslcert or sslkey) cannot be read (${codeOf(error) || errorKind(error)}). Check its path and permissions.`,
      }),
      2,
    );
  }
  const client = new pg.Client({
    ...(config as object),
    ...(await passwordFile(config)),
    application_name: options.application ?? 'ringside',
    connectionTimeoutMillis: options.timeoutMs ?? CONNECT_TIMEOUT_MS,
    // A server that stops answering mid-query (a cable pulled, a firewall dropping packets) fails
    // the query after this long instead of holding the work behind it for ever; the keepalive
    // finds an idle connection gone.
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    // Times as the desk wrote them: bigint counts (ms) come back as numbers, not strings.
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) } as never,
  });
  // A connection lost later is said by the query that finds it; an 'error' event unheard would end the process.
  client.on('error', () => {});
  options.onClient?.(client);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    // The sentence, with what it says kept underneath: whether the server was only away (`serverAway`).
    throw Object.assign(teamProblem(error, url), { cause: error });
  }
  return client;
}

/**
 * Cuts a client's connection at once, connected or still connecting: its work in flight fails.
 * (node-postgres's `end` waits for the server's goodbye, which a server gone silent never sends.)
 */
export function cutClient(client: Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/**
 * The password from ~/.pgpass (or PGPASSFILE) when neither the URL nor PGPASSWORD gives one, read
 * by node-postgres's own pgpass module when the server asks for it. (node-postgres would read the
 * file itself, but then prints a deprecation warning over the screen; the module's own warnings,
 * a file others can read, are kept off the screen too: such a file is not used, as libpq does.)
 */
async function passwordFile(config: Record<string, unknown>): Promise<{ password?: () => Promise<string> }> {
  if ((typeof config.password === 'string' && config.password !== '') || process.env.PGPASSWORD !== undefined) return {};
  const { default: pgpass } = await import('pgpass');
  pgpass.warnTo(new Writable({ write: (_chunk, _encoding, done) => done() }));
  return {
    // No line for this server: undefined, and node-postgres goes on without a password.
    password: () =>
      new Promise<string>((resolve) =>
        pgpass(
          {
            host: (config.host as string | undefined) ?? 'localhost',
            port: (config.port as string | undefined) ?? '5432',
            database: (config.database as string | undefined) ?? undefined,
            user: (config.user as string | undefined) ?? process.env.PGUSER ?? userInfo().username,
          },
          (found) => resolve(found as string),
        ),
      ),
  };
}

/** PostgreSQL's class of an error (SQLSTATE), or the socket's code. */
export function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Whether the error says the server is away (or the connection was cut): worth trying again later. */
export function serverAway(error: unknown): boolean {
  // A sentence made from a failure (connectTeam's) is as away as the failure.
  if (error instanceof UserError && error.cause !== undefined) return serverAway(error.cause);
  const code = codeOf(error);
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08006', '08001', '08003', '08004'].includes(code)) return true;
  const message = (error as Error | null)?.message ?? '';
  return /Connection terminated|timeout|Client has encountered a connection error|not queryable|Connection ended/i.test(message);
}

/**
 * A failure reaching or using the team's server as one sentence (the URL shown without its
 * password): bad input (a login refused, no such database) exits 2; the server away or a schema
 * not made yet, 1.
 */
export function teamProblem(error: unknown, url: string): UserError {
  if (error instanceof UserError) return error;
  const code = codeOf(error);
  const where = serverOf(url);
  // No password to give (none in the URL, PGPASSWORD or a password file it may use): node-postgres
  // says so in its own words, without a code.
  const noPassword = /client password must be a string/i.test((error as Error | null)?.message ?? '');
  if (code === '28P01' || code === '28000' || noPassword) {
    return new UserError(
      said({
        'zh-CN': `团队服务器 ${where} 拒绝了登录（用户名或密码不对，或 pg_hba.conf 不让这台电脑登录）。请检查 ${shownUrl(url)} 的用户名，以及 PGPASSWORD 或 ~/.pgpass 里的密码。`,
        en: `The team server ${where} refused the login (wrong user or password, or its pg_hba.conf does not let this machine in). Check the user in ${shownUrl(url)} and the password in PGPASSWORD or ~/.pgpass.`,
      }),
      2,
    );
  }
  if (code === '3D000') {
    return new UserError(
      said({
        'zh-CN': `团队服务器 ${where} 上没有这个数据库。请检查地址 ${shownUrl(url)}，或请管理员先建库（docs/team.md）。`,
        en: `The team server ${where} has no such database. Check the address ${shownUrl(url)}, or ask the administrator to create it first (docs/team.md).`,
      }),
      2,
    );
  }
  if (code === '42P01' || code === '3F000' || code === 'RINGSIDE_NO_SCHEMA') {
    return new UserError(
      said({
        'zh-CN': `团队服务器 ${where} 上还没有 Ringside 的表。请先运行 ringside team init --team ${shownUrl(url)}。`,
        en: `The team server ${where} has no Ringside tables yet. Run ringside team init --team ${shownUrl(url)} first.`,
      }),
      1,
    );
  }
  if (code === 'RINGSIDE_OLD_SCHEMA' || code === 'RINGSIDE_NEWER_SCHEMA') {
    const newer = code === 'RINGSIDE_NEWER_SCHEMA';
    return new UserError(
      said({
        'zh-CN': newer
          ? `团队服务器 ${where} 上的表是较新版本的 Ringside 建的；请先把这台电脑的 Ringside 更新。`
          : `团队服务器 ${where} 上的表是旧版本的；请运行 ringside team init --team ${shownUrl(url)} 把它升级。`,
        en: newer
          ? `The team server ${where} has tables made by a newer Ringside; update Ringside on this machine first.`
          : `The team server ${where} has tables of an older version; run ringside team init --team ${shownUrl(url)} to bring them up to date.`,
      }),
      1,
    );
  }
  if (code === 'RINGSIDE_NO_ROLES') {
    return new UserError(
      said({
        'zh-CN': `这个用户不能建角色。请管理员在 ${where} 上先运行：CREATE ROLE ${AGENT_ROLE} NOLOGIN; CREATE ROLE ${LEAD_ROLE} NOLOGIN; 然后再运行 ringside team init。什么都没有改动。`,
        en: `This login may not create roles. Ask the administrator to run on ${where}: CREATE ROLE ${AGENT_ROLE} NOLOGIN; CREATE ROLE ${LEAD_ROLE} NOLOGIN; then run ringside team init again. Nothing was changed.`,
      }),
      1,
    );
  }
  if (code === '42501') {
    return new UserError(
      said({
        'zh-CN': `团队服务器 ${where} 不允许这个用户这样做（权限不够）。坐席用 ringside_agent 角色，组长用 ringside_lead 角色（docs/team.md）。`,
        en: `The team server ${where} does not let this user do that (permission denied). Agents log in with the ringside_agent role, leads with ringside_lead (docs/team.md).`,
      }),
      1,
    );
  }
  if (/ssl|certificate|tls/i.test((error as Error | null)?.message ?? '')) {
    return new UserError(
      said({
        'zh-CN': `与团队服务器 ${where} 的加密连接没建起来（${errorKind(error)}）。请检查 sslmode 和服务器的证书（docs/team.md）。`,
        en: `The encrypted connection to the team server ${where} could not be made (${errorKind(error)}). Check sslmode and the server's certificate (docs/team.md).`,
      }),
      2,
    );
  }
  if (serverAway(error)) {
    return new UserError(
      said({
        'zh-CN': `连不上团队服务器 ${where}（${code || '连接断了'}）。请检查服务器是否在运行、地址和端口是否对；坐席这边照常记录，连上后自动补传。`,
        en: `The team server ${where} cannot be reached (${code || 'connection lost'}). Check that it is running and the address and port are right; desks keep logging and catch up once it is back.`,
      }),
      1,
    );
  }
  return new UserError(
    said({
      'zh-CN': `团队服务器 ${where} 出了问题（${errorKind(error)}）。`,
      en: `The team server ${where} failed (${errorKind(error)}).`,
    }),
    1,
  );
}
