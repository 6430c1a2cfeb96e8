/** Text measured by display width: a Chinese character takes two columns. */
import stringWidth from 'string-width';

/** Cuts text to at most `width` columns, ending in … when it had to cut. */
export function fitWidth(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  const chars = [...text];
  let out = '';
  for (const char of chars) {
    if (stringWidth(out + char) > width - 1) break;
    out += char;
  }
  return `${out}…`;
}

/** Fits text to exactly `width` columns: cut, or padded with spaces. */
export function padDisplay(text: string, width: number): string {
  const fitted = fitWidth(text, width);
  return fitted + ' '.repeat(Math.max(0, width - stringWidth(fitted)));
}

export { stringWidth };
