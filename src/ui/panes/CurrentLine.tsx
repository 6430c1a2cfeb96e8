import { Box, Text } from 'ink';
import { fitWidth, stringWidth } from '../../width.js';
import type { KeyNames, ScreenText } from '../text.js';
import type { LineView } from '../view.js';
import { colonAfter, wrapText } from '../../typography.js';

/** The line to say now, big and alone, with the next one dimmed below it. */
export function CurrentLine({ view, text, keys, late, width, minRows = 3 }: { readonly view: LineView; readonly text: ScreenText; readonly keys: KeyNames; readonly late: boolean; readonly width: number; readonly minRows?: number }) {
  // The hints name keys as the agent has them.
  const hint = view.hint ? text[view.hint](keys) : null;
  const hintRows = hint ? wrapText(hint, width) : [];
  const warning = view.hint === 'ringing' && late ? `⚠ ${text.late}` : '';
  const lastRow = hintRows.at(-1) ?? '';
  const lateWarning = !warning ? '' : stringWidth(lastRow) + 2 + stringWidth(warning) <= width ? `  ${warning}` : `\n${warning}`;
  return (
    <Box flexDirection="column" paddingX={1} minHeight={minRows}>
      {hint && (
        // Wrapped here by the kinsoku rule (a narrow window, keys moved to longer names); the
        // late warning goes on the hint's last row when it fits there, else on a row of its own.
        <Text color={view.hint === 'checkBack' ? 'red' : 'yellow'}>
          {hintRows.join('\n')}
          {lateWarning ? <Text color="red" bold>{lateWarning}</Text> : null}
        </Text>
      )}
      {view.current && (
        // The arrow in a column of its own: a long line wraps under its own first word.
        <Box>
          <Text bold color="green">▶ </Text>
          <Box flexShrink={1}>
            <Text bold color="green">{wrapText(view.current, width - 1).join('\n')}</Text>
          </Box>
        </Box>
      )}
      {view.next && <Text dimColor>{fitWidth(`  ${text.next}${colonAfter(text.next)}${view.next}`, width)}</Text>}
    </Box>
  );
}
