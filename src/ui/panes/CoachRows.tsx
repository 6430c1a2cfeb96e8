/** A training run or a replay beside the call: the caller's words, and in step mode what the next step does and why. */
import { Text } from 'ink';
import { fitWidth } from '../../width.js';
import { Message } from './Overlays.js';
import type { CallerRow, StepRow } from '../rows.js';

export function CallerRows({ rows, columns }: { readonly rows: readonly CallerRow[]; readonly columns: number }) {
  return (
    <>
      {rows.map((row) =>
        row.key === 'brief' || !row.dim ? (
          <Message key={row.key} color="magenta" text={row.text} />
        ) : (
          <Text key={row.key} color="magenta" dimColor={row.dim}>
            {' '}
            {fitWidth(row.text, columns - 2)}
          </Text>
        ),
      )}
    </>
  );
}

export function StepRows({ rows, columns }: { readonly rows: readonly StepRow[]; readonly columns: number }) {
  return (
    <>
      {rows.map((row) =>
        row.wrap ? (
          // What comes next, with the trainer's tip: it wraps rather than lose the tip.
          <Message key={row.key} color={row.color ?? 'white'} text={`${row.label} ▸ ${row.text}`} />
        ) : (
          <Text key={row.key} color={row.color} dimColor={!row.color}>
            {' '}
            {fitWidth(row.label ? `${row.label} ▸ ${row.text}` : `   ${row.text}`, columns - 2)}
          </Text>
        ),
      )}
    </>
  );
}
