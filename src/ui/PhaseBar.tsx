import { Text } from 'ink';
import type { Phase } from '../pack/schema.js';
import type { ScreenText } from './text.js';

const ORDER = ['greeting', 'gathering', 'answering', 'closing', 'wrapUp'] as const;

/** 问候 ✓ › 信息收集 › [解答] › 结束 › 话后 */
export function PhaseBar({ phase, text }: { readonly phase: Phase | 'wrapUp' | null; readonly text: ScreenText }) {
  const at = phase ? ORDER.indexOf(phase) : -1;
  return (
    <Text wrap="truncate-end">
      {' '}
      {ORDER.map((name, i) => (
        <Text key={name}>
          {i > 0 ? <Text dimColor> › </Text> : null}
          {i === at ? (
            <Text bold inverse>{` ${text.phases[name]} `}</Text>
          ) : (
            <Text dimColor={i > at}>
              {text.phases[name]}
              {i < at ? ' ✓' : ''}
            </Text>
          )}
        </Text>
      ))}
    </Text>
  );
}
