import { Box, Text } from 'ink';
import type { CallContext } from '../../../machines/call.js';
import { reasonGroups, ticketKind } from '../../../machines/call.js';
import { currentBranch } from '../../../machines/steps.js';
import type { Pack } from '../../pack/schema.js';
import { callerFields, matchingReasons, PAGE_SIZE, pageWithin, type Pane, type Spell } from '../keys/menus.js';
import { fitWidth } from '../../width.js';
import type { ScreenText } from '../text.js';
import { branchFacts, type ScreenState } from '../view.js';
import { colonAfter } from '../../typography.js';

export interface ContextPaneProps {
  readonly pane: Pane;
  readonly state: ScreenState;
  readonly ctx: CallContext;
  readonly pack: Pack;
  readonly text: ScreenText;
  readonly width: number;
  /** Wrap-up: the reason group opened with its digit, or null for the group list. */
  readonly group: string | null;
  /** Wrap-up: the type-to-filter text, or null when not filtering. */
  readonly filter: string | null;
  /** Wrap-up: the page of the open group or of the filter's matches. */
  readonly page?: number;
  /** The reason filter's pinyin, once loaded. */
  readonly spell?: Spell | null;
}

function Row({ label, value, width }: { readonly label: string; readonly value: string; readonly width: number }) {
  return (
    <Box>
      <Box width={8} flexShrink={0}>
        <Text dimColor>{fitWidth(label, 7)}</Text>
      </Box>
      <Box width={width - 8}>
        <Text>{fitWidth(value, width - 9)}</Text>
      </Box>
    </Box>
  );
}

/** What the agent needs beside the line: caller details, a menu, or the reason picker. */
export function ContextPane({ pane, state, ctx, pack, text, width, group, filter, page = 0, spell = null }: ContextPaneProps) {
  // A call-back's results, else the pack's reason tree.
  const groups = reasonGroups(ctx);
  if (pane === 'branches') {
    const current = currentBranch(ctx)?.id;
    const suggested = current ? pack.branches.find((b) => b.id === current)?.then : undefined;
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>{text.branchesTitle}</Text>
        {pack.branches.map((branch) => (
          <Text key={branch.id} wrap="truncate-end" color={branch.id === suggested ? 'cyan' : undefined} dimColor={branch.id === current}>
            <Text bold color="cyan">{branch.hotkey}</Text> {branch.label}
            {branch.id === current ? ' ✓' : ''}
            {branch.id === suggested ? ' ←' : ''}
          </Text>
        ))}
      </Box>
    );
  }
  if (pane === 'fields') {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>{text.fieldsTitle}</Text>
        {callerFields(pack, text).map((field) => (
          <Row key={field.id} label={`${field.hotkey} ${field.label}`} value={ctx.fields[field.id] ?? ''} width={width} />
        ))}
      </Box>
    );
  }
  if (state === 'wrapUp') {
    const chosen = new Set(ctx.reasons);
    const ticket = ticketKind(ctx);
    // The group the branch suggests: marked, and Enter opens it.
    const suggested = currentBranch(ctx)?.reasonGroup;
    // A filter's matches are numbered 1 up on each page and show their group; an open group's reasons keep their own keys.
    const whole = filter !== null
      ? matchingReasons(groups, filter, spell).map((reason, i) => ({ key: String((i % PAGE_SIZE) + 1), code: reason.code, label: `${reason.label} · ${reason.group}` }))
      : group !== null
        ? (groups.find((g) => g.hotkey === group)?.reasons ?? []).map((reason) => ({ key: reason.hotkey, code: reason.code, label: reason.label }))
        : null;
    const paging = whole ? pageWithin(whole.length, page) : null;
    const list = whole && paging ? whole.slice(paging.page * PAGE_SIZE, (paging.page + 1) * PAGE_SIZE) : null;
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>
          {text.reasons}
          {filter !== null ? `  ${text.filterPrompt}${colonAfter(text.filterPrompt)}${filter}▏` : group !== null ? ` · ${groups.find((g) => g.hotkey === group)?.group}` : ''}
        </Text>
        {list === null
          ? groups.map((g) => {
              const picked = g.reasons.filter((r) => chosen.has(r.code)).map((r) => r.label);
              return (
                <Text key={g.group} color={g.hotkey === suggested ? 'cyan' : undefined}>
                  <Text bold color="cyan">{g.hotkey}</Text> {fitWidth(`${g.group}${picked.length > 0 ? ` ✓ ${picked.join('、')}` : ''}${g.hotkey === suggested ? ` ← ${text.enterOpens}` : ''}`, width - 3)}
                </Text>
              );
            })
          : list.length === 0
            ? <Text dimColor>{text.noMatch}</Text>
            : list.map((reason) => (
                <Text key={reason.code} wrap="truncate-end" color={chosen.has(reason.code) ? 'green' : undefined}>
                  <Text bold color="cyan">{reason.key}</Text> {chosen.has(reason.code) ? '✓' : ' '} {reason.label}
                </Text>
              ))}
        {paging && paging.pages > 1 && <Text dimColor>{text.page(paging.page + 1, paging.pages)}</Text>}
        <Row label={text.summary} value={ctx.summary} width={width} />
        {ticket && <Row label={text.ticket} value={text.ticketKinds[ticket] ?? ticket} width={width} />}
        {ctx.flagged && <Text color="red">! {text.flagged}</Text>}
      </Box>
    );
  }
  const facts = branchFacts(ctx);
  const fields = callerFields(pack, text).filter((field) => ctx.fields[field.id]);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{text.caller}</Text>
      {fields.map((field) => (
        <Row key={field.id} label={field.label} value={ctx.fields[field.id]!} width={width} />
      ))}
      {facts.label && <Row label={text.branch} value={facts.label} width={width} />}
      {facts.explained && <Row label={text.explainedLabel} value={text.explained(facts.explained[0], facts.explained[1])} width={width} />}
      {ctx.notes.length > 0 && <Row label={text.notes} value={ctx.notes.map((n) => n.text).join(' / ')} width={width} />}
      {ctx.flagged && <Text color="red">! {text.flagged}</Text>}
    </Box>
  );
}
