/**
 * The first run of the live screen: with no agent number set, it asks who the agent is (and the
 * company or hotline the pack leaves to the desk) before the first call, writes the answers to the
 * settings at once, all or nothing, and hands them back for the screen that follows. Left (Esc on
 * the first question, Ctrl-C, a signal), it writes nothing and says how to set them later.
 */
import { constants } from 'node:os';
import { render, type Instance } from 'ink';
import { loadConf, SettingsStore, type BoundedSetting, type Settings } from '../config.js';
import { UserError } from '../errors.js';
import type { Language } from '../language.js';
import type { Pack } from '../pack/schema.js';
import type { RingsidePaths } from '../paths.js';
import { FirstRun } from '../ui/FirstRun.js';
import { firstRunAnswers, firstRunQuestions, firstRunWords, type FirstRun as Run } from '../ui/first-run.js';
import { bracketedPaste, guardStdin } from '../ui/keys/terminal-input.js';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * The settings the live screen goes on with: as they are when the agent number is set, else with
 * the setup's answers (written to the settings file first).
 */
export async function settingsAfterFirstRun(options: { paths: RingsidePaths; settings: Settings; pack: Pack }): Promise<Settings> {
  const { paths, settings, pack } = options;
  const asked = firstRunQuestions(pack, settings);
  if (!asked) return settings;
  // The desk's language, as the live screen will speak it.
  const language: Language = settings.language === 'auto' ? pack.language : settings.language;
  const answers = await ask(asked, settings, language);
  if (!answers) throw new UserError(firstRunWords(language).left(asked), 1);
  await loadConf();
  new SettingsStore(paths.config, true).setWho(answers);
  return { ...settings, ...answers };
}

/** The setup on screen until every question is answered (the answers) or it is left (null). */
async function ask(asked: readonly BoundedSetting[], settings: Settings, language: Language): Promise<Partial<Record<BoundedSetting, string>> | null> {
  const end: { run: Run | null } = { run: null };
  let stoppedBy: NodeJS.Signals | null = null;
  let instance: Instance | null = null;
  const stop = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    instance?.unmount();
  };
  // Read as the live screen reads the terminal: keys as keys, a paste as one paste.
  const input = guardStdin(process.stdin);
  const pasteMarks = bracketedPaste(process.stdout);
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  try {
    instance = render(<FirstRun asked={asked} settings={settings} language={language} pastes={input} onEnd={(run) => (end.run = run)} />, {
      stdin: input.stdin,
      // Ctrl-C leaves the setup as Esc does, through the setup: nothing is half written.
      exitOnCtrlC: false,
    });
    await instance.waitUntilExit();
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    pasteMarks.off();
  }
  if (stoppedBy) throw new UserError(`${firstRunWords(language).stopped(stoppedBy)}${firstRunWords(language).left(asked)}`, 128 + constants.signals[stoppedBy]);
  return end.run ? firstRunAnswers(end.run) : null;
}
