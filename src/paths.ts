/**
 * Where Ringside keeps its files. RINGSIDE_HOME=DIR puts everything under DIR (tests, several
 * agents on one machine); otherwise the platform's usual config and data folders.
 */
import { join } from 'node:path';
import envPaths from 'env-paths';

export interface RingsidePaths {
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
    config: base.config,
    data: base.data,
    userPacks: join(base.config, 'packs'),
    userScenarios: join(base.config, 'scenarios'),
    database: join(base.data, 'calls.sqlite'),
  };
}
