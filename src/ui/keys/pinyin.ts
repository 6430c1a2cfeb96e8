/**
 * The readings of reason labels in pinyin, for the reason filter (`jdcx`, `jindu` → 进度查询).
 * pinyin-pro holds a dictionary of some 300 KB that takes tens of milliseconds to load: it is
 * imported only when a call reaches wrap-up (the screen starts without it, read commands never
 * load it), and each label is read once.
 */
import type { Spell } from './menus.js';

let spell: Spell | null = null;
let loading: Promise<Spell> | null = null;

/** The speller, once loaded (null until then: the filter matches characters and codes only). */
export function loadedSpell(): Spell | null {
  return spell;
}

/** Loads pinyin-pro once; the speller reads each character's readings (all of a polyphone's), without tones, ü as v. */
export function loadSpell(): Promise<Spell> {
  loading ??= import('pinyin-pro').then(({ pinyin }) => {
    const read = new Map<string, readonly (readonly string[])[]>();
    const readingsOf = (char: string): readonly string[] => {
      if (!/\p{Script=Han}/u.test(char)) return [char.toLowerCase()];
      const readings = pinyin(char, { multiple: true, type: 'array', toneType: 'none', v: true }).map((r) => r.toLowerCase());
      return readings.length > 0 ? [...new Set(readings)] : [char];
    };
    spell = (text: string) => {
      let readings = read.get(text);
      if (!readings) {
        readings = [...text].map(readingsOf);
        // Bounded: the labels of the packs in use, and a few call-back results.
        if (read.size < 5_000) read.set(text, readings);
      }
      return readings;
    };
    return spell;
  });
  return loading;
}
