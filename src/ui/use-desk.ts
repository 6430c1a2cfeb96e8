/**
 * The screen reads the desk and the phone through one subscribed snapshot each: immutable
 * objects made anew on each change (CallDesk.getSnapshot, PhoneFollower.getSnapshot).
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { CallDesk, DeskView } from '../call/desk.js';
import type { PhoneFollower, PhoneView } from '../softphone/follow.js';

/** The desk as the screen reads it; re-renders when any of it changes. */
export function useDeskView(desk: CallDesk): DeskView {
  const subscribe = useCallback((listener: () => void) => desk.subscribe(listener), [desk]);
  const read = useCallback(() => desk.getSnapshot(), [desk]);
  return useSyncExternalStore(subscribe, read);
}

/** The phone as the screen reads it, or null without a phone. */
export function usePhoneView(phone: PhoneFollower | undefined): PhoneView | null {
  const subscribe = useCallback((listener: () => void) => phone?.subscribe(listener) ?? (() => {}), [phone]);
  const read = useCallback(() => phone?.getSnapshot() ?? null, [phone]);
  return useSyncExternalStore(subscribe, read);
}
