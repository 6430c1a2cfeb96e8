/**
 * A start reads a settings file as Ringside writes it without conf's schema (src/config.ts
 * settingsAsWritten); anything else goes through conf, which says what is wrong. The hand check
 * must never take what conf's schema refuses: each file below is read both ways.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConf, settingsAsWritten, SettingsStore } from '../../src/config.js';
import { tempDir } from '../helpers.js';

let cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((fn) => fn()));

/** A settings folder holding `file` (0700, as Ringside makes it); none: no file yet. */
function folderWith(file?: unknown): string {
  const dir = tempDir();
  cleanup.push(dir.remove);
  const config = join(dir.path, 'config');
  mkdirSync(config, { mode: 0o700 });
  if (file !== undefined) writeFileSync(join(config, 'config.json'), typeof file === 'string' ? file : JSON.stringify(file), { mode: 0o600 });
  return config;
}

async function asConfReads(dir: string): Promise<unknown> {
  await loadConf();
  try {
    return new SettingsStore(dir, true).all;
  } catch (error) {
    return error;
  }
}

describe('settings read without conf', () => {
  it('a file as Ringside writes it reads the same as through conf', async () => {
    const defaults = folderWith();
    expect(settingsAsWritten(defaults)).toBeNull(); // no file yet
    const written = await asConfReads(defaults); // conf writes the defaults in, as a first start does
    expect(settingsAsWritten(defaults)).toEqual(written);
    const full = { ...(written as object), agentName: '张三', agentNumber: 'A1024', ringSeconds: 12.5, holidays: ['2024-02-29'], keys: { hold: 'p', answer: 'space' }, softphone: 'baresip://127.0.0.1:4444', perPack: { 'zh-CN-telecom': { company: '天天公司' }, 'en-hotline': { company: 'Tian Tian', hotline: 'Help Line' } } };
    const dir = folderWith(full);
    expect(settingsAsWritten(dir)).toEqual(full);
    expect(await asConfReads(dir)).toEqual(full);
  });

  it.each([
    ['a day not on the calendar', { holidays: ['2026-02-30'] }],
    ['an escape sequence in a name', { hotline: '\u001b]0;x\u0007' }],
    ['a line break in a name', { company: 'a\nb' }],
    ['a key that is a digit', { keys: { hold: '5' } }],
    ['a key for no command', { keys: { nothing: 'p' } }],
    ['no seconds', { ringSeconds: 0 }],
    ['more than a day', { ringSeconds: 86_401 }],
    ['seconds as text', { ringSeconds: '12' }],
    ['a language Ringside has not', { language: 'fr' }],
    ['true as text', { strict: 'true' }],
    ['a per-pack company with an escape sequence', { perPack: { 'zh-CN-telecom': { company: '\u001b]0;x\u0007' } } }],
    ['an empty per-pack company', { perPack: { 'zh-CN-telecom': { company: '' } } }],
    ['a per-pack setting that is not company or hotline', { perPack: { 'zh-CN-telecom': { agentName: '王敏' } } }],
    ['a per-pack name that is not a pack id', { perPack: { '../x': { company: '天天公司' } } }],
    ['a per-pack pack id past its bound', { perPack: { [`p${'x'.repeat(100)}`]: { company: '天天公司' } } }],
    ['per-pack settings for more packs than the bound', { perPack: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, { company: 'x' }])) }],
    ['a per-pack entry that is text', { perPack: { 'zh-CN-telecom': '天天公司' } }],
    ['per-pack as a list', { perPack: [] }],
    ['an agent number the lines cannot say (not letters and digits)', { agentNumber: '10-24' }],
    ['an agent number past its bound', { agentNumber: '1'.repeat(17) }],
    ['a name past its bound', { agentName: '王'.repeat(41) }],
    ['a company past its bound', { company: '天'.repeat(61) }],
    ['a per-pack hotline past its bound', { perPack: { 'zh-CN-telecom': { hotline: '热'.repeat(61) } } }],
  ])('%s: read through conf, which refuses it', async (_what, change) => {
    const base = await asConfReads(folderWith());
    const dir = folderWith({ ...(base as object), ...change });
    expect(settingsAsWritten(dir)).toBeNull();
    expect(await asConfReads(dir)).toBeInstanceOf(Error);
  });

  it('a file conf would add to (a setting missing, not JSON) is left to conf', async () => {
    expect(settingsAsWritten(folderWith('{ "agentName": '))).toBeNull();
    expect(settingsAsWritten(folderWith('{}'))).toBeNull();
    expect(settingsAsWritten(folderWith({ agentName: 'x' }))).toBeNull();
  });
});
