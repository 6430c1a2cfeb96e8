import { Message } from './Overlays.js';
import type { NoticeRow } from '../rows.js';

/** The phone's and the call's notices under the line (src/ui/rows.ts says which). */
export function PhoneRows({ rows }: { readonly rows: readonly NoticeRow[] }) {
  return (
    <>
      {rows.map((row) => (
        <Message key={row.key} color={row.color} text={row.text} />
      ))}
    </>
  );
}
