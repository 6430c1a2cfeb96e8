/**
 * Reaching the team's server, as a person types it: `ringside team init` against a real
 * PostgreSQL (over TLS too), run again and twice at once; and each way it can go wrong said in
 * one sentence with its exit code, the password never printed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin, tempDir } from '../helpers.js';
import { freePort, startCluster, SUPERUSER_PASSWORD, type Cluster } from './cluster.js';

let cluster: Cluster;
const home = tempDir();

beforeAll(async () => {
  cluster = await startCluster({ tls: true });
  cluster.psql(`CREATE DATABASE team`);
  cluster.psql(`CREATE DATABASE empty`);
});
afterAll(() => {
  cluster?.remove();
  home.remove();
});

const ringside = (...args: string[]) => runBin(home.path, ...args);
/** The bin, run without waiting for it (two at once). */
function started(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'ringside.js'), ...args], { env: { ...process.env, RINGSIDE_HOME: home.path } });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('ringside team init', () => {
  it('makes the schema once, says so, prints the SQL for the two roles, and finds it made when run again or twice at once', async () => {
    const url = cluster.url({ database: 'team' });
    const [one, two] = await Promise.all([started('team', 'init', '--team', url), started('team', 'init', '--team', url)]);
    expect([one.code, two.code]).toEqual([0, 0]);
    // One made it, the other found it made (whichever came first).
    const said = [one.out, two.out].map((out) => out.split('\n')[0]!);
    const made = said.find((line) => line.includes('建好'));
    expect(made).toMatch(/^已在团队服务器 127\.0\.0\.1:\d+\/team 上建好 Ringside 的表（版本 1）。$/);
    expect(said.find((line) => line !== made)).toContain('已是最新（版本 1），没有改动');
    expect(one.out).toContain('IN ROLE ringside_agent;');
    expect(one.out).toContain('IN ROLE ringside_lead;');
    expect(cluster.psql(`SELECT version FROM ringside.schema_version`, 'team').trim()).toBe('1');
    expect(cluster.psql(`SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE 'ringside_%'`).trim()).toBe('ringside_agent,ringside_lead');
    // Never the password, whatever it printed.
    for (const run of [one, two]) expect(run.out + run.err).not.toContain(SUPERUSER_PASSWORD);
  });

  it('connects over TLS with sslmode=require, and refuses a certificate it was told to check and cannot', () => {
    const url = `${cluster.url({ database: 'team' })}?sslmode=require`;
    expect(ringside('team', 'init', '--team', url).code).toBe(0);
    const wrongCa = `${cluster.url({ database: 'team' })}?sslmode=verify-full&sslrootcert=${join(cluster.dir, 'missing.crt')}`;
    const missing = ringside('team', 'init', '--team', wrongCa);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('证书文件');
    // The server's own certificate as the authority: checked, and it is the server's.
    const verified = `${cluster.url({ database: 'team' })}?sslmode=verify-full&sslrootcert=${join(cluster.dir, 'server.crt')}`;
    expect(ringside('team', 'init', '--team', verified).code).toBe(0);
    // Another authority's certificate: the server's is not taken on trust.
    const other = join(home.path, 'other.crt');
    execFileSync('openssl', ['req', '-new', '-x509', '-days', '2', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', join(home.path, 'other.key'), '-out', other], { stdio: 'ignore' });
    const untrusted = ringside('team', 'init', '--team', `${cluster.url({ database: 'team' })}?sslmode=verify-full&sslrootcert=${other}`);
    expect(untrusted.code).toBe(2);
    expect(untrusted.err).toContain('加密连接没建起来');
  });
});

describe('the password', () => {
  it('comes from a password file (PGPASSFILE, as ~/.pgpass) when the URL and PGPASSWORD give none, with nothing printed about it', () => {
    const file = join(home.path, 'pgpass');
    writeFileSync(file, `127.0.0.1:${cluster.port}:team:postgres:${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
    const url = cluster.url({ database: 'team', password: null });
    const env: NodeJS.ProcessEnv = { ...process.env, RINGSIDE_HOME: home.path, PGPASSFILE: file };
    delete env.PGPASSWORD;
    const run = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'ringside.js'), 'team', 'sync', '--team', url], { env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // A file others may read is not used (as libpq does), and its warning does not reach the screen.
    chmodSync(file, 0o644);
    const open = spawnSync(process.execPath, [join(__dirname, '..', '..', 'bin', 'ringside.js'), 'team', 'sync', '--team', url], { env, encoding: 'utf8' });
    expect(open.status).toBe(2);
    expect(open.stderr).toMatch(/^ringside: 团队服务器 .* 拒绝了登录/);
    expect(open.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('what goes wrong reaching the team, in one sentence each', () => {
  it('a URL that is not one: exit 2', () => {
    const run = ringside('team', 'init', '--team', 'http://user:hunter2@example.com/db');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^ringside: 团队服务器地址 .* 不对：要写成 postgres:\/\//);
    expect(run.err).not.toContain('hunter2');
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  it('a wrong password: exit 2, the password not said', () => {
    const run = ringside('team', 'init', '--team', cluster.url({ database: 'team', password: 'not-the-password' }));
    expect(run.code).toBe(2);
    expect(run.err).toContain('拒绝了登录');
    expect(run.err).toContain(':***@');
    expect(run.err).not.toContain('not-the-password');
  });

  it('no server at the address: exit 1, and the desk keeps logging', async () => {
    const port = await freePort();
    const run = ringside('team', 'sync', '--team', `postgres://postgres@127.0.0.1:${port}/team`);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`连不上团队服务器 127.0.0.1:${port}/team`);
  });

  it('a database without the schema: exit 1, saying to run team init', () => {
    const run = ringside('team', 'sync', '--team', cluster.url({ database: 'empty' }));
    expect(run.code).toBe(1);
    expect(run.err).toContain('还没有 Ringside 的表。请先运行 ringside team init --team');
  });

  it('no such database: exit 2', () => {
    const run = ringside('team', 'sync', '--team', cluster.url({ database: 'nowhere' }));
    expect(run.code).toBe(2);
    expect(run.err).toContain('没有这个数据库');
  });

  it('--team alone with no team setting says how to set one: exit 2', () => {
    const run = ringside('team', 'sync', '--team');
    expect(run.code).toBe(2);
    expect(run.err).toContain('没有设团队服务器');
  });
});

describe('the team setting', () => {
  it('is checked when set and shown without its password by config set, get and list', () => {
    const url = cluster.url({ database: 'team' });
    const set = ringside('config', 'set', 'team', url);
    expect(set.code).toBe(0);
    expect(set.out).toContain('postgres://postgres:***@127.0.0.1');
    const get = ringside('config', 'get', 'team');
    expect(get.out).toContain(':***@');
    const list = ringside('config', 'list');
    expect(list.out).toMatch(/team = "postgres:\/\/postgres:\*\*\*@/);
    for (const run of [set, get, list]) expect(run.out + run.err).not.toContain(SUPERUSER_PASSWORD);
    // `--team` alone then uses it.
    expect(ringside('team', 'sync', '--team').code).toBe(0);
    const bad = ringside('config', 'set', 'team', 'mysql://x/y');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('不对');
  });
});
