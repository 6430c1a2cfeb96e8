import { Text } from 'ink';
import { SCREEN_PHASES, type Phase } from '../../../machines/phases.js';
import type { ScreenText } from '../text.js';

/** 问候 ✓ › 信息收集 › [解答] › 结束 › 话后 */
export function PhaseBar({ phase, text }: { readonly phase: Phase | 'wrapUp' | null; readonly text: ScreenText }) {
  const at = phase ? SCREEN_PHASES.indexOf(phase) : -1;
  return (
    <Text wrap="truncate-end">
      {' '}
      {SCREEN_PHASES.map((name, i) => (
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
