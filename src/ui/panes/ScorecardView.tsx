import { Box, Text } from 'ink';
import { callTime, SCORE_ITEMS, whyIn, type Scorecard } from '../../../machines/scorecard.js';
import { wrapText } from '../../typography.js';
import { fitWidth, stringWidth } from '../../width.js';
import type { Language } from '../keys/keymap.js';
import type { ScreenText } from '../text.js';

export interface ScorecardViewProps {
  readonly card: Scorecard;
  /** When the call was answered (or rang, if never answered): moments show on the talk clock. */
  readonly since: number;
  readonly text: ScreenText;
  readonly language: Language;
  readonly columns: number;
  readonly rows: number;
}

/**
 * The scorecard after a call: the total, then each failure with its item, rule ID and the moment
 * in the call (what the debrief is about), then every item A-N with its verdict.
 */
export function ScorecardView({ card, since, text, language, columns, rows }: ScorecardViewProps) {
  const failures = card.items.flatMap((item) => item.failures);
  const width = columns - 2;
  // Items in two columns when the screen is short.
  const itemRows = rows >= failures.length + SCORE_ITEMS.length + 5 ? SCORE_ITEMS.length : Math.ceil(SCORE_ITEMS.length / 2);
  const columnsOfItems = [card.items.slice(0, itemRows), card.items.slice(itemRows)].filter((c) => c.length > 0);
  const label = (id: string) => SCORE_ITEMS.find((item) => item.id === id)?.label[language] ?? id;
  // The heading and the caption wrapped by the kinsoku rule; the close key after the heading when it fits there.
  const heading = wrapText(`${text.scoreResult(card.total, card.passed, card.judged)}${card.instantFail.length > 0 ? `  ${text.instantFail(card.instantFail.join(', '))}` : ''}`, width - 1);
  const closeKey = stringWidth(heading.at(-1) ?? '') + 2 + stringWidth(text.anyKey) <= width - 1 ? `  ${text.anyKey}` : `\n${text.anyKey}`;
  const room = Math.max(1, rows - itemRows - 5);
  return (
    <Box flexDirection="column">
      <Box paddingLeft={1}>
        <Text bold color={card.instantFail.length > 0 ? 'red' : card.total >= 80 ? 'green' : 'yellow'}>
          {heading.join('\n')}
          <Text dimColor>{closeKey}</Text>
        </Text>
      </Box>
      <Box paddingLeft={1}>
        <Text dimColor>{wrapText(text.scoreCaption, width - 1).join('\n')}</Text>
      </Box>
      {failures.length === 0 && <Text color="green"> {text.noFailures}</Text>}
      {failures.slice(0, room).map((failure, i) => (
        <Text key={i} color="red">
          {' ✗ '}
          {fitWidth(`${failure.item} ${callTime(failure.at, since)} ${failure.rule ?? text.byTrainer}  ${whyIn(language, failure.why)}`, width - 3)}
        </Text>
      ))}
      <Box>
        {columnsOfItems.map((column, c) => (
          <Box key={c} flexDirection="column" width={Math.floor(width / columnsOfItems.length)}>
            {column.map((item) => (
              <Text key={item.item} color={item.verdict === 'fail' ? 'red' : item.verdict === 'pass' ? 'green' : undefined} dimColor={item.verdict === 'n/a'}>
                {' '}
                {item.item} {text.verdicts[item.verdict]} {fitWidth(label(item.item), Math.floor(width / columnsOfItems.length) - 6)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
