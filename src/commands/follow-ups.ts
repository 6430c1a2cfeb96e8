/** `ringside follow-ups`: the open tickets, soonest due first; `follow-ups assign`: a lead gives one to another agent. */
import { quoted, UserError } from '../errors.js';
import type { Words } from '../language.js';
import { formatFollowUps, followUpsJson } from '../reports/followups.js';
import type { LogReads } from '../store/store.js';
import type { CommandContext } from './context.js';
import { readsOf } from './reads.js';

export async function followUps(context: CommandContext, options: { json?: boolean; unmasked?: boolean; team?: string | boolean }): Promise<void> {
  const { io } = context;
  const store: LogReads = await readsOf(context, options.team);
  try {
    const list = await store.openFollowUps();
    const now = Date.now();
    io.out(
      options.json
        ? `${JSON.stringify(followUpsJson(list, now, !options.unmasked), null, 2)}\n`
        : formatFollowUps(list, now, !options.unmasked, context.language, process.stdout.columns ?? 100),
    );
  } finally {
    await store.close();
  }
}

const WORDS: Words<{
  notTicket: (text: string) => string;
  notAgent: (text: string) => string;
  noTicket: (ticket: number) => string;
  notLead: string;
  assigned: (ticket: number, agent: string) => string;
}> = {
  'zh-CN': {
    notTicket: (text) => `${quoted(text)} 不是工单号：要写成 T12 或 12（ringside follow-ups --team 列出工单号）。`,
    notAgent: (text) => `${quoted(text)} 不是工号：工号是字母和数字，最多 16 位。`,
    noTicket: (ticket) => `团队里没有工单 T${ticket}。ringside follow-ups --team 列出待回访的工单。`,
    notLead: '只有组长（ringside_lead 角色）能改派回访；这个登录不是组长。什么都没有改动。',
    assigned: (ticket, agent) => `工单 T${ticket} 已改派给工号 ${agent}。\n`,
  },
  en: {
    notTicket: (text) => `${quoted(text)} is not a ticket number: write it as T12 or 12 (ringside follow-ups --team lists them).`,
    notAgent: (text) => `${quoted(text)} is not an agent number: letters and digits, at most 16.`,
    noTicket: (ticket) => `The team has no ticket T${ticket}. ringside follow-ups --team lists the open ones.`,
    notLead: 'Only a team lead (the ringside_lead role) may reassign follow-ups, and this login is not one. Nothing was changed.',
    assigned: (ticket, agent) => `Ticket T${ticket} is now given to agent ${agent}.\n`,
  },
};

export async function assignFollowUp(context: CommandContext, ticketText: string, agent: string, options: { team?: string | boolean }): Promise<void> {
  const words = WORDS[context.language];
  const ticket = /^[Tt]?[1-9]\d{0,14}$/.test(ticketText) ? Number(ticketText.replace(/^[Tt]/, '')) : null;
  if (ticket === null) throw new UserError(words.notTicket(ticketText));
  if (!/^[A-Za-z0-9]{1,16}$/.test(agent)) throw new UserError(words.notAgent(agent));
  const { TeamStore } = await import('../team/store.js');
  const { teamOf } = await import('./team.js');
  const store = await TeamStore.open(await teamOf(context, options.team ?? true));
  try {
    const done = await store.assign(ticket, agent);
    if (done === 'refused') throw new UserError(words.notLead, 1);
    if (done === 'none') throw new UserError(words.noTicket(ticket));
    context.io.out(words.assigned(ticket, agent));
  } finally {
    await store.close();
  }
}
