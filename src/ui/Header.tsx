import { Box, Text } from 'ink';
import React from 'react';
import type { CallContext } from '../../machines/call.js';
import type { NowClock } from '../call/session.js';
import { Elapsed } from './Elapsed.js';
import type { ScreenText } from './text.js';
import type { ScreenState } from './view.js';

export interface HeaderProps {
  readonly packName: string;
  readonly agent: string;
  readonly state: ScreenState;
  readonly ctx: CallContext;
  readonly clock: NowClock;
  readonly text: ScreenText;
  readonly night: boolean;
  readonly tickMs?: number;
}

/** Pack, agent and the timers that matter; each timer is its own ticking leaf. */
export function Header({ packName, agent, state, ctx, clock, text, night, tickMs }: HeaderProps) {
  const { thresholds } = ctx;
  const hold = ctx.holds.at(-1);
  const onHold = state === 'hold' && hold && hold.endedAt === null;
  const stateLabel = state === 'holdAsk' ? text.states.live : text.states[state];
  return (
    <Box justifyContent="space-between">
      <Box flexShrink={1}>
        <Text wrap="truncate-end">
          <Text bold color="cyan"> Ringside</Text> · {packName} · {agent}
          {night ? ` · ${text.night}` : ''} · <Text bold>{stateLabel}</Text>
        </Text>
      </Box>
      <Box gap={2} flexShrink={0}>
        {ctx.answeredAt !== null && (
          <Elapsed label={text.timers.talk} since={ctx.answeredAt} until={ctx.endedAt} clock={clock} tickMs={tickMs} />
        )}
        {onHold && (
          <Elapsed label={text.timers.hold} since={hold.startedAt} clock={clock} warnMs={thresholds.holdCheckBackMs * 0.8} alarmMs={thresholds.holdCheckBackMs} tickMs={tickMs} />
        )}
        {ctx.ringAt !== null && (
          <Elapsed label={text.timers.ring} since={ctx.ringAt} until={ctx.answeredAt ?? ctx.endedAt} clock={clock} warnMs={thresholds.ringMs * 0.66} alarmMs={thresholds.ringMs} seconds tickMs={tickMs} />
        )}
        {ctx.endedAt !== null && ctx.answeredAt !== null && (
          <Elapsed label={text.timers.wrapUp} since={ctx.endedAt} until={ctx.savedAt} clock={clock} warnMs={thresholds.wrapUpMs * 0.75} alarmMs={thresholds.wrapUpMs} tickMs={tickMs} />
        )}
        <Text> </Text>
      </Box>
    </Box>
  );
}
