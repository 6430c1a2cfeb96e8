import { Box, Text } from 'ink';
import type { Pack } from '../../pack/schema.js';
import { PAGE_SIZE, pageWithin } from '../keys/menus.js';
import type { ScreenText } from '../text.js';
import { fillLine } from '../view.js';

/**
 * The pack's ready lines, filled in for this call: numbered 1-9 on each page (a digit says it),
 * ✓ on the ones said in this call, the page shown when there are more than nine.
 */
export function LinesPane({ pack, variables, text, said = [], page = 0 }: { readonly pack: Pack; readonly variables: Record<string, string>; readonly text: ScreenText; readonly said?: readonly string[]; readonly page?: number }) {
  const paging = pageWithin(pack.lines.length, page);
  const shown = pack.lines.slice(paging.page * PAGE_SIZE, (paging.page + 1) * PAGE_SIZE);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>
        {text.linesTitle}
        <Text dimColor>{`  ${text.linesPick}`}</Text>
      </Text>
      {shown.map((line, i) => (
        <Text key={line.id}>
          <Text bold color="cyan">{i + 1}</Text> {said.includes(line.id) ? <Text color="green">✓</Text> : ' '} <Text color="cyan">{line.label}</Text> {fillLine(line.line, variables)}
        </Text>
      ))}
      {paging.pages > 1 && <Text dimColor>{text.page(paging.page + 1, paging.pages)}</Text>}
    </Box>
  );
}
