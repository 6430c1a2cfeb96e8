/**
 * A throwaway PostgreSQL cluster for a test file: Debian's server binaries, a data folder in a
 * temp folder, a free port on loopback, password logins over TCP (scram), stopped and removed
 * after. PostgreSQL refuses to run as root: as root (CI here) it runs as the `postgres` user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The superuser's password in every test cluster. */
export const SUPERUSER_PASSWORD = 'ringside-test-owner';

/** Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/VERSION/bin: the newest. */
export function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian\'s postgresql (tests/setup/tools.mjs does)');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0]!, 'bin');
}

/** A port nobody listens on now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  port: number;
  dir: string;
  /** A libpq URL for `user` (default the superuser, with its password) on database `database`. */
  url(options?: { user?: string; password?: string | null; database?: string }): string;
  /** Runs SQL as the superuser through psql (set-up a test does as the server's administrator). */
  psql(sql: string, database?: string): string;
  start(): void;
  /** Stopped at once, as a crash or a pulled plug would (connections cut, nothing flushed politely). */
  kill(): void;
  stop(): void;
  remove(): void;
}

/** `tls`: the server also speaks TLS, with a self-signed certificate for 127.0.0.1 (its file: `dir`/server.crt). */
export async function startCluster(settings: { tls?: boolean } = {}): Promise<Cluster> {
  const bin = serverBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'ringside-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'));
  const run = (command: string, args: string[]) => {
    const full = join(bin, command);
    const result = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' })
      : spawnSync(full, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
    return result.stdout;
  };
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`);
  if (asRoot) chownSync(pwfile, uidOf('postgres'), gidOf('postgres'));
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  rmSync(pwfile);
  const port = await freePort();
  // Commits are durable once acknowledged, as the uploader counts on (synchronous_commit on): a
  // server killed right after it said a batch was in must still have it. (fsync off: the
  // operating system keeps what was written, and a killed server is not a machine losing power.)
  let options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300`;
  if (settings.tls) {
    const key = join(dir, 'server.key');
    const cert = join(dir, 'server.crt');
    execFileSync('openssl', ['req', '-new', '-x509', '-days', '2', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    chmodSync(key, 0o600);
    if (asRoot) for (const file of [key, cert]) chownSync(file, uidOf('postgres'), gidOf('postgres'));
    options += ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  }
  const cluster: Cluster = {
    port,
    dir,
    url: ({ user = 'postgres', password = SUPERUSER_PASSWORD, database = 'postgres' } = {}) =>
      `postgres://${encodeURIComponent(user)}${password === null ? '' : `:${encodeURIComponent(password)}`}@127.0.0.1:${port}/${database}`,
    psql: (sql, database = 'postgres') =>
      execFileSync(join(bin, 'psql'), ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-c', sql], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: SUPERUSER_PASSWORD },
      }),
    start: () => void run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']),
    kill: () => void run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    stop: () => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
    remove: () => {
      spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}

/** A cluster with Ringside's team schema made, as `ringside team init` makes it. */
export async function startTeamCluster(settings: { tls?: boolean } = {}): Promise<Cluster> {
  const cluster = await startCluster(settings);
  const [{ default: pg }, { migrateTeam }] = await Promise.all([import('pg'), import('../../src/team/schema.js')]);
  const admin = new pg.Client(cluster.url());
  await admin.connect();
  try {
    await migrateTeam(admin);
  } finally {
    await admin.end();
  }
  return cluster;
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
