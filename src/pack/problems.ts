/**
 * What is wrong with a pack or scenario file, said as `file:line:column: sentence` (or `file:
 * sentence` when the problem is the whole file, such as its size). The CLI prints a PackError's
 * message and exits 2.
 */
import { printable, UserError } from '../errors.js';

export interface PackProblem {
  file: string;
  /** Absent when the problem is the file as a whole (too large, not a file). */
  line?: number;
  column?: number;
  message: string;
}

export class PackError extends UserError {
  constructor(readonly problems: PackProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'PackError';
  }
}

/**
 * A problem as a line for the terminal. The file's name is anyone's (a pack folder may hold a file
 * named with an escape sequence), and a message may quote the file (the YAML parser's do): both
 * are shown printable.
 */
export function formatProblem(problem: PackProblem): string {
  const at = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  return `${printable(problem.file)}${at}: ${printable(problem.message)}`;
}

/** Line and column (1-based, in characters as the YAML parser counts them) of `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    start = at + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Where in a pack's YAML a value is: keys and list indexes from the top. */
export type Path = readonly (string | number)[];

/** A path as the pack's author reads it: `phases.greeting[1].heard[0]`. */
export function describePath(path: Path): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}
