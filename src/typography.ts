/**
 * Chinese typography on a terminal: where a line may break (the kinsoku rule: no line starts with
 * closing punctuation nor ends with opening punctuation), and the punctuation that joins a label
 * to what follows it (full-width after Chinese, ASCII after English).
 */
import { stringWidth } from './width.js';

/** Punctuation that never starts a line: it belongs to the text before it. */
const CLOSING = new Set([...'，。、；：！？）」』”’〕】》〉〗｝］…‥·・％,.;:!?)]}%']);
/** Punctuation that never ends a line: it belongs to the text after it. */
const OPENING = new Set([...'（「『“‘〔【《〈〖｛［([{']);

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;
/** Han, kana, hangul and full-width punctuation: each is a place a line may break beside. */
const WIDE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af\uff00-\uffef“”‘’…]/u;

/** Made when text is first broken, not when the module loads (a segmenter costs milliseconds to make). */
let segmenter: Intl.Segmenter | undefined;
const graphemes = () => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/** Whether text ends in Chinese (a character or its punctuation), so what joins it is Chinese too. */
export function endsChinese(text: string): boolean {
  const last = [...text.trimEnd()].at(-1) ?? '';
  return HAN.test(last) || (WIDE.test(last) && !'“”‘’…'.includes(last));
}

/** A label's colon: `下一句：…` after Chinese, `Next: …` after English. */
export function colonAfter(label: string): string {
  return endsChinese(label) ? '：' : ': ';
}

/**
 * Words someone says or types, quoted as the language around them quotes: `「姓张。」` on a
 * Chinese screen, `“Harris.”` on an English one. `by` is the desk's language, or a label of the
 * sentence the quote stands in (its language is the screen's).
 */
export function quoted(text: string, by: string): string {
  const chinese = by === 'zh-CN' || (by !== 'en' && endsChinese(by));
  return chinese ? `「${text}」` : `“${text}”`;
}

/** A line typed and sent with Enter: `「张先生」⏎` on a Chinese screen, `“Mr Harris” ⏎` on an English one. */
export function typedLine(text: string, by: string): string {
  const quote = quoted(text, by);
  return quote.startsWith('「') ? `${quote}⏎` : `${quote} ⏎`;
}

/** Words in brackets after a label: `下一步（.）` after Chinese, `Next (.)` after English. */
export function bracketedAfter(label: string, inner: string): string {
  return endsChinese(label) ? `（${inner}）` : ` (${inner})`;
}

/** A value still to be given, shown in its place: `〔公司？〕`, `〔Company?〕`. */
export function asked(label: string): string {
  return `〔${label}${endsChinese(label) ? '？' : '?'}〕`;
}

/**
 * The pieces a line may break between: a run of Latin letters, digits and their punctuation
 * (a word, a number, a rule ID like R-OPEN-NOW, a time 12:30) is one piece; a run of spaces is
 * one; every Chinese character or full-width mark is one.
 */
function pieces(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let spaces = '';
  for (const { segment } of graphemes().segment(text)) {
    if (segment === ' ') {
      if (word) out.push(word), (word = '');
      spaces += segment;
    } else {
      if (spaces) out.push(spaces), (spaces = '');
      if (WIDE.test(segment) || stringWidth(segment) !== 1) {
        if (word) out.push(word), (word = '');
        out.push(segment);
      } else word += segment;
    }
  }
  if (word) out.push(word);
  if (spaces) out.push(spaces);
  return out;
}

const isSpace = (piece: string | undefined) => piece !== undefined && piece.trim() === '' && piece !== '';
const startsClosing = (piece: string | undefined) => piece !== undefined && CLOSING.has([...piece][0]!) && (WIDE.test(piece) || piece.length === 1);
const endsOpening = (piece: string | undefined) => piece !== undefined && OPENING.has([...piece].at(-1)!) && (WIDE.test(piece) || piece.length === 1);
const widthOf = (line: readonly string[]) => line.reduce((sum, piece) => sum + stringWidth(piece), 0);

/**
 * Text broken into rows of at most `width` columns, as a terminal shows it: English at spaces
 * (a word longer than a row is cut), Chinese between any two characters, except that a row never
 * starts with closing punctuation （，。、）」…） nor ends with opening punctuation （「“…）: the
 * character before is carried over to the next row with it. Line breaks in the text are kept.
 */
export function wrapText(text: string, width: number): string[] {
  const columns = Math.max(2, Math.floor(width));
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, columns));
}

function wrapParagraph(text: string, width: number): string[] {
  const queue = pieces(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let used = 0;
  for (let i = 0; i < queue.length; i++) {
    const piece = queue[i]!;
    const pieceWidth = stringWidth(piece);
    if (isSpace(piece)) {
      // Spaces where a row breaks are the break itself.
      if (row.length === 0 && rows.length > 0) continue;
      if (used + pieceWidth <= width) {
        row.push(piece);
        used += pieceWidth;
      }
      continue;
    }
    if (pieceWidth > width) {
      // A word longer than a row: cut it by characters.
      queue.splice(i, 1, ...[...graphemes().segment(piece)].map((s) => s.segment));
      i--;
      continue;
    }
    if (used + pieceWidth <= width) {
      row.push(piece);
      used += pieceWidth;
      continue;
    }
    let next = [piece];
    while (isSpace(row.at(-1))) row.pop();
    // Kinsoku: carry characters over until the next row starts well and this one ends well,
    // as long as both stay within the width and this row keeps something.
    while (row.length > 1 && (startsClosing(next[0]) || endsOpening(row.at(-1)))) {
      const carried = [row.at(-1)!, ...next];
      if (widthOf(carried) > width) break;
      row = row.slice(0, -1);
      next = carried;
      while (isSpace(row.at(-1)) && row.length > 1) row.pop();
    }
    rows.push(row);
    row = next;
    used = widthOf(row);
  }
  rows.push(row);
  return rows.map((pieces) => pieces.join('').trimEnd());
}
