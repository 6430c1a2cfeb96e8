import { Box, Text } from 'ink';
import type { CallContext } from '../../../machines/call.js';
import { callTime, SCORE_ITEMS } from '../../../machines/scorecard.js';
import { fitWidth } from '../../width.js';
import type { Language } from '../keys/keymap.js';
import type { ScreenText } from '../text.js';

export interface ScorePaneProps {
  readonly ctx: CallContext;
  readonly language: Language;
  readonly text: ScreenText;
  readonly columns: number;
}

/** The items with what is marked so far: a letter marks the fault now, again takes it back. */
export function ScorePane({ ctx, language, text, columns }: ScorePaneProps) {
  return (
    <Box flexDirection="column">
      <Text bold> {text.scoreTitle}</Text>
      {SCORE_ITEMS.map((item) => {
        const fault = ctx.faults.find((f) => f.item === item.id);
        return (
          <Text key={item.id} color={fault ? 'red' : undefined} dimColor={!fault && item.judged === 'auto'}>
            {'  '}
            <Text bold color={fault ? 'red' : 'cyan'}>{item.id.toLowerCase()}</Text>
            {fault ? ` ✗ ${callTime(fault.at, ctx.answeredAt ?? ctx.ringAt ?? fault.at)} ` : '         '}
            {fitWidth(item.label[language], columns - 16)}
          </Text>
        );
      })}
    </Box>
  );
}
