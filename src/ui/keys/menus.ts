/** Pure helpers for the context pane's menus: caller fields and reason search. */
import { BUILTIN_FIELDS } from '../../pack/builtin.js';
import type { Pack, ReasonGroup } from '../../pack/schema.js';
import type { ScreenText } from '../text.js';

/** What the right-hand pane shows: chosen by phase, or a menu the agent opened. */
export type Pane = 'auto' | 'followUps' | 'branches' | 'fields' | 'lines' | 'help' | 'map' | 'confirmQuit' | 'confirmHangUp' | 'score' | 'scorecard';

export interface CallerField {
  id: string;
  label: string;
  hotkey: string;
}

/** The built-in caller fields then the pack's own, each with its digit. */
export function callerFields(pack: Pack, text: ScreenText): CallerField[] {
  return [
    ...BUILTIN_FIELDS.map((field) => ({ id: field.id, hotkey: field.hotkey, label: text.fieldNames[field.id] ?? field.id })),
    ...pack.fields.map((field) => ({ id: field.id, hotkey: field.hotkey, label: field.label })),
  ];
}

/** Reasons whose label, code or group contains the typed text (case-insensitive). */
export function matchingReasons(groups: readonly ReasonGroup[], filter: string): { code: string; label: string }[] {
  const needle = filter.trim().toLowerCase();
  return groups.flatMap((group) =>
    group.reasons
      .filter((reason) => !needle || `${reason.label} ${reason.code} ${group.group}`.toLowerCase().includes(needle))
      .map((reason) => ({ code: reason.code, label: `${reason.label}` })),
  );
}
