import { useSyncExternalStore } from 'react';
import type { CallDesk } from '../call/desk.js';
import type { CallSnapshot } from '../call/session.js';

/** The desk's current call snapshot; re-renders only when the machine moves. */
export function useDeskSnapshot(desk: CallDesk): CallSnapshot {
  return useSyncExternalStore(
    (listener) => desk.subscribe(listener),
    () => desk.snapshot,
  );
}
