/**
 * The screen's one key handler, and nothing else: Ink's keys and the terminal's pastes go to the
 * screen driver (which reduces them, src/ui/keys/reduce.ts, and carries out what they ask); the screen's
 * own state comes back through one subscription.
 */
import { useApp, useInput } from 'ink';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ScreenUi } from './reduce.js';
import { ScreenDriver, type ScreenSources } from './screen-driver.js';
import type { Paste } from './terminal-input.js';

export type ScreenInputs = Omit<ScreenSources, 'exit'> & {
  readonly pastes?: { onPaste(listener: (paste: Paste) => void): () => void };
};

/** How long a flash stays up unless the call moves first. */
const FLASH_MS = 5000;

export function useScreen({ pastes, ...sources }: ScreenInputs): { ui: ScreenUi; driver: ScreenDriver } {
  const { exit } = useApp();
  // One driver for the screen's life: it keeps the screen's state between renders and bursts.
  const [driver] = useState(() => new ScreenDriver({ ...sources, exit }));
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
