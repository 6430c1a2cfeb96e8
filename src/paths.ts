/**
 * Where Ringside keeps its files. RINGSIDE_HOME=DIR puts everything under DIR (tests, several
 * agents on one machine); otherwise the platform's usual config and data folders.
 */
import { join } from 'node:path';
import envPaths from 'env-paths';
import { trustFolder } from './safe-fs.js';

export interface RingsidePaths {
  /** RINGSIDE_HOME, when it is set. */
  home: string | null;
  /** Settings (config.json) and the user's own packs (packs/) and scenarios (scenarios/). */
  config: string;
  /** The call log database. */
  data: string;
  userPacks: string;
  /** The user's own training scenarios. */
  userScenarios: string;
  database: string;
}

export function ringsidePaths(env: NodeJS.ProcessEnv = process.env): RingsidePaths {
  const home = env.RINGSIDE_HOME;
  const base = home
    ? { config: join(home, 'config'), data: join(home, 'data') }
    : envPaths('ringside', { suffix: '' });
  return {
    home: home || null,
    config: base.config,
    data: base.data,
    userPacks: join(base.config, 'packs'),
    userScenarios: join(base.config, 'scenarios'),
    database: join(base.data, 'calls.sqlite'),
  };
}

/**
 * RINGSIDE_HOME, when it is there, must be a folder of the user's that no one else can change
 * (reached through a link or not): another user could swap its settings, packs or call log.
 * Ringside's own folders are checked where they are used (settings, call log, packs); a
 * RINGSIDE_HOME not there yet is made 0700 with the first folder Ringside makes in it.
 */
export function checkHome(paths: RingsidePaths): void {
  if (paths.home) trustFolder(paths.home, 'home');
}
