/**
 * What a caller's words suggest, by the words a caller uses for it: thanks and goodbye (the
 * reciprocation is due, R-RECIPROCATE), a complaint (the complaint branch), a manager (the
 * escalation line, R-ESCALATE), someone by name (find a person), a question (if the agent says
 * nothing for a while after it, perhaps they did not catch it: R-REPEAT). Lists of words, so a
 * trainer can say why a cue came. Pure; the text is normalized first (simplified characters, no
 * punctuation: src/assist/match.ts).
 */
import type { CallerCue } from '../../machines/speech.js';
import { normalizeSpeech } from './match.js';

type Language = 'zh-CN' | 'en';

/** Words that say each cue, as normalizeSpeech writes them (simplified, lower case, no spaces for Chinese). */
const CUE_WORDS: Record<Exclude<CallerCue, 'question'>, Record<Language, readonly string[]>> = {
  thanks: { 'zh-CN': ['谢谢', '多谢', '感谢', '谢了', '麻烦你了', '麻烦您了', '辛苦了'], en: ['thank you', 'thanks', 'cheers', 'much appreciated', 'appreciate it'] },
  goodbye: { 'zh-CN': ['再见', '拜拜', '就这样吧', '先这样', '回头见'], en: ['goodbye', 'bye', 'have a nice day', 'have a good day'] },
  complaint: {
    'zh-CN': ['投诉', '举报', '不满意', '太差了', '差评', '曝光', '欺骗', '骗人', '坑人', '乱收费', '态度太差', '什么破', '消协', '工信部', '12315'],
    en: ['complain', 'complaint', 'unacceptable', 'ridiculous', 'rip off', 'ripped off', 'disgraceful', 'worst service'],
  },
  manager: {
    'zh-CN': ['经理', '领导', '主管', '负责人', '上级', '你们老板', '管事的', '班长'],
    en: ['manager', 'supervisor', 'someone in charge', 'your boss', 'speak to someone senior'],
  },
  person: {
    'zh-CN': ['找一下', '帮我找', '我找', '转给', '转接', '转一下', '在吗', '在不在', '叫一下'],
    en: ['speak to', 'talk to', 'put me through', 'looking for', 'is there', 'transfer me'],
  },
};

/** Words that look like thanks and are not, taken out before the cues are looked for. */
const NOT_THANKS: Record<Language, readonly string[]> = { 'zh-CN': ['不用谢', '不谢'], en: ['no thanks', 'no thank you'] };

/** The cue words as normalizeSpeech writes them, worked out once a language. */
const normalizedCues = new Map<Language, Record<string, string[]>>();
function cueWords(language: Language): Record<string, string[]> {
  let words = normalizedCues.get(language);
  if (!words) {
    words = Object.fromEntries(Object.entries(CUE_WORDS).map(([cue, byLanguage]) => [cue, byLanguage[language].map((word) => normalizeSpeech(word, language))]));
    normalizedCues.set(language, words);
  }
  return words;
}

/**
 * A caller asking something: a question mark as written, a question's last particle (吗, 呢), or
 * these words. Not 什么 alone: "什么破服务" is no question.
 */
const QUESTION_WORDS: Record<Language, readonly string[]> = {
  'zh-CN': ['多少', '怎么', '为什么', '什么时候', '哪里', '哪儿', '哪个', '几点', '几号', '能不能', '可不可以', '是不是', '有没有', '行不行', '对不对', '要不要'],
  en: ['what', 'how', 'why', 'when', 'where', 'who', 'which', 'can you', 'could you', 'is it', 'do you', 'does', 'will you', 'are you'],
};
const QUESTION_END: Record<Language, RegExp> = { 'zh-CN': /[吗呢][啊呀]?$/u, en: /$^/ };

/** English words are matched as whole words; Chinese ones anywhere (there are no spaces to match on). */
function says(normalized: string, word: string, language: Language): boolean {
  if (language === 'zh-CN') return normalized.includes(word);
  return ` ${normalized} `.includes(` ${word} `);
}

/**
 * The cues in what the caller said. Thanks are not a cue inside a complaint's sarcasm ("谢谢你们
 * 啊，这么久都没人管" is still a complaint); both come, and the agent chooses.
 */
export function callerCues(text: string, language: Language): CallerCue[] {
  // A polite refusal ("no thanks", "不用谢") is not thanks to answer in kind.
  const normalized = NOT_THANKS[language].reduce((said, words) => said.replaceAll(words, ' '), normalizeSpeech(text, language));
  const found: CallerCue[] = [];
  for (const [cue, words] of Object.entries(cueWords(language))) {
    if (words.some((word) => says(normalized, word, language))) found.push(cue as CallerCue);
  }
  const asked = /[?？]\s*$/.test(text) || QUESTION_END[language].test(normalized) || QUESTION_WORDS[language].some((word) => says(normalized, word, language));
  if (asked) found.push('question');
  return found;
}

/** Polite words in the agent's speech (R-POLITE): the first one found, or null. */
const POLITE_WORDS: Record<Language, readonly string[]> = {
  'zh-CN': ['您', '请', '谢谢', '对不起', '不好意思', '麻烦', '劳驾'],
  en: ['please', 'thank you', 'thanks', 'sorry', 'excuse me', 'would you mind'],
};

export function politeWord(text: string, language: Language): string | null {
  const normalized = normalizeSpeech(text, language);
  return POLITE_WORDS[language].find((word) => says(normalized, normalizeSpeech(word, language), language)) ?? null;
}

/** Only a listening sound (嗯, 对, 好的, uh-huh): the agent is not taking the turn. */
const BACKCHANNELS: Record<Language, ReadonlySet<string>> = {
  'zh-CN': new Set(['', '嗯', '嗯嗯', '对', '对对', '对对对', '是', '是的', '好', '好的', '哦', '噢', '啊', '明白', '了解', '行']),
  en: new Set(['', 'yes', 'yeah', 'yep', 'right', 'ok', 'okay', 'mm', 'mhm', 'uh huh', 'i see', 'sure']),
};

export function isBackchannel(text: string, language: Language): boolean {
  return BACKCHANNELS[language].has(normalizeSpeech(text, language));
}
