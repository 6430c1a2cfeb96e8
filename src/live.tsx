/**
 * Starts the live screen: loads the pack, opens the call log, builds the desk and renders the
 * App. Imported lazily by the CLI, so commands without a screen never load Ink or React.
 */
import { render } from 'ink';
import { CallDesk } from './call/desk.js';
import { resolveThresholds, systemClock } from './call/session.js';
import { settingsThresholds, type Settings } from './config.js';
import { findPack } from './pack/load.js';
import type { Pack } from './pack/schema.js';
import type { RingsidePaths } from './paths.js';
import { CallStore } from './store/db.js';
import { App } from './ui/App.js';
import { applyOverrides, type Language } from './ui/keymap.js';

export function screenLanguage(settings: Settings, pack: Pack): Language {
  return settings.language === 'auto' ? pack.language : settings.language;
}

export async function runLive(options: { paths: RingsidePaths; settings: Settings; packOption?: string; strict?: boolean }): Promise<void> {
  const { paths, settings } = options;
  const store = new CallStore(paths.database);
  // A call left open when Ringside stopped comes back on the pack it was taken on.
  const open = store.findOpenCall();
  const wanted = options.packOption ?? settings.pack;
  let pack = findPack(wanted, paths.userPacks);
  let notice: string | undefined;
  if (open && open.packId !== pack.id) {
    try {
      pack = findPack(open.packId, paths.userPacks);
    } catch {
      notice = `Call ${open.id} was left open on pack "${open.packId}", which is no longer here: it stays in the log as it was.`;
    }
  }
  const agentNumber = settings.agentNumber || pack.variables.agentNumber || '';
  const desk = new CallDesk({
    pack,
    thresholds: resolveThresholds(pack, settingsThresholds(settings)),
    strict: options.strict ?? settings.strict,
    clock: systemClock,
    store,
    agent: { name: settings.agentName, number: agentNumber },
    holidays: settings.holidays,
  });
  const language = screenLanguage(settings, pack);
  const agentLabel = language === 'en'
    ? `agent ${agentNumber} ${settings.agentName}`.trim()
    : `工号 ${agentNumber} ${settings.agentName}`.trim();
  const variables = {
    company: settings.company,
    hotline: settings.hotline,
    agentNumber: settings.agentNumber,
    agentName: settings.agentName,
  };
  const instance = render(
    <App
      desk={desk}
      keymap={applyOverrides(settings.keys)}
      language={language}
      variables={variables}
      agentLabel={agentLabel}
      notice={notice}
    />,
    { maxFps: 30 },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    desk.stop();
    store.close();
  }
}
