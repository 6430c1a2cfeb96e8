import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyOverrides, KEYMAP, keyTableMarkdown } from '../../src/ui/keys/keymap.js';

describe('keymap', () => {
  it('the README key table is the one made from the keymap', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- keys:start -->') + 20, readme.indexOf('<!-- keys:end -->')).trim();
    expect(table).toBe(keyTableMarkdown());
  });

  it('no two commands share a key', () => {
    const seen = new Map<string, string>();
    for (const entry of KEYMAP) {
      for (const key of entry.keys) {
        expect([key, seen.get(key)]).toEqual([key, undefined]);
        seen.set(key, entry.command);
      }
    }
  });

  it('an override replaces a command\'s keys', () => {
    expect(applyOverrides({ hold: 'p' }).find((e) => e.command === 'hold')!.keys).toEqual(['p']);
  });
});
