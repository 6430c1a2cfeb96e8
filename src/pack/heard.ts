/**
 * The checks on a pack's `heard:` lists (the ways agents commonly say a step or a ready line).
 * Live assist ticks a step when what the agent said matches its line or one of these, so an entry
 * must be the step's own: long enough that words said in passing do not match it, said once, and
 * not what another line that may be up at the same time says. Unknown {variables} are checked
 * with the lines' (src/pack/load.ts).
 */
import { said, type Words } from '../language.js';
import { PHASES } from '../../machines/phases.js';
import { describePath, type Path } from './problems.js';
import type { Pack, Step } from './schema.js';

/** The fewest characters (Chinese) or words (English) an entry has of its own, besides its {variables}. */
export const HEARD_SHORTEST = { 'zh-CN': 3, en: 2 } as const;

interface Owner {
  kind: 'step' | 'line';
  id: string;
  path: Path;
  line: string;
  heard: readonly string[];
  /** The phase it is said in; null: any phase (the hold's steps and the ready lines). */
  scope: string | null;
  /** A ready line's steps: it says them in other words, so sharing their words is no clash. */
  says: readonly string[];
  /** Judged by who hangs up first: nothing said ticks it, and its line is a note, not words. */
  hangUp: boolean;
}

type What = 'line' | 'part' | 'entry';

const WORDS: Words<{
  hangUp: string;
  short: (entry: string, fewest: number, unit: 'characters' | 'words') => string;
  twice: (entry: string, first: number) => string;
  ownLine: (entry: string) => string;
  owner: (kind: Owner['kind'], id: string) => string;
  what: Record<What, string>;
  clash: (entry: string, what: string, owner: string, where: string) => string;
}> = {
  'zh-CN': {
    hangUp: '以客户先挂机为准的步骤不靠说话勾选；请删掉 heard',
    short: (entry, fewest, unit) => `“${entry}”太短，分辨不出：一种说法除 {变量} 外至少要有 ${fewest} ${unit === 'words' ? '个词' : '个字'}（更短的会被随口的一句话误勾）`,
    twice: (entry, first) => `“${entry}”已是这一步的第 ${first} 种说法；请删掉重复的`,
    ownLine: (entry) => `“${entry}”就是这一步的台词，本来就听得出；请删掉它`,
    owner: (kind, id) => (kind === 'step' ? `步骤 "${id}"` : `常用语 "${id}"`),
    what: { line: '台词', part: '台词中的一段', entry: '一种说法' },
    clash: (entry, what, owner, where) => `“${entry}”与${owner}（${where}）的${what}相同，两者可能同时待说：听到它分不清说的是哪一句；请只写这一步才说的话`,
  },
  en: {
    hangUp: 'a step judged by the hang-up is not ticked by what is said; remove "heard"',
    short: (entry, fewest, unit) => `"${entry}" is too short to tell apart: a way to say it needs at least ${fewest} ${unit} besides its {variables} (fewer would be ticked by words said in passing)`,
    twice: (entry, first) => `"${entry}" is already way ${first} of this step; remove the repeat`,
    ownLine: (entry) => `"${entry}" is this step's line itself, which is heard anyway; remove it`,
    owner: (kind, id) => (kind === 'step' ? `step "${id}"` : `ready line "${id}"`),
    what: { line: 'the line', part: 'a part of the line', entry: 'a way to say' },
    clash: (entry, what, owner, where) => `"${entry}" is the same as ${what} of ${owner} (${where}), which may be up at the same time: hearing it, one could not tell which was said; keep to words only this step says`,
  },
};

/** Text as it is compared: no punctuation, symbols or spaces (what a recogniser leaves out), one case. */
const plain = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}\s]/gu, '');

/** Where a line leaves the words to the agent (关于您咨询的问题，……). */
const PLACEHOLDER = /…|\.\.\./u;

/** The pieces a recogniser hears a line in: split at its pauses. */
const pieces = (line: string) => line.split(/[，。！？；：、,.!?;:…（）()]+/u).map(plain).filter((piece) => piece !== '');

/** How much of an entry is its own (not a {variable}): characters in Chinese, words in English. */
function ownLength(entry: string, language: Pack['language']): number {
  const fixed = entry.replace(/\{[^{}]*\}/g, ' ');
  if (language === 'en') return fixed.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return [...plain(fixed)].length;
}

/** Every step and ready line of the pack, with the phase it is said in. */
function owners(pack: Pack): Owner[] {
  const step = (s: Step, path: Path, scope: string | null): Owner => ({ kind: 'step', id: s.id, path, line: s.line, heard: s.heard, scope, says: [], hangUp: s.judge === 'hangUp' });
  const all: Owner[] = [];
  for (const phase of PHASES) {
    // Answering is the branch's steps: the call may move to any branch, so they are one phase.
    if (phase === 'answering') pack.branches.forEach((branch, b) => branch.steps.forEach((s, i) => all.push(step(s, ['branches', b, 'steps', i], phase))));
    else pack.phases[phase].forEach((s, i) => all.push(step(s, ['phases', phase, i], phase)));
  }
  (['ask', 'back', 'checkBack'] as const).forEach((key) => all.push(step(pack.hold[key], ['hold', key], null)));
  for (const phase of PHASES) pack.callback?.phases[phase].forEach((s, i) => all.push(step(s, ['callback', 'phases', phase, i], `callback.${phase}`)));
  pack.lines.forEach((line, i) => all.push({ kind: 'line', id: line.id, path: ['lines', i], line: line.line, heard: line.heard, scope: null, says: line.steps, hangUp: false }));
  return all;
}

const together = (a: Owner, b: Owner) =>
  a !== b && (a.scope === null || b.scope === null || a.scope === b.scope) && !a.says.includes(b.id) && !b.says.includes(a.id);

/** Each problem of the pack's `heard:` lists, at the entry it is about. */
export function heardProblems(pack: Pack): { path: Path; message: string }[] {
  const words = said(WORDS);
  const found: { path: Path; message: string }[] = [];
  const all = owners(pack);
  // Who says what, by its plain text: a pack from outside may have thousands of steps, and each
  // entry is looked up here rather than compared with every other step.
  const sayers = new Map<string, { owner: number; what: What; entry?: number }[]>();
  const says = (text: string, owner: number, what: What, entry?: number) => {
    if (text === '') return;
    const list = sayers.get(text) ?? sayers.set(text, []).get(text)!;
    list.push({ owner, what, entry });
  };
  all.forEach((owner, o) => {
    if (owner.hangUp) return;
    const line = plain(owner.line);
    says(line, o, 'line');
    for (const piece of new Set(pieces(owner.line))) if (piece !== line) says(piece, o, 'part');
    owner.heard.forEach((entry, i) => says(plain(entry), o, 'entry', i));
  });
  all.forEach((owner, o) => {
    if (owner.heard.length === 0) return;
    if (owner.hangUp) {
      found.push({ path: [...owner.path, 'heard'], message: words.hangUp });
      return;
    }
    owner.heard.forEach((entry, i) => {
      const at: Path = [...owner.path, 'heard', i];
      const text = plain(entry);
      const fewest = HEARD_SHORTEST[pack.language];
      if (ownLength(entry, pack.language) < fewest) return found.push({ path: at, message: words.short(entry, fewest, pack.language === 'en' ? 'words' : 'characters') });
      const first = owner.heard.findIndex((earlier) => plain(earlier) === text);
      if (first < i) return found.push({ path: at, message: words.twice(entry, first + 1) });
      // A line with a gap for the agent's own words (……) is more than its fixed part: that part may be an entry.
      if (!PLACEHOLDER.test(owner.line) && plain(owner.line) === text) return found.push({ path: at, message: words.ownLine(entry) });
      // Two entries alike are said once, at the later; a line alike, at every entry. The first
      // other in the pack's order (as they were listed), its line before its pieces and entries.
      const clash = sayers.get(text)?.find((other) => other.owner !== o && (other.what !== 'entry' || other.owner < o) && together(owner, all[other.owner]!));
      if (!clash) return undefined;
      const other = all[clash.owner]!;
      const where = describePath(clash.entry === undefined ? other.path : [...other.path, 'heard', clash.entry]);
      return found.push({ path: at, message: words.clash(entry, words.what[clash.what], words.owner(other.kind, other.id), where) });
    });
  });
  return found;
}
