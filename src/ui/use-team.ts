/** The team link as the screen reads it: one subscribed snapshot (src/team/desk-team.ts), or null without a team. */
import { useCallback, useSyncExternalStore } from 'react';
import type { TeamView } from '../team/desk-team.js';
import type { UploadStatus } from '../team/upload.js';
import type { ScreenText } from './text.js';

export function useTeamView(team: TeamView | undefined): UploadStatus | null {
  const subscribe = useCallback((listener: () => void) => team?.subscribe(listener) ?? (() => {}), [team]);
  const read = useCallback(() => team?.getSnapshot() ?? null, [team]);
  return useSyncExternalStore(subscribe, read);
}

/** The header's label for the team link: full, short for a crowded header, and its color. */
export function teamLabel(status: UploadStatus, text: ScreenText): { text: string; short: string; color: string } {
  const words = text.teamLink;
  if (status.state === 'connected') return { text: words.connected, short: words.connected, color: 'green' };
  if (status.state === 'connecting') return { text: words.connecting, short: words.offlineShort(status.waiting), color: 'yellow' };
  return { text: words.offline(status.waiting), short: words.offlineShort(status.waiting), color: 'red' };
}
