import { Box, Text } from 'ink';
import type { Pack } from '../../pack/schema.js';
import type { ScreenText } from '../text.js';
import { fillLine } from '../view.js';

/** The pack's ready lines, filled in for this call. */
export function LinesPane({ pack, variables, text }: { readonly pack: Pack; readonly variables: Record<string, string>; readonly text: ScreenText }) {
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>{text.linesTitle}</Text>
      {pack.lines.map((line) => (
        <Text key={line.id}>
          <Text color="cyan">{line.label}</Text> {fillLine(line.line, variables)}
        </Text>
      ))}
    </Box>
  );
}
