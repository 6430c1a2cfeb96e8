/**
 * The screen's one key handler, and nothing else: Ink's keys and the terminal's pastes go to the
 * screen driver (which reduces them, src/ui/keys/reduce.ts, and carries out what they ask); the screen's
 * own state comes back through one subscription.
 */
import { useApp, useInput } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { CallDesk } from '../../call/desk.js';
import type { PhoneFollower } from '../../softphone/follow.js';
import type { FollowUp } from '../../store/store.js';
import type { ScreenRun } from '../../train/run.js';
import type { ScreenUi } from './reduce.js';
import type { KeyCommand, Language } from './keymap.js';
import { ScreenDriver } from './screen-driver.js';
import type { Paste } from './terminal-input.js';

export interface ScreenInputs {
  readonly desk: CallDesk;
  readonly keymap: readonly KeyCommand[];
  readonly language: Language | 'auto';
  readonly run?: ScreenRun;
  readonly phone?: PhoneFollower;
  readonly followUps?: () => FollowUp[];
  readonly pastes?: { onPaste(listener: (paste: Paste) => void): () => void };
}

/** How long a flash stays up unless the call moves first. */
const FLASH_MS = 5000;

export function useScreen({ desk, keymap, language, run, phone, followUps, pastes }: ScreenInputs): { ui: ScreenUi; driver: ScreenDriver } {
  const { exit } = useApp();
  // One driver for the screen's life: it keeps the screen's state between renders and bursts.
  const [driver] = useState(() => new ScreenDriver({ desk, keymap, language, run, phone, followUps, exit }));
  useEffect(() => driver.start(), [driver]);
  const ui = useSyncExternalStore(driver.subscribe, driver.getUi);
  useInput((input, key) => driver.input(input, key));
  useEffect(() => pastes?.onPaste((paste) => driver.paste(paste)), [pastes, driver]);
  useEffect(() => {
    if (!ui.flash) return;
    const timer = setTimeout(() => driver.clearFlash(), FLASH_MS);
    return () => clearTimeout(timer);
  }, [ui.flash, driver]);
  return { ui, driver };
}
