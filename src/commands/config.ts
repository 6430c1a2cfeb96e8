/** `ringside config`: list, get, set, unset and path of the settings. */
import { printable } from '../errors.js';
import { loadConf, SETTING_NAMES, SettingsStore } from '../config.js';
import type { CommandContext } from './context.js';

export async function configCommand({ io, paths }: CommandContext, action: 'list' | 'get' | 'set' | 'unset' | 'path', name = '', value = ''): Promise<void> {
  // Through conf, as it writes them: every value it shows is one it would keep.
  await loadConf();
  const settings = () => new SettingsStore(paths.config, true);
  switch (action) {
    case 'list': {
      const all = settings().all as unknown as Record<string, unknown>;
      for (const setting of SETTING_NAMES) io.out(`${setting} = ${JSON.stringify(all[setting] ?? null)}\n`);
      return;
    }
    case 'get': {
      const current = settings().get(name);
      io.out(`${typeof current === 'string' ? current : JSON.stringify(current ?? null)}\n`);
      return;
    }
    case 'set':
      settings().set(name, value);
      io.out(`${name} = ${JSON.stringify(settings().get(name))}\n`);
      return;
    case 'unset':
      settings().reset(name);
      io.out(`${name} = ${JSON.stringify(settings().get(name) ?? null)}\n`);
      return;
    case 'path':
      io.out(`settings  ${printable(settings().path)}\npacks     ${printable(paths.userPacks)}\ncall log  ${printable(paths.database)}\n`);
  }
}
