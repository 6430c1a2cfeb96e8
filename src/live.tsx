/**
 * Starts the live screen: loads the pack, opens the call log, builds the desk and renders the
 * App. Imported lazily by the CLI, so commands without a screen never load Ink or React.
 */
import { render } from 'ink';
import React from 'react';
import { CallDesk } from './call/desk.js';
import { resolveThresholds, systemClock } from './call/session.js';
import { settingsThresholds, type Settings } from './config.js';
import { findPack } from './pack/load.js';
import type { Pack } from './pack/schema.js';
import type { RingsidePaths } from './paths.js';
import { CallStore } from './store/db.js';
import { App } from './ui/App.js';
import { applyOverrides, type Language } from './ui/keymap.js';

/** Whether a time of day (minutes since midnight) falls in "HH:MM-HH:MM", which may wrap midnight. */
export function inNightHours(range: string | undefined, now: Date): boolean {
  if (!range) return false;
  const [from, to] = range.split('-').map((part) => {
    const [h, m] = part.split(':').map(Number);
    return h! * 60 + m!;
  }) as [number, number];
  const minutes = now.getHours() * 60 + now.getMinutes();
  return from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

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
  if (open && open.packId !== pack.id) {
    try {
      pack = findPack(open.packId, paths.userPacks);
    } catch {
      // Its pack is gone: the call stays in the log as it is, and this pack is used.
    }
  }
  const desk = new CallDesk({
    pack,
    thresholds: resolveThresholds(pack, settingsThresholds(settings)),
    strict: options.strict ?? settings.strict,
    clock: systemClock,
    store,
    agent: { name: settings.agentName, number: settings.agentNumber },
    holidays: settings.holidays,
  });
  const language = screenLanguage(settings, pack);
  const agentNumber = settings.agentNumber || pack.variables.agentNumber || '';
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
      night={inNightHours(pack.nightHours, new Date())}
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
