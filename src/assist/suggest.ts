/**
 * What the screen suggests from the caller's words (the cues the transcript heard): the complaint
 * branch, the escalation line (R-ESCALATE), find-a-person, and the "could you repeat" line
 * (R-REPEAT) when the agent has said nothing for a while after the caller asked something.
 * Suggestions only: the key is named, the agent chooses. A suggestion goes once it is acted on,
 * or after SUGGEST_FOR_MS. Pure: the call's context and the time.
 */
import { currentBranch } from '../../machines/steps.js';
import type { CallContext, CallerCue } from '../../machines/call.js';
import type { Pack } from '../pack/schema.js';
import { PAGE_SIZE } from '../ui/keys/menus.js';
import type { KeyNames } from '../ui/text.js';

export interface Suggestion {
  readonly kind: 'complaint' | 'manager' | 'person' | 'repeat';
  /** The keys that take it: the branch menu and its hotkey, or the ready lines and the line's digit. */
  readonly keys: string;
  readonly label: string;
}

/** How long a suggestion stays when nothing is done about it. */
export const SUGGEST_FOR_MS = 30_000;
/** How long the agent may say nothing after a caller's question before the repeat line is offered (the `repeatAfterSeconds` setting). */
export const DEFAULT_REPEAT_AFTER_MS = 8_000;

function lastCue(ctx: CallContext, cue: CallerCue): number | null {
  return ctx.speech.cues.filter((entry) => entry.cue === cue).at(-1)?.at ?? null;
}

/** The keys of a ready line: the lines pane, then its digit on its page. */
function lineKeys(pack: Pack, id: string, keys: KeyNames): string {
  const index = pack.lines.findIndex((line) => line.id === id);
  return index < PAGE_SIZE ? `${keys('lines')} ${index + 1}` : keys('lines');
}

export function suggestions(ctx: CallContext, now: number, keys: KeyNames, repeatAfterMs = DEFAULT_REPEAT_AFTER_MS): Suggestion[] {
  if (ctx.answeredAt === null || ctx.endedAt !== null || ctx.callback) return [];
  const pack = ctx.pack;
  const out: Suggestion[] = [];
  const fresh = (at: number | null): at is number => at !== null && now - at < SUGGEST_FOR_MS;
  const saidSince = (rule: string, at: number) =>
    ctx.readyLines.some((said) => said.at >= at && pack.lines.find((line) => line.id === said.id)?.rules.includes(rule));
  const branchNow = currentBranch(ctx)?.kind;
  const offerBranch = (cue: CallerCue, kinds: readonly string[]) => {
    const branch = pack.branches.find((entry) => entry.kind === kinds[0]);
    if (branch && fresh(lastCue(ctx, cue)) && !kinds.includes(branchNow ?? '')) {
      out.push({ kind: cue as Suggestion['kind'], keys: `${keys('branches')} ${branch.hotkey}`, label: branch.label });
    }
  };
  offerBranch('complaint', ['complaint']);
  const asked = lastCue(ctx, 'manager');
  const escalate = pack.lines.find((line) => line.rules.includes('R-ESCALATE'));
  if (escalate && fresh(asked) && !saidSince('R-ESCALATE', asked)) out.push({ kind: 'manager', keys: lineKeys(pack, escalate.id, keys), label: escalate.label });
  offerBranch('person', ['findPerson', 'takeMessage']);
  const question = ctx.speech.questionAt;
  const repeat = pack.lines.find((line) => line.rules.includes('R-REPEAT'));
  if (repeat && question !== null && (ctx.speech.agentAt ?? -Infinity) < question && !saidSince('R-REPEAT', question)) {
    const waited = now - question;
    if (waited >= repeatAfterMs && waited < repeatAfterMs + SUGGEST_FOR_MS) out.push({ kind: 'repeat', keys: lineKeys(pack, repeat.id, keys), label: repeat.label });
  }
  return out;
}

/** When the suggestions shown change by time alone (one appears or lapses), in ms from now; null: never. */
export function untilSuggestionsChange(ctx: CallContext, now: number, repeatAfterMs = DEFAULT_REPEAT_AFTER_MS): number | null {
  if (ctx.answeredAt === null || ctx.endedAt !== null) return null;
  const edges = [
    ...ctx.speech.cues.map((cue) => cue.at + SUGGEST_FOR_MS),
    ...(ctx.speech.questionAt !== null ? [ctx.speech.questionAt + repeatAfterMs, ctx.speech.questionAt + repeatAfterMs + SUGGEST_FOR_MS] : []),
  ].filter((edge) => edge > now);
  return edges.length > 0 ? Math.min(...edges) - now : null;
}
