/**
 * The first-run setup on screen: what it is for, the questions (answered ones with their answer,
 * the one on screen as a line being typed, the ones to come), what is wrong with an answer, and
 * the keys. Keys and pastes go through the pure steps of src/ui/first-run.ts.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import { TEXT_BOUNDS, type BoundedSetting, type Settings } from '../config.js';
import type { Language } from '../language.js';
import { fitWidth, stringWidth } from '../width.js';
import { firstRunKey, firstRunPaste, firstRunWords, startFirstRun, type FirstRun as Run } from './first-run.js';
import { keysOf } from './keys/reduce.js';
import type { Paste } from './keys/terminal-input.js';
import { LineEditor } from './panes/LineEditor.js';
import { textFor } from './text.js';
import { useTerminalSize } from './use-terminal-size.js';

type Action = { readonly kind: 'keys'; readonly input: string; readonly key: Parameters<typeof keysOf>[1] } | { readonly kind: 'paste'; readonly paste: Paste };

function reduce(run: Run, action: Action): Run {
  if (action.kind === 'paste') return firstRunPaste(run, action.paste);
  // Keys typed faster than the terminal is read come as one string ("1024⏎王敏⏎"): each in turn.
  return keysOf(action.input, action.key).reduce(firstRunKey, run);
}

export interface FirstRunProps {
  readonly asked: readonly BoundedSetting[];
  readonly settings: Settings;
  readonly language: Language;
  readonly pastes?: { onPaste(listener: (paste: Paste) => void): () => void };
  /** Told once: every question answered, or the setup left. */
  readonly onEnd: (run: Run) => void;
}

export function FirstRun({ asked, settings, language, pastes, onEnd }: FirstRunProps) {
  const { exit } = useApp();
  const [run, dispatch] = useReducer(reduce, undefined, () => startFirstRun(asked, settings));
  useInput((input, key) => dispatch({ kind: 'keys', input, key }));
  useEffect(() => pastes?.onPaste((paste) => dispatch({ kind: 'paste', paste })), [pastes]);
  useEffect(() => {
    if (!run.outcome) return;
    onEnd(run);
    exit();
  }, [run, onEnd, exit]);
  const { columns } = useTerminalSize();
  // Once done the setup leaves the terminal empty for the screen that follows.
  if (run.outcome) return null;
  const words = firstRunWords(language);
  const text = textFor(language);
  const width = columns - 1;
  const labelWidth = Math.max(...asked.map((name) => stringWidth(words.labels[name])));
  const name = asked[run.at]!;
  const label = words.labels[name];
  const said = [
    run.problem ? words.problems[run.problem](label, TEXT_BOUNDS[name]) : '',
    run.refused > 0 ? text.lineFull(TEXT_BOUNDS[name], run.refused) : '',
    run.lineBreaks ? text.pasteLineBreaks : '',
  ].filter(Boolean);
  const rule = <Text dimColor>{'─'.repeat(Math.max(10, width))}</Text>;
  return (
    <Box flexDirection="column">
      <Text bold>{fitWidth(` Ringside · ${words.title}`, width)}</Text>
      {rule}
      <Box paddingLeft={1} paddingRight={1}>
        <Text>{words.why}</Text>
      </Box>
      <Text> </Text>
      {asked.map((question, i) => {
        const shownLabel = words.labels[question] + ' '.repeat(labelWidth - stringWidth(words.labels[question]));
        if (i < run.at) return <Text key={question}>{fitWidth(` ✓ ${shownLabel}  ${run.answers[question] ?? ''}`, width)}</Text>;
        if (i > run.at) return <Text key={question} dimColor>{fitWidth(` ○ ${shownLabel}`, width)}</Text>;
        return (
          <Box key={question} flexDirection="column">
            <LineEditor label={`› ${label}${words.of(run.at + 1, asked.length)}`} buffer={run.line.buffer} length={run.line.length} limit={TEXT_BOUNDS[name]} width={width} notice={said.length > 0 ? said.join(' ') : null} />
            <Box paddingLeft={3} paddingRight={1}>
              <Text dimColor>{words.hints[name]}</Text>
            </Box>
          </Box>
        );
      })}
      <Text> </Text>
      {rule}
      <Text>{fitWidth(` ${words.keys(run.at === 0, run.at === asked.length - 1)}`, width)}</Text>
    </Box>
  );
}
