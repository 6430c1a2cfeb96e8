/**
 * A Chinese pack's lines in the service codes' punctuation: full-width （，。：；！？（）） beside
 * Chinese text. ASCII punctuation there is not wrong enough to refuse the pack (it still loads and
 * works), so `ringside packs check` says it as a warning, where it stands.
 */
import { LineCounter, parseDocument, visit } from 'yaml';
import type { Language, Words } from '../language.js';
import type { PackProblem } from './problems.js';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const FULL_WIDTH: Readonly<Record<string, string>> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？', '(': '（', ')': '）' };

const WORDS: Words<{ warning: (ascii: string, full: string) => string }> = {
  'zh-CN': { warning: (ascii, full) => `提醒：中文里用了半角标点“${ascii}”。话术按服务规范用全角标点，请改为“${full}”（话术包照常可用）。` },
  en: { warning: (ascii, full) => `warning: ASCII "${ascii}" beside Chinese text; Chinese lines take full-width punctuation as the service codes write it: write "${full}" (the pack still loads).` },
};

/** An ASCII punctuation mark with Han right before or after it, in the text of a pack's scalars. */
export function asciiPunctuationBesideChinese(text: string, file: string, language: Language): PackProblem[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0 || !String(doc.get('language') ?? '').startsWith('zh')) return [];
  const found: PackProblem[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range || !HAN.test(node.value)) return;
      // The scalar as written: a plain or quoted value never holds YAML's own punctuation.
      const [start, end] = node.range;
      for (let at = start; at < end; at++) {
        const mark = text[at]!;
        const full = FULL_WIDTH[mark];
        if (!full || !(HAN.test(text[at - 1] ?? '') || HAN.test(text[at + 1] ?? ''))) continue;
        const { line, col } = counter.linePos(at);
        found.push({ file, line, column: col, message: WORDS[language].warning(mark, full) });
      }
    },
  });
  return found;
}
