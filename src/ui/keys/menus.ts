/** Pure helpers for the context pane's menus: caller fields and reason search. */
import { BUILTIN_FIELDS } from '../../pack/builtin.js';
import type { Pack, ReasonGroup } from '../../pack/schema.js';
import type { ScreenText } from '../text.js';

/** What the right-hand pane shows: chosen by phase, or a menu the agent opened. */
export type Pane = 'auto' | 'followUps' | 'branches' | 'fields' | 'lines' | 'help' | 'map' | 'confirmQuit' | 'confirmHangUp' | 'score' | 'scorecard';

export interface CallerField {
  id: string;
  label: string;
  hotkey: string;
}

/** The built-in caller fields then the pack's own, each with its digit. */
export function callerFields(pack: Pack, text: ScreenText): CallerField[] {
  return [
    ...BUILTIN_FIELDS.map((field) => ({ id: field.id, hotkey: field.hotkey, label: text.fieldNames[field.id] ?? field.id })),
    ...pack.fields.map((field) => ({ id: field.id, hotkey: field.hotkey, label: field.label })),
  ];
}

/** Each character of a text with its readings in pinyin (a character that is not Chinese reads as itself, lower-case). */
export type Spell = (text: string) => readonly (readonly string[])[];

/** Reasons shown on one page of the picker, each picked by its digit. */
export const PAGE_SIZE = 9;

/**
 * Whether `needle` (lower-case, no spaces) spells a run of `text`'s characters in pinyin: each
 * character by its initial or its whole reading (any of a polyphone's), the last one also by the
 * start of a reading, so `jdcx`, `jinducx` and `jindu` all find 进度查询.
 */
export function spells(readings: readonly (readonly string[])[], needle: string): boolean {
  if (!needle) return true;
  // From character `at`, with the needle read up to `pos`: can the rest of the needle be spelled?
  const from = (at: number, pos: number): boolean => {
    if (pos === needle.length) return true;
    const here = readings[at];
    if (!here) return false;
    return here.some((reading) => {
      const rest = needle.slice(pos);
      if (reading.startsWith(rest)) return true;
      if (rest.startsWith(reading) && from(at + 1, pos + reading.length)) return true;
      return reading.length > 1 && rest[0] === reading[0] && from(at + 1, pos + 1);
    });
  };
  return readings.some((_, at) => from(at, 0));
}

/** A reason the filter found, with the group it belongs to. */
export interface MatchedReason {
  readonly code: string;
  readonly label: string;
  readonly group: string;
}

/**
 * Reasons whose label, code or group contains the typed text (case-insensitive), or whose label
 * or group the typed letters spell in pinyin (with `spell`; without it, characters and codes only).
 */
export function matchingReasons(groups: readonly ReasonGroup[], filter: string, spell: Spell | null = null): MatchedReason[] {
  const needle = filter.trim().toLowerCase();
  const letters = needle.replace(/\s+/g, '');
  const pinyinOf = (text: string) => spell !== null && /^[a-z]+$/.test(letters) && spells(spell(text), letters);
  return groups.flatMap((group) =>
    group.reasons
      .filter((reason) => !needle || `${reason.label} ${reason.code} ${group.group}`.toLowerCase().includes(needle) || pinyinOf(reason.label) || pinyinOf(group.group))
      .map((reason) => ({ code: reason.code, label: reason.label, group: group.group })),
  );
}

/** How many pages a list of `count` entries takes, and `page` kept within them. */
export function pageWithin(count: number, page: number): { readonly page: number; readonly pages: number } {
  const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
  return { page: Math.min(Math.max(0, page), pages - 1), pages };
}
