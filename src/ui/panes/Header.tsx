import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { CallContext } from '../../../machines/call.js';
import type { NowClock } from '../../call/session.js';
import { fitWidth, stringWidth } from '../../width.js';
import { Elapsed } from './Elapsed.js';
import type { ScreenText } from '../text.js';
import type { ScreenState } from '../view.js';

export interface HeaderProps {
  readonly packName: string;
  readonly agent: string;
  readonly state: ScreenState;
  readonly ctx: CallContext;
  readonly clock: NowClock;
  readonly text: ScreenText;
  readonly night: boolean;
  readonly columns: number;
  readonly tickMs?: number;
  /** The phone link's state, when a softphone is followed (a color says how it stands). */
  readonly link?: { readonly text: string; readonly color: string } | null;
  /** The log could not take the call yet (a full disk): a finished call is not called saved. */
  readonly unwritten?: boolean;
  /** The team link, when the desk has a team: its label, a shorter one for a crowded header, its color. */
  readonly team?: { readonly text: string; readonly short: string; readonly color: string } | null;
  /** The transcript feed, when the desk follows one (live assist): its label, a shorter one, its color. */
  readonly assist?: { readonly text: string; readonly short: string; readonly color: string } | null;
}

/** A timer's widest text: label, space, mm:ss, and room for the ⚠. */
const timerWidth = (label: string) => stringWidth(label) + 1 + 5 + 2;

/**
 * Pack and agent on the left, the call state and the timers that matter on the right; each
 * timer is its own ticking leaf. The left is cut to fit by display width (Ink's own truncation
 * miscounts Chinese), so the state and the timers always show.
 */
export function Header({ packName, agent, state, ctx, clock, text, night, columns, tickMs, link, unwritten = false, team, assist }: HeaderProps) {
  const { thresholds } = ctx;
  const hold = ctx.holds.at(-1);
  const onHold = state === 'hold' && hold !== undefined && hold.endedAt === null;
  // A call the machine finished but the log could not take yet is not "saved".
  const stateLabel = unwritten && state === 'logged' ? text.states.unwritten : text.states[state === 'holdAsk' ? 'live' : state];
  const timers: { key: string; node: ReactNode; width: number }[] = [];
  if (ctx.answeredAt !== null) {
    timers.push({ key: 'talk', width: timerWidth(text.timers.talk), node: <Elapsed label={text.timers.talk} since={ctx.answeredAt} until={ctx.endedAt} clock={clock} tickMs={tickMs} /> });
  }
  if (onHold) {
    timers.push({ key: 'hold', width: timerWidth(text.timers.hold), node: <Elapsed label={text.timers.hold} since={hold.startedAt} clock={clock} warnMs={thresholds.holdCheckBackMs * 0.8} alarmMs={thresholds.holdCheckBackMs} tickMs={tickMs} /> });
  }
  if (ctx.ringAt !== null) {
    timers.push({ key: 'ring', width: timerWidth(text.timers.ring), node: <Elapsed label={text.timers.ring} since={ctx.ringAt} until={ctx.answeredAt ?? ctx.endedAt} clock={clock} warnMs={thresholds.ringMs * 0.66} alarmMs={thresholds.ringMs} seconds tickMs={tickMs} /> });
  }
  if (ctx.endedAt !== null && ctx.answeredAt !== null) {
    timers.push({ key: 'wrap', width: timerWidth(text.timers.wrapUp), node: <Elapsed label={text.timers.wrapUp} since={ctx.endedAt} until={ctx.savedAt} clock={clock} warnMs={thresholds.wrapUpMs * 0.75} alarmMs={thresholds.wrapUpMs} tickMs={tickMs} /> });
  }
  const linkWidth = link ? stringWidth(link.text) + 3 : 0;
  const right = stringWidth(stateLabel) + 2 + timers.reduce((sum, t) => sum + t.width + 1, 0) + linkWidth;
  // The team link before the name: its full label while the name keeps some room, else its short one.
  const spare = columns - right - 2;
  const teamText = !team ? '' : spare - stringWidth(team.text) - 1 >= 12 ? team.text : spare - stringWidth(team.short) - 1 >= 0 ? team.short : '';
  // The transcript feed's label after the team's, by the same rule with what is left.
  const afterTeam = spare - (teamText ? stringWidth(teamText) + 1 : 0);
  const assistText = !assist ? '' : afterTeam - stringWidth(assist.text) - 1 >= 12 ? assist.text : afterTeam - stringWidth(assist.short) - 1 >= 0 ? assist.short : '';
  // Too narrow for the name as well: the state and the timers matter more.
  const leftRoom = afterTeam - (assistText ? stringWidth(assistText) + 1 : 0);
  const left = leftRoom >= 12 ? fitWidth(` ${['Ringside', packName, agent, night ? text.night : ''].filter(Boolean).join(' · ')}`, leftRoom) : '';
  return (
    <Box justifyContent="space-between" width={columns - 1}>
      <Text>
        <Text bold color="cyan">{left.slice(0, 9)}</Text>
        {left.slice(9)}
        {link ? <Text color={link.color}>{` ● ${link.text}`}</Text> : null}
        {teamText ? <Text color={team!.color}>{` ${teamText}`}</Text> : null}
        {assistText ? <Text color={assist!.color}>{` ${assistText}`}</Text> : null}
      </Text>
      <Box gap={1}>
        <Text bold inverse>{` ${stateLabel} `}</Text>
        {timers.map((timer) => (
          <Box key={timer.key} width={timer.width}>
            {timer.node}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
