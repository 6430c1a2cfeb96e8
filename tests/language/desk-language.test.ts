import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { deskLanguage, formatCount, formatDuration, formatPercent, languageOfLocale } from '../../src/language.js';
import { builtinPackDir } from '../../src/pack/builtin.js';
import { tempDir } from '../helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((undo) => undo()));

function desk(settings?: Record<string, unknown>) {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const config = join(dir.path, 'config');
  mkdirSync(join(config, 'packs'), { recursive: true });
  if (settings) writeFileSync(join(config, 'config.json'), JSON.stringify(settings));
  return { config, userPacks: join(config, 'packs'), builtinDir: builtinPackDir() };
}

describe('the desk language', () => {
  it('is the setting when there is one, whatever the pack and the locale say', () => {
    expect(deskLanguage({ ...desk({ language: 'en', pack: 'zh-CN-general' }), env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(deskLanguage({ ...desk({ language: 'zh-CN', pack: 'en-hotline' }), env: { LANG: 'en_GB.UTF-8' } })).toBe('zh-CN');
  });

  it('follows the pack on auto: the configured one, or --pack', () => {
    expect(deskLanguage({ ...desk({ language: 'auto', pack: 'en-hotline' }), env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(deskLanguage({ ...desk({ language: 'auto', pack: 'en-hotline' }), env: {}, pack: 'zh-CN-telecom' })).toBe('zh-CN');
    // A fresh desk works with the default pack, which is Chinese.
    expect(deskLanguage({ ...desk(), env: { LANG: 'en_US.UTF-8' } })).toBe('zh-CN');
  });

  it("reads a user pack's language from its file", () => {
    const where = desk({ language: 'auto', pack: 'my-pack' });
    writeFileSync(join(where.userPacks, 'my-pack.yaml'), '# mine\nid: my-pack\nlanguage: en\nname: Mine\n');
    expect(deskLanguage({ ...where, env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
  });

  it('falls back to the locale when the pack cannot be looked at, and never waits on a pipe named like one', () => {
    const where = desk({ language: 'auto', pack: 'gone' });
    expect(deskLanguage({ ...where, env: { LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' } })).toBe('en');
    execFileSync('mkfifo', [join(where.userPacks, 'gone.yaml')]);
    expect(deskLanguage({ ...where, env: { LANG: 'en_GB.UTF-8' } })).toBe('en');
    expect(deskLanguage({ ...where, env: {} })).toBe('zh-CN');
  });

  it('reads locales as gettext names them', () => {
    expect(languageOfLocale('zh_CN.UTF-8')).toBe('zh-CN');
    expect(languageOfLocale('en_US')).toBe('en');
    expect(languageOfLocale('C.UTF-8')).toBeNull();
    expect(languageOfLocale('english')).toBeNull();
  });
});

describe('numbers in the desk language', () => {
  it('says counts, shares and durations as each language writes them', () => {
    expect(formatCount('en', 1, { one: 'call', other: 'calls' })).toBe('1 call');
    expect(formatCount('en', 12_345, { one: 'call', other: 'calls' })).toBe('12,345 calls');
    expect(formatCount('zh-CN', 1, { one: '通', other: '通' })).toBe('1 通');
    expect(formatPercent('zh-CN', 0.934)).toBe('93.4%');
    expect(formatDuration('zh-CN', 65_000)).toBe('1分05秒');
    expect(formatDuration('en', 65_000)).toBe('1 min 05 s');
    expect(formatDuration('zh-CN', 7_380_000)).toBe('2小时03分');
  });
});
