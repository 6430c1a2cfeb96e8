/**
 * The desk's language, and the numbers, counts, days and durations said in it.
 *
 * Every sentence a person reads follows the desk: the `language` setting; when that is `auto`,
 * the language of the pack the desk works with (`--pack`, else the `pack` setting, else the
 * default pack); when no pack can be looked at, LC_ALL / LC_MESSAGES / LANG; and Chinese when
 * nothing says. JSON keys, codes and rule IDs are the interface and stay as they are.
 *
 * Finding the pack's language must not cost a read command its start-up: the pack is not parsed,
 * only the top of its file is looked at for `language:` (the full loader, when a command loads the
 * pack anyway, is the one that checks it).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];
/** The language when nothing says: Ringside is made for Chinese hotlines first. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const DEFAULT_PACK = 'zh-CN-general';

/** Words in each language, checked by the compiler to have the same shape. */
export type Words<T> = Readonly<Record<Language, T>>;

/** A locale name (zh_CN.UTF-8, en_GB, zh-TW) as one of the desk's languages, or null when it says neither. */
export function languageOfLocale(locale: string | undefined): Language | null {
  if (!locale) return null;
  if (/^zh(?:[_-]|$)/i.test(locale)) return 'zh-CN';
  if (/^en(?:[_-]|$)/i.test(locale)) return 'en';
  return null;
}

/** The locale's language as the environment says it (LC_ALL over LC_MESSAGES over LANG, as gettext reads them). */
function environmentLanguage(env: NodeJS.ProcessEnv): Language | null {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return languageOfLocale(locale);
}

/** `language:` at the top level of a pack file's first lines; null when it is not there as plain text. */
function packFileLanguage(text: string): Language | null {
  const found = /^language:[ \t]*['"]?([A-Za-z-]+)['"]?[ \t]*(?:#.*)?$/m.exec(text.slice(0, 4096));
  return found ? (LANGUAGES.find((language) => language === found[1]) ?? null) : null;
}

/**
 * The first `bytes` of a regular file, or null (missing, a folder, a pipe, unreadable): only ever
 * a hint, so never a wait (opened without blocking) and never more than asked.
 */
function headOf(path: string, bytes = 4096): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return null;
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Where a pack id's file is looked for: the built-in folder by its id (zh-CN-general → zh-CN/general.yaml), then the user's packs. */
function packFileCandidates(pack: string, builtinDir: string | null, userPacks: string): string[] {
  if (/\.ya?ml$/i.test(pack)) return [pack];
  const candidates: string[] = [];
  const builtin = /^(zh-CN|en)-(.+)$/.exec(pack);
  if (builtin && builtinDir) candidates.push(join(builtinDir, builtin[1]!, `${builtin[2]}.yaml`));
  if (/^[a-zA-Z][a-zA-Z0-9-]*$/.test(pack)) candidates.push(join(userPacks, `${pack}.yaml`), join(userPacks, `${pack}.yml`));
  return candidates;
}

/** A pack's language as its file says it at the top, or null when it cannot be told without loading it. */
export function packLanguage(pack: string, where: { builtinDir: string | null; userPacks: string }): Language | null {
  for (const file of packFileCandidates(pack, where.builtinDir, where.userPacks)) {
    const head = headOf(file);
    if (head === null) continue;
    if (!new RegExp(`^id:[ \\t]*['"]?${pack.replace(/[^a-zA-Z0-9-]/g, '')}['"]?[ \\t]*(?:#.*)?$`, 'm').test(head) && !/\.ya?ml$/i.test(pack)) continue;
    const language = packFileLanguage(head);
    if (language) return language;
  }
  // A built-in id names its language first (zh-CN-general, en-hotline) even if the file is not found.
  return LANGUAGES.find((language) => pack.startsWith(`${language}-`)) ?? null;
}

/** The settings file's `language` and `pack`, read raw: a read command must not pay for conf to say which words to use. */
function settingsHints(configDir: string): { language?: string; pack?: string } {
  try {
    const text = headOf(join(configDir, 'config.json'), 256 * 1024);
    if (text === null) return {};
    const data = JSON.parse(text) as unknown;
    if (typeof data !== 'object' || data === null) return {};
    const { language, pack } = data as Record<string, unknown>;
    return { language: typeof language === 'string' ? language : undefined, pack: typeof pack === 'string' ? pack : undefined };
  } catch {
    return {};
  }
}

export interface DeskLanguageSources {
  /** The settings folder (config.json). */
  config: string;
  userPacks: string;
  builtinDir: string | null;
  env: NodeJS.ProcessEnv;
  /** `--pack` as given to this command. */
  pack?: string;
  /** The language of the pack a command has already loaded (it outranks the hints above). */
  loadedPack?: Language;
}

/** The desk's language: the setting, then the pack's, then the locale, then Chinese. */
export function deskLanguage(sources: DeskLanguageSources): Language {
  const settings = settingsHints(sources.config);
  const set = LANGUAGES.find((language) => language === settings.language);
  if (set) return set;
  if (sources.loadedPack) return sources.loadedPack;
  const pack = sources.pack ?? settings.pack ?? DEFAULT_PACK;
  return packLanguage(pack, sources) ?? environmentLanguage(sources.env) ?? DEFAULT_LANGUAGE;
}

// ---- Saying numbers in the desk's language (Intl, so each reads as that language writes it). ----

const locale = (language: Language) => (language === 'zh-CN' ? 'zh-CN' : 'en-GB');

/** Each formatter made once per language and options: making one costs far more than using it (a report formats thousands). */
const made = new Map<string, Intl.NumberFormat | Intl.PluralRules | Intl.DateTimeFormat>();
function once<T extends Intl.NumberFormat | Intl.PluralRules | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let formatter = made.get(key) as T | undefined;
  if (!formatter) made.set(key, (formatter = make()));
  return formatter;
}

/** A whole number as the language groups it: 12,345 (both write it so). */
export const formatNumber = (language: Language, value: number, digits = 0) =>
  once(`number ${language} ${digits}`, () => new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits, minimumFractionDigits: digits })).format(value);

/** A share as a percentage: 0.934 → 93.4%. */
export const formatPercent = (language: Language, share: number, digits = 1) =>
  once(`percent ${language} ${digits}`, () => new Intl.NumberFormat(locale(language), { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits })).format(share);

/**
 * A count with its noun as the language says it: English picks the singular or plural form by
 * Intl.PluralRules ("1 call", "2 calls"); Chinese has one form and a measure word ("1 通来电").
 */
export function formatCount(language: Language, count: number, forms: { one: string; other: string }): string {
  const form = once(`plural ${language}`, () => new Intl.PluralRules(locale(language))).select(count) === 'one' ? forms.one : forms.other;
  return `${formatNumber(language, count)} ${form}`;
}

/**
 * A duration as a person reads it: "1 min 05 s" / "1分05秒", "45 s" / "45秒", "2 h 03 min" /
 * "2小时03分". (Intl.DurationFormat is not in Node 20; units come from Intl.NumberFormat.)
 */
export function formatDuration(language: Language, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (language === 'zh-CN') {
    if (hours > 0) return `${hours}小时${two(minutes)}分`;
    if (minutes > 0) return `${minutes}分${two(seconds)}秒`;
    return `${seconds}秒`;
  }
  if (hours > 0) return `${hours} h ${two(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${two(seconds)} s`;
  return `${seconds} s`;
}

/** A day as the language writes it: 2026年12月5日 / 5 Dec 2026. */
export const formatDay = (language: Language, ms: number) =>
  once(`day ${language}`, () => new Intl.DateTimeFormat(locale(language), { year: 'numeric', month: 'short', day: 'numeric' })).format(ms);

// ---- The language sentences from deep inside are said in. ----

/**
 * A pack's problems, a setting refused, a folder left unread: sentences made far from the command
 * that prints them (and the same ones for every command), so they are not handed a language each.
 * The command line says the desk's language here once, when it starts (src/cli.ts `main`); until
 * then, Chinese, as on a fresh desk.
 */
let sentenceLanguage: Language = DEFAULT_LANGUAGE;

/** Sentences made from now on are said in `language`. */
export function speak(language: Language): void {
  sentenceLanguage = language;
}

/** The language sentences are said in now. */
export const spoken = (): Language => sentenceLanguage;

/** The words of the language sentences are said in now. */
export const said = <T>(words: Words<T>): T => words[sentenceLanguage];
