import { Box, Text } from 'ink';
import { fitWidth, padDisplay } from '../../width.js';
import { keyLabel, type KeyCommand, type Language } from '../keys/keymap.js';
import type { ScreenText } from '../text.js';

export interface HelpPaneProps {
  readonly keymap: readonly KeyCommand[];
  readonly language: Language;
  readonly text: ScreenText;
  /** Whether a command can act now (src/ui/keys/commands.ts): the rest are dimmed. */
  readonly available: (command: string) => boolean;
  readonly columns: number;
  readonly rows: number;
}

/** Every key of the keymap with what it does: the ones that act now first, the others after them, dimmed. */
export function HelpPane({ keymap, language, text, available, columns, rows }: HelpPaneProps) {
  const now = keymap.filter((entry) => available(entry.command));
  const later = keymap.filter((entry) => !available(entry.command));
  const lines = [
    ...[...now, ...later].map((entry) => ({
      key: entry.command,
      text: `${padDisplay(entry.keys.map((key) => keyLabel(key, language)).join(' / '), 12)} ${entry.label[language]}`,
      dim: !available(entry.command),
    })),
    { key: 'digits', text: `${padDisplay('1-9', 12)} ${text.menuDigits}`, dim: false },
  ];
  // Two columns when one does not fit the terminal's height.
  const perColumn = lines.length + 1 > rows ? Math.ceil(lines.length / 2) : lines.length;
  const columnsOfLines = [lines.slice(0, perColumn), lines.slice(perColumn)].filter((c) => c.length > 0);
  const width = Math.floor((columns - 1) / columnsOfLines.length);
  return (
    <Box flexDirection="column">
      <Text bold> {text.helpTitle}</Text>
      <Box>
        {columnsOfLines.map((column, i) => (
          <Box key={i} flexDirection="column" width={width}>
            {column.map((line) => (
              <Text key={line.key} dimColor={line.dim}>
                {'  '}
                {fitWidth(line.text, width - 3)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
