import { Box, Text } from 'ink';
import type { Pack } from '../../pack/schema.js';
import { wrapText } from '../../typography.js';
import { PAGE_SIZE, pageWithin } from '../keys/menus.js';
import type { ScreenText } from '../text.js';
import { fillLine } from '../view.js';

/** The digit, the ✓ and their spaces before each entry: continued rows start under the entry's text. */
const MARK_COLUMNS = 4;

/**
 * The pack's ready lines, filled in for this call: numbered 1-9 on each page (a digit says it),
 * ✓ on the ones said in this call, the page shown when there are more than nine. Each line shows
 * whole (the agent reads it out from here), wrapped by our kinsoku rule (src/typography.ts), not
 * by Ink, its continued rows under its label, so the digits stand alone in their column.
 */
export function LinesPane({ pack, variables, text, said = [], page = 0, columns = 80 }: { readonly pack: Pack; readonly variables: Record<string, string>; readonly text: ScreenText; readonly said?: readonly string[]; readonly page?: number; readonly columns?: number }) {
  const paging = pageWithin(pack.lines.length, page);
  const shown = pack.lines.slice(paging.page * PAGE_SIZE, (paging.page + 1) * PAGE_SIZE);
  // The screen's width less the pane's padding, the last column (a terminal scrolls when it is written) and the marks.
  const width = Math.max(10, columns - 3 - MARK_COLUMNS);
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>
        {text.linesTitle}
        <Text dimColor>{`  ${text.linesPick}`}</Text>
      </Text>
      {shown.map((line, i) => {
        const [first = '', ...rest] = wrapText(`${line.label} ${fillLine(line.line, variables)}`, width);
        const label = first.startsWith(line.label) ? line.label : '';
        return (
          <Box key={line.id}>
            <Text>
              <Text bold color="cyan">{i + 1}</Text> {said.includes(line.id) ? <Text color="green">✓</Text> : ' '}{' '}
            </Text>
            <Box flexShrink={1}>
              <Text>
                <Text color="cyan">{label}</Text>
                {[first.slice(label.length), ...rest].join('\n')}
              </Text>
            </Box>
          </Box>
        );
      })}
      {paging.pages > 1 && <Text dimColor>{text.page(paging.page + 1, paging.pages)}</Text>}
    </Box>
  );
}
