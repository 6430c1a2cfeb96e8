import { Box, Text } from 'ink';
import { fitWidth } from '../../width.js';
import type { ScreenText } from '../text.js';
import type { ChecklistRow } from '../view.js';

const COLORS = { done: 'green', todo: undefined, missed: 'red', skipped: 'gray' } as const;

/** Done / to do / missed, each with its rule ID (or 听到 and the score, when the transcript ticked it); a window around the current step when short of rows. */
export function Checklist({ rows, text, width, maxRows }: { readonly rows: ChecklistRow[]; readonly text: ScreenText; readonly width: number; readonly maxRows: number }) {
  const currentIndex = Math.max(0, rows.findIndex((row) => row.current));
  const start = rows.length <= maxRows ? 0 : Math.min(Math.max(0, currentIndex - Math.floor(maxRows / 2)), rows.length - maxRows);
  const shown = rows.slice(start, start + maxRows);
  // A narrow terminal keeps the steps' names: the rule IDs are for the trainer's wide screen.
  const ruleWidth = width >= 40 ? 17 : 0;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold> {text.checklist}</Text>
      {shown.map((row) => (
        <Box key={row.id}>
          <Box width={width - ruleWidth}>
            <Text color={COLORS[row.status]} bold={row.current}>
              {fitWidth(`${row.current ? '›' : ' '}${text.mark[row.status]} ${row.label}${row.heard !== null && ruleWidth === 0 ? ` ${text.heardMark}` : ''}`, width - ruleWidth - 1)}
            </Text>
          </Box>
          {ruleWidth > 0 && (
            <Box width={ruleWidth}>
              {/* A step the transcript ticked says so, with the match's score, where the rule ID stands. */}
              {row.heard !== null ? (
                <Text color="cyan" wrap="truncate-end">{`${text.heardMark} ${Math.round(row.heard * 100)}%`}</Text>
              ) : (
                <Text dimColor wrap="truncate-end">{row.rules[0] ?? ''}</Text>
              )}
            </Box>
          )}
        </Box>
      ))}
    </Box>
  );
}
