/**
 * `ringside team init`: the team's schema created or brought up to date, and the SQL an
 * administrator runs to give each agent and lead a login. `ringside team sync`: this desk's
 * outbox sent now (the live screen sends it by itself; this is for a desk that has no screen
 * open, or a script).
 */
import { formatCount, formatNumber, type Words } from '../language.js';
import { UserError } from '../errors.js';
import { busyLogSentence, isBusy } from '../store/open.js';
import { CallStore } from '../store/sqlite.js';
import { AGENT_ROLE, LEAD_ROLE, migrateTeam } from '../team/schema.js';
import { connectTeam, teamProblem } from '../team/connect.js';
import { serverOf, teamUrl } from '../team/url.js';
import { sendOutbox } from '../team/upload.js';
import { settingsOf, type CommandContext } from './context.js';

const WORDS: Words<{
  made: (where: string, from: number, to: number) => string;
  roles: string;
  sent: (n: number, where: string) => string;
}> = {
  'zh-CN': {
    made: (where, from, to) =>
      from === to ? `团队服务器 ${where} 上的 Ringside 表已是最新（版本 ${to}），没有改动。\n` : from === 0 ? `已在团队服务器 ${where} 上建好 Ringside 的表（版本 ${to}）。\n` : `已把团队服务器 ${where} 上的 Ringside 表从版本 ${from} 升级到 ${to}。\n`,
    roles: `
-- 每个坐席一个登录（只能写入、读取自己的来电和派给自己的回访）：
CREATE ROLE 坐席登录名 LOGIN PASSWORD '密码' IN ROLE ${AGENT_ROLE};
-- 这个登录是哪个工号（组长派给这个工号的回访，它才能看到）：
INSERT INTO ringside.logins (db_user, agent_number) VALUES ('坐席登录名', '1024');
-- 每个组长一个登录（能看全组，能改派回访）：
CREATE ROLE 组长登录名 LOGIN PASSWORD '密码' IN ROLE ${LEAD_ROLE};
-- 登录名用英文字母和数字；密码放在各自电脑的 ~/.pgpass 或 PGPASSWORD 里，不要写进地址。
`,
    sent: (n, where) => `已上传 ${formatNumber('zh-CN', n)} 通来电到团队服务器 ${where}。\n`,
  },
  en: {
    made: (where, from, to) =>
      from === to ? `Ringside's tables on the team server ${where} are up to date (version ${to}); nothing changed.\n` : from === 0 ? `Ringside's tables are made on the team server ${where} (version ${to}).\n` : `Ringside's tables on the team server ${where} went from version ${from} to ${to}.\n`,
    roles: `
-- One login per agent (writes and reads only their own calls and the follow-ups given to them):
CREATE ROLE agent_login LOGIN PASSWORD 'password' IN ROLE ${AGENT_ROLE};
-- Which agent number that login is (the follow-ups a lead gives to that number are its to read):
INSERT INTO ringside.logins (db_user, agent_number) VALUES ('agent_login', '1024');
-- One login per team lead (reads the whole team, reassigns follow-ups):
CREATE ROLE lead_login LOGIN PASSWORD 'password' IN ROLE ${LEAD_ROLE};
-- Keep each password in that machine's ~/.pgpass or PGPASSWORD, not in the address.
`,
    sent: (n, where) => `${formatCount('en', n, { one: 'call', other: 'calls' })} sent to the team server ${where}.\n`,
  },
};

export async function teamInit(context: CommandContext, options: { team?: string | boolean }): Promise<void> {
  const url = await teamOf(context, options.team ?? true);
  const words = WORDS[context.language];
  const client = await connectTeam(url);
  try {
    const { from, to } = await migrateTeam(client);
    context.io.out(words.made(serverOf(url), from, to));
    context.io.out(words.roles);
  } catch (error) {
    throw teamProblem(error, url);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function teamSync(context: CommandContext, options: { team?: string | boolean }): Promise<void> {
  const url = await teamOf(context, options.team ?? true);
  const words = WORDS[context.language];
  const settings = (await settingsOf(context))().all;
  const log = new CallStore(context.paths.database);
  try {
    const client = await connectTeam(url);
    try {
      const { requireSchema } = await import('../team/schema.js');
      await requireSchema(client);
      const sent = await sendOutbox(client, log, { number: settings.agentNumber, name: settings.agentName });
      context.io.out(words.sent(sent, serverOf(url)));
    } catch (error) {
      // The desk's own log kept busy by another process is the log's to say, not the server's.
      if (isBusy(error)) throw new UserError(busyLogSentence(context.paths.database), 1);
      throw teamProblem(error, url);
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    log.close();
  }
}

/** The team URL a command works with: `--team URL`, or `--team` alone and the team setting. */
export async function teamOf(context: CommandContext, option: string | boolean): Promise<string> {
  const setting = option === true ? (await settingsOf(context))().all.team : '';
  const url = teamUrl(option, setting);
  if (url === null) throw new Error('team option missing');
  return url;
}

