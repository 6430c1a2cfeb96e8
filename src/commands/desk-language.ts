/**
 * The desk's language for a command (src/language.ts decides it): the settings file and the top
 * of one pack file are read, never the pack parser or the settings' schema, so a read command
 * starts as fast as before.
 */
import { deskLanguage, type Language } from '../language.js';
import { builtinPackDir } from '../pack/builtin.js';
import type { CommandContext } from './context.js';

/** `pack`: the --pack given; `loadedPack`: the language of the pack the command loaded anyway. */
export function languageOf({ io, paths }: CommandContext, { pack, loadedPack }: { pack?: string; loadedPack?: Language } = {}): Language {
  let builtinDir: string | null;
  try {
    builtinDir = builtinPackDir();
  } catch {
    builtinDir = null; // the built-in packs are missing: the pack id still names its language
  }
  return deskLanguage({ config: paths.config, userPacks: paths.userPacks, builtinDir, env: io.env, pack, loadedPack });
}
