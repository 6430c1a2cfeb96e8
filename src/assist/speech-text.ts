/**
 * Speech text as matching reads it: the forms a recogniser may write the same words in brought to
 * one. Both sides go through it (the pack's phrases and what was heard), so a choice made here
 * (十分 read as 一零分, say) never makes the two differ; it only has to be the same every time.
 */
import * as OpenCC from 'opencc-js/t2cn';

export type SpeechLanguage = 'zh-CN' | 'en';

/** Chinese digits, 0 to 9: numbers are read one digit at a time, in these. */
const ZH_DIGITS = '零一二三四五六七八九';
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;

/** Sounds with no meaning that never belong to a word of a script (嗯, 啊, ...): dropped wherever they are. */
const ZH_FILLERS = /[嗯呃噢诶哦啊呀唉哎]/gu;
/** 额 is a filler too, but also half of 金额 and 额度: dropped only when it stands alone or opens a clause not followed by 度/外. */
const ZH_FILLER_E = '额';
const ZH_E_WORD_NEXT = new Set(['度', '外']);
const EN_FILLERS = new Set(['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'ah', 'hmm', 'hm', 'mm']);

/** The converter takes some 60 ms to build (its dictionaries): built on first use, not on import. */
let toSimplified: ((text: string) => string) | null = null;

/** Traditional (Taiwan and Hong Kong forms) to mainland simplified characters. */
export function simplified(text: string): string {
  const convert = (toSimplified ??= OpenCC.ConverterFactory(OpenCC.Locale.from.tw!, OpenCC.Locale.from.hk!, OpenCC.Locale.to.cn!));
  return convert(text);
}

/** Speech text as matching reads it: simplified characters, no punctuation or fillers, numbers as digits read one by one. */
export function normalizeSpeech(text: string, language: SpeechLanguage): string {
  return language === 'en' ? speechWords(text).join(' ') : zhSpeech(text);
}

/** The tokens matching compares: characters for Chinese, words for English. */
export function speechTokens(text: string, language: SpeechLanguage): string[] {
  return language === 'en' ? speechWords(text) : [...zhSpeech(text)];
}

// ---------------------------------------------------------------- Chinese

function zhSpeech(text: string): string {
  let t = simplified(text.normalize('NFKC')).toLowerCase();
  t = t.replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
  t = t.replace(/(\d+(?:\.\d+)?)%/g, '百分之$1');
  t = t.replace(/\d+(?:\.\d+)?/g, (n) => [...n].map((c) => (c === '.' ? '点' : ZH_DIGITS[Number(c)])).join(''));
  t = t.replace(/[零〇一二两三四五六七八九十百千万亿幺]+/gu, zhNumber);
  // Clauses (what punctuation and spaces separate) keep their edges for the fillers, then join.
  return t
    .split(/[^\p{L}\p{N}]+/u)
    .map(withoutZhFillers)
    .join('');
}

function withoutZhFillers(clause: string): string {
  let c = clause.replace(ZH_FILLERS, '');
  if ([...c].every((ch) => ch === ZH_FILLER_E)) return '';
  while (c.startsWith(ZH_FILLER_E) && !ZH_E_WORD_NEXT.has(c[1] ?? '')) c = c.slice(1);
  return c;
}

const ZH_DIGIT_VALUE: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_UNIT_VALUE: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/**
 * A run of Chinese number characters as digits read one by one: 一千零二十四 → 一零二四, 幺零二四 → 一零二四,
 * 两 → 二. A run of digits only is read digit by digit; a run with units (十百千万亿) is read as a value
 * when it is a well-formed number (十 alone is 10; 百, 千, 万 alone, as in 百货 or 千万, are words and stay).
 */
function zhNumber(run: string): string {
  const hasUnit = /[十百千万亿]/u.test(run);
  if (hasUnit) {
    const value = /[零〇一二两三四五六七八九幺]/u.test(run) || run === '十' ? zhValue(run) : null;
    if (value !== null) return [...String(value)].map((d) => ZH_DIGITS[Number(d)]).join('');
  }
  return [...run].map((ch) => (ch in ZH_DIGIT_VALUE ? ZH_DIGITS[ZH_DIGIT_VALUE[ch]!] : ch)).join('');
}

/** The value of a written-out Chinese number, or null when the run is not one (三四十, 万一). */
function zhValue(run: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  let zeroSince = false;
  for (const ch of run) {
    if (ch in ZH_DIGIT_VALUE) {
      const d = ZH_DIGIT_VALUE[ch]!;
      if (d === 0) {
        if (digit !== null) return null;
        zeroSince = true;
        continue;
      }
      if (digit !== null) return null;
      digit = d;
    } else if (ch in ZH_UNIT_VALUE) {
      const unit = ZH_UNIT_VALUE[ch]!;
      if (lastUnit !== 0 && unit >= lastUnit) return null;
      if (digit === null) {
        // 十四 and 二十 say ten with no digit before; 百 and 千 always have one.
        if (unit !== 10 || section !== 0 || total !== 0) return null;
        digit = 1;
      }
      section += digit * unit;
      digit = null;
      lastUnit = unit;
      zeroSince = false;
    } else {
      // 万, 亿: everything so far is counted in them.
      const big = ch === '万' ? 10_000 : 100_000_000;
      const part = section + (digit ?? 0);
      if (part === 0) return null;
      total = (total + part) * big;
      section = 0;
      digit = null;
      lastUnit = 0;
      zeroSince = false;
    }
  }
  if (digit !== null) {
    // 一千二 is 1200 (the digit after a unit, without 零, counts in the next unit down).
    section += lastUnit >= 100 && !zeroSince ? (digit * lastUnit) / 10 : digit;
  }
  const value = total + section;
  // 一亿一亿一亿...: past what a double holds exactly it is not a number anyone says.
  return Number.isSafeInteger(value) ? value : null;
}

// ---------------------------------------------------------------- English

const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

function speechWords(text: string): string[] {
  const t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/\bwon't\b/g, 'will not')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/(\p{L})n't\b/gu, '$1 not')
    .replace(/(\p{L})'(re|ve|ll|m|d)\b/gu, (_, last: string, tail: string) => `${last} ${EN_CONTRACTED[tail]}`)
    .replace(/(\p{L})'(\p{L})/gu, '$1$2')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d+(?:\.\d+)?)%/g, '$1 percent');
  const words: string[] = [];
  for (const [token] of t.matchAll(/\p{L}+|\p{N}+/gu)) {
    if (EN_FILLERS.has(token)) continue;
    if (/^\p{N}+$/u.test(token)) {
      for (const d of token) words.push(/\d/.test(d) ? EN_DIGITS[Number(d)]! : d);
    } else words.push(...(EN_SPLIT[token] ?? [token]));
  }
  return enNumbers(joinCompounds(words));
}

const EN_CONTRACTED: Record<string, string> = { re: 'are', ve: 'have', ll: 'will', m: 'am', d: 'would' };

/**
 * Contractions a recogniser writes without the apostrophe, as the words they stand for (only those
 * that are no word of their own: "ill", "well", "were", "its" stay), and "cannot" as "can not".
 */
const EN_SPLIT: Record<string, readonly string[]> = Object.fromEntries(
  [
    'i am:im', 'you are:youre', 'they are:theyre', 'i have:ive', 'you have:youve', 'we have:weve', 'they have:theyve',
    'do not:dont', 'does not:doesnt', 'did not:didnt', 'is not:isnt', 'are not:arent', 'was not:wasnt', 'were not:werent',
    'could not:couldnt', 'would not:wouldnt', 'should not:shouldnt', 'have not:havent', 'has not:hasnt', 'can not:cant',
    'can not:cannot', 'will not:wont',
  ].map((pair) => {
    const [words, joined] = pair.split(':') as [string, string];
    return [joined, words.split(' ')];
  }),
);

/** Words a recogniser may write in two ("good bye"), as one. */
const EN_COMPOUNDS: ReadonlyMap<string, string> = new Map(
  ['good bye', 'any thing', 'every thing', 'some thing', 'any one', 'some one', 'any body', 'some body', 'every body', 'to day'].map((two) => [two, two.replace(' ', '')]),
);

function joinCompounds(words: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const joined = i + 1 < words.length ? EN_COMPOUNDS.get(`${words[i]} ${words[i + 1]}`) : undefined;
    if (joined) {
      out.push(joined);
      i++;
    } else out.push(words[i]!);
  }
  return out;
}

/**
 * Number words as digit words read one by one: "ten twenty four", "one thousand and twenty four" and
 * "one oh two four" all become "one zero two four". A run of number words is read as numbers one
 * after another (a word that cannot go on the number before starts a new one: "ten" then "twenty four").
 */
function enNumbers(words: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const end = numberRunEnd(words, i);
    if (end === i) {
      out.push(words[i]!);
      i++;
      continue;
    }
    for (const n of readNumbers(words.slice(i, end))) for (const d of String(n)) out.push(EN_DIGITS[Number(d)]!);
    i = end;
  }
  return out;
}

const isNumberWord = (w: string | undefined) => w !== undefined && (w in EN_SMALL || w in EN_TENS || w in EN_SCALES);

/** Where a run of number words starting at `from` ends ("oh" is a zero after a number word, "and" inside a number). */
function numberRunEnd(words: readonly string[], from: number): number {
  let i = from;
  while (i < words.length) {
    const w = words[i]!;
    if (w in EN_SMALL || w in EN_TENS || (w in EN_SCALES && i > from)) i++;
    else if (w === 'oh' && i > from) i++;
    else if (w === 'and' && i > from && words[i - 1]! in EN_SCALES && isNumberWord(words[i + 1]) && !(words[i + 1]! in EN_SCALES)) i++;
    else break;
  }
  return i;
}

function readNumbers(run: readonly string[]): number[] {
  const numbers: number[] = [];
  let total = 0; // the part counted in thousands or millions
  let small = 0; // the part under a thousand
  let last: 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' = 'none';
  const flush = () => {
    if (last !== 'none') numbers.push(total + small);
    total = 0;
    small = 0;
    last = 'none';
  };
  for (const w of run) {
    if (w === 'and') continue;
    if (w === 'zero' || w === 'oh') {
      flush();
      numbers.push(0);
      continue;
    }
    const v = EN_SMALL[w];
    if (v !== undefined) {
      const kind = v < 10 ? 'unit' : 'teen';
      const goesOn = last === 'hundred' || last === 'scale' || (kind === 'unit' && last === 'tens');
      if (!goesOn) flush();
      small += v;
      last = kind;
      continue;
    }
    const tens = EN_TENS[w];
    if (tens !== undefined) {
      if (!(last === 'hundred' || last === 'scale')) flush();
      small += tens;
      last = 'tens';
      continue;
    }
    const scale = EN_SCALES[w]!;
    if (scale === 100) {
      if (last !== 'unit' && last !== 'teen') flush();
      small = (small === 0 ? 1 : small) * 100;
      last = 'hundred';
    } else {
      total += (small === 0 ? 1 : small) * scale;
      small = 0;
      last = 'scale';
    }
  }
  flush();
  return numbers;
}
