/**
 * The live screen's rows and columns, counted: what is left for the checklist once the header,
 * the line, the notices, the questions and the keys have theirs. Pure arithmetic on display
 * widths (a Chinese character takes two columns).
 */
import { wrapText } from '../typography.js';
import { fitWidth } from '../width.js';
import type { CallerRow, StepRow } from './rows.js';
import type { LineView } from './view.js';

export interface LayoutInput {
  readonly columns: number;
  readonly rows: number;
  readonly line: LineView;
  readonly callerRows: readonly CallerRow[];
  readonly stepRows: readonly StepRow[];
  /** Texts of the rows that wrap under the line (notices, the store's problem). */
  readonly wrappedTexts: readonly string[];
  /** Rows of one line each besides (warnings, a question's second row, the editor's notice). */
  readonly singleRows: number;
}

export interface Layout {
  readonly leftWidth: number;
  readonly rightWidth: number;
  /** A short terminal: the checklist gives up its rows first. */
  readonly short: boolean;
  /** The current line, cut (…) to the room left for it. */
  readonly current: string | null;
  readonly checklistRows: number;
}

/** Rows a text takes when it wraps at the screen's width less its indent (a row or two more than it may: never fewer). */
export function wrappedRows(text: string, columns: number): number {
  return wrapText(text, Math.max(10, columns - 3)).length;
}

export function layout({ columns, rows, line, callerRows, stepRows, wrappedTexts, singleRows }: LayoutInput): Layout {
  // The brief and the latest caller line wrap: count their rows.
  const coachRows =
    callerRows.reduce((sum, row) => sum + (row.key === 'brief' || !row.dim ? wrappedRows(row.text, columns) : 1), 0) +
    stepRows.reduce((sum, row) => sum + (row.wrap ? wrappedRows(`${row.label} ▸ ${row.text}`, columns) : 1), 0);
  const leftWidth = Math.min(48, Math.floor((columns - 1) * 0.55));
  const rightWidth = columns - leftWidth - 3;
  // Header, phase bar, three rules, the keys and the flash or editor row, and the rows above.
  const aroundLine = coachRows + wrappedTexts.reduce((sum, text) => sum + wrappedRows(text, columns), 0) + 8 + singleRows;
  // A short terminal (a window shrunk beside the phone) keeps the header, the line and the keys;
  // the checklist gives up its rows first. A line longer than the room left is cut (…).
  const short = rows < 16;
  const lineWidth = Math.max(10, columns - 4);
  const lineRoom = Math.max(1, rows - aroundLine - (short ? 0 : 3) - 1 - (line.hint ? 1 : 0) - (line.next ? 1 : 0));
  const current = line.current ? fitWidth(line.current, lineRoom * lineWidth - 2 * lineRoom) : null;
  const lineRows = (line.hint ? 1 : 0) + (current ? wrapText(current, lineWidth).length : 0) + (line.next ? 1 : 0);
  const otherRows = aroundLine + Math.max(short ? 0 : 3, lineRows);
  const checklistRows = Math.max(short ? 0 : 3, rows - otherRows - 1);
  return { leftWidth, rightWidth, short, current, checklistRows };
}
