/** `ringside config`: list, get, set, unset and path of the settings. */
import { printable, quoted, UserError } from '../errors.js';
import { loadConf, SETTING_NAMES, SettingsStore } from '../config.js';
import { shownUrl } from '../team/url.js';
import { DESK_VARIABLES, deskValue, sourceSentence, type DeskVariable } from '../pack/desk-values.js';
import { listPacks, loadPackFile } from '../pack/load.js';
import { said, type Words } from '../language.js';
import { padDisplay } from '../width.js';
import type { CommandContext } from './context.js';

const WORDS: Words<{
  perPackLine: (id: string, variable: string, value: string, source: string) => string;
  packOnlyWithGetSet: string;
  packOnlyDeskVariables: (name: string) => string;
  noPack: (pack: string, ids: string[]) => string;
  eachPack: string;
  paths: { settings: string; packs: string; log: string };
}> = {
  'zh-CN': {
    perPackLine: (id, variable, value, source) => `${id}：${variable} = ${value}（${source}）\n`,
    packOnlyWithGetSet: '--pack 只用于 config get、set 和 unset。',
    packOnlyDeskVariables: (name) => `--pack 只用于 ${DESK_VARIABLES.join(' 或 ')}，不用于 ${quoted(name)}。什么都没有改动。`,
    noPack: (pack, ids) => `没有话术包 ${quoted(pack)}。话术包有：${ids.join('、')}（ringside packs 会列出）。什么都没有改动。`,
    eachPack: '各话术包的台词怎么说：\n',
    paths: { settings: '设置', packs: '话术包', log: '通话记录' },
  },
  en: {
    perPackLine: (id, variable, value, source) => `${id}: ${variable} = ${value} (${source})\n`,
    packOnlyWithGetSet: '--pack goes with config get, set and unset.',
    packOnlyDeskVariables: (name) => `--pack goes with ${DESK_VARIABLES.join(' or ')} only, not ${quoted(name)}. Nothing was changed.`,
    noPack: (pack, ids) => `There is no pack ${quoted(pack)}. Packs: ${ids.join(', ')} (ringside packs lists them). Nothing was changed.`,
    eachPack: "What each pack's lines say:\n",
    paths: { settings: 'settings', packs: 'packs', log: 'call log' },
  },
};

export async function configCommand({ io, paths }: CommandContext, action: 'list' | 'get' | 'set' | 'unset' | 'path', name = '', value = '', pack?: string): Promise<void> {
  // Through conf, as it writes them: every value it shows is one it would keep.
  await loadConf();
  const words = said(WORDS);
  const settings = () => new SettingsStore(paths.config, true);
  const isDeskVariable = (DESK_VARIABLES as readonly string[]).includes(name);
  // What each pack's lines say for the company and hotline, and where it comes from.
  const perPackLines = (names: readonly DeskVariable[], only?: string) => {
    const all = settings().all;
    for (const [id, variables] of packVariables(paths.userPacks)) {
      if (only !== undefined && id !== only) continue;
      for (const variable of names) {
        const { value: said, source } = deskValue(variable, { id, variables }, all);
        io.out(words.perPackLine(id, variable, JSON.stringify(said), sourceSentence(variable, source)));
      }
    }
  };
  if (pack !== undefined) {
    if (action === 'list' || action === 'path') throw new UserError(words.packOnlyWithGetSet);
    if (!isDeskVariable) throw new UserError(words.packOnlyDeskVariables(name));
    const ids = [...packVariables(paths.userPacks).keys()];
    if (!ids.includes(pack)) throw new UserError(words.noPack(pack, ids));
    if (action === 'set') settings().setForPack(name, pack, value);
    if (action === 'unset') settings().setForPack(name, pack, null);
    perPackLines([name as DeskVariable], pack);
    return;
  }
  switch (action) {
    case 'list': {
      const all = settings().all as unknown as Record<string, unknown>;
      for (const setting of SETTING_NAMES) io.out(`${setting} = ${JSON.stringify(shown(setting, all[setting]) ?? null)}\n`);
      io.out(words.eachPack);
      perPackLines(DESK_VARIABLES);
      return;
    }
    case 'get': {
      const current = shown(name, settings().get(name));
      io.out(`${typeof current === 'string' ? current : JSON.stringify(current ?? null)}\n`);
      if (isDeskVariable) perPackLines([name as DeskVariable]);
      return;
    }
    case 'set':
      settings().set(name, value);
      io.out(`${name} = ${JSON.stringify(shown(name, settings().get(name)))}\n`);
      if (isDeskVariable) perPackLines([name as DeskVariable]);
      return;
    case 'unset':
      settings().reset(name);
      io.out(`${name} = ${JSON.stringify(settings().get(name) ?? null)}\n`);
      if (isDeskVariable) perPackLines([name as DeskVariable]);
      return;
    case 'path':
      io.out(
        [
          [words.paths.settings, settings().path],
          [words.paths.packs, paths.userPacks],
          [words.paths.log, paths.database],
        ]
          .map(([what, path]) => `${padDisplay(what!, 10)}${printable(path!)}\n`)
          .join(''),
      );
  }
}

/** Each usable pack's own variables by id (a pack of yours with a built-in's id wins, as on screen). */
function packVariables(userPacks: string): Map<string, Record<string, string>> {
  const found = new Map<string, Record<string, string>>();
  for (const entry of listPacks(userPacks)) {
    if (entry.error) continue;
    try {
      found.set(entry.id, loadPackFile(entry.file).variables);
    } catch {
      // Changed since it was listed: left out, as the listing leaves out a pack that does not load.
    }
  }
  return found;
}

/** A setting as it may be shown: the team URL without its password (src/team/url.ts). */
function shown(name: string, value: unknown): unknown {
  return name === 'team' && typeof value === 'string' && value !== '' ? shownUrl(value) : value;
}
