import { Box, Text } from 'ink';
import React from 'react';
import type { ScreenText } from './text.js';
import type { LineView } from './view.js';

/** The line to say now, big and alone, with the next one dimmed below it. */
export function CurrentLine({ view, text, late }: { readonly view: LineView; readonly text: ScreenText; readonly late: boolean }) {
  const hint = view.hint ? text[view.hint] : null;
  return (
    <Box flexDirection="column" paddingX={1} minHeight={3}>
      {hint && (
        <Text color={view.hint === 'checkBack' ? 'red' : 'yellow'}>
          {hint}
          {view.hint === 'ringing' && late ? <Text color="red" bold>{`  ⚠ ${text.late}`}</Text> : null}
        </Text>
      )}
      {view.current && (
        <Text bold color="green">
          ▶ {view.current}
        </Text>
      )}
      {view.next && (
        <Text dimColor wrap="truncate-end">
          {'  '}
          {text.next}: {view.next}
        </Text>
      )}
    </Box>
  );
}
