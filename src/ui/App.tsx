/**
 * The live screen: it composes the panes (src/ui/panes/) and holds no key logic. Keys go through
 * one hook (keys/use-screen.ts) to the key reducer (keys/reduce.ts); whether a command can act
 * comes from keys/commands.ts; the rows are counted in layout.ts.
 */
import { Box, Text } from 'ink';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CallDesk } from '../call/desk.js';
import type { PhoneFollower } from '../softphone/follow.js';
import type { FollowUp } from '../store/store.js';
import type { ScreenRun } from '../train/run.js';
import { DESK_VARIABLES } from '../pack/desk-values.js';
import { shown as shownAs, shownCall, shownField, shownSaid } from '../privacy.js';
import { Checklist } from './panes/Checklist.js';
import { CallerRows, StepRows } from './panes/CoachRows.js';
import { available, keyNames } from './keys/commands.js';
import { ContextPane } from './panes/ContextPane.js';
import { CurrentLine } from './panes/CurrentLine.js';
import { FollowUpsPane } from './panes/FollowUpsPane.js';
import { Header } from './panes/Header.js';
import { HelpBar } from './panes/HelpBar.js';
import { HelpPane } from './panes/HelpPane.js';
import { EDIT_KEYS, type KeyCommand, type Language } from './keys/keymap.js';
import { layout } from './layout.js';
import { LinesPane } from './panes/LinesPane.js';
import { MapPane } from './panes/MapPane.js';
import { editNotice, Editor, Flash, HangUpQuestion, QuitQuestion, StoreProblemMessage, storeProblemText } from './panes/Overlays.js';
import { callerFields } from './keys/menus.js';
import { PhaseBar } from './panes/PhaseBar.js';
import { PhoneRows } from './panes/PhoneRows.js';
import { assistRows, callerRows, noticeRows, stepRows } from './rows.js';
import { ScorecardView } from './panes/ScorecardView.js';
import { ScorePane } from './panes/ScorePane.js';
import type { Paste } from './keys/terminal-input.js';
import { useDeskView, usePhoneView } from './use-desk.js';
import { teamLabel, useTeamView } from './use-team.js';
import type { TeamView } from '../team/desk-team.js';
import { useScreen } from './keys/use-screen.js';
import { assistLabel, useAssistView, type AssistLink } from './use-assist.js';
import { untilSuggestionsChange } from '../assist/suggest.js';
import { useTerminalSize } from './use-terminal-size.js';
import { checklist, inNightHours, lineVariables, lineView, screenState, untilNightChanges, type DeskVariables } from './view.js';
import { asked, colonAfter } from '../typography.js';

export interface AppProps {
  readonly desk: CallDesk;
  readonly keymap: readonly KeyCommand[];
  /** The screen's language; `auto` follows the pack of the call on screen. */
  readonly language: Language | 'auto';
  /** Company, hotline (global and per pack), agent number and name from the settings: they fill the lines' {variables}. */
  readonly variables: DeskVariables;
  /** The agent, from the settings; an empty number falls back to the pack's. */
  readonly agent: { readonly name: string; readonly number: string };
  /** The time of day, for the pack's night service hours (R-NIGHT); tests fix it. */
  readonly timeOfDay?: () => Date;
  /** How often the timers tick (tests use a short one). */
  readonly tickMs?: number;
  /** A training run or a replay beside the call: the caller pane, step mode, the scorecard at the end. */
  readonly run?: ScreenRun;
  /** The phone the calls come on (live mode): its link's state and what it has to say. */
  readonly phone?: PhoneFollower;
  /** How many follow-ups are overdue (live mode): shown while waiting for a call. */
  readonly overdueFollowUps?: () => number;
  /** The open follow-ups, soonest due first (live mode): o lists them, a digit calls one back. */
  readonly followUps?: () => FollowUp[];
  /** On a projector: the caller's name, phone, address, private fields, notes and summary show masked. */
  readonly projector?: boolean;
  /** The terminal's pastes (src/ui/keys/terminal-input.ts): text for the open field, never keys. */
  readonly pastes?: { onPaste(listener: (paste: Paste) => void): () => void };
  /** The developer's view (`--developer`): steps, the map and replayed events in the machine's states and events. */
  readonly developer?: boolean;
  /** The team link (live mode with a team): connected, or offline with the calls waiting to go up. */
  readonly team?: TeamView;
  /** Live assist (a transcript feed): its state, what is being heard, and the suggestions from the caller's words. */
  readonly assist?: AssistLink;
}

/** Who the agent is, in the header: `工号 1024 王敏`; without a number only the name (or nothing). */
function agentLabel(word: string, number: string, name: string): string {
  return number ? `${word} ${number} ${name}`.trim() : name;
}

/** Colors of the phone link's states in the header. */
const LINK_COLORS: Record<string, string> = { connecting: 'yellow', connected: 'green', reconnecting: 'yellow', lost: 'red' };

export function App({ desk, keymap, language: languageSetting, variables, agent, timeOfDay, tickMs, run: coach, phone, overdueFollowUps, followUps, projector = false, pastes, developer = false, team, assist }: AppProps) {
  const view = useDeskView(desk);
  const phoneView = usePhoneView(phone);
  const teamView = useTeamView(team);
  const assistView = useAssistView(assist);
  const output = projector ? 'projector' : 'desk';
  const { ui, driver } = useScreen({ desk, keymap, language: languageSetting, run: coach, phone, followUps, pastes, output, developer });
  const { columns, rows } = useTerminalSize();
  const { snapshot, pack } = view;
  const facts = driver.facts();
  const { text, language } = facts;
  const keys = keyNames(keymap, language);
  const ctx = snapshot.context;
  const state = screenState(snapshot);
  const now = timeOfDay ? timeOfDay() : new Date(view.now());
  // The caller's fields, notes and summary are drawn from `shown` (the line editor, the
  // follow-ups list and a step's typing are masked where they are drawn); the machine keeps the
  // real values. A training scenario's caller words show as said, but on a projector the caller
  // data in them (their name, number, what is typed for them) is masked, and so is their name in
  // their label.
  const isPrivate = useCallback((id: string) => pack.fields.some((field) => field.id === id && field.private), [pack]);
  const shown = useMemo(() => shownCall(output, ctx, isPrivate), [output, ctx, isPrivate]);
  // A caller field not filled yet shows as a prompt (〔区号?〕), never as a raw {areaCode}.
  const vars = useMemo(() => {
    // So is the company or hotline of a pack that leaves it to the desk, until the desk says it,
    // and the agent number of a practice call on a desk that has none yet (the live screen asks
    // for it before its first call): never a made-up number a trainee would learn to say.
    const prompts = Object.fromEntries([
      ...[...DESK_VARIABLES, 'agentNumber'].map((name) => [name, asked(text.deskValueNames[name] ?? name)]),
      ...callerFields(pack, text).map((field) => [field.id, asked(field.label)]),
    ]);
    // A call-back's lines name why the customer called, and when.
    const ticket: Record<string, string> = ctx.callback ? { about: ctx.callback.about, opened: text.day(ctx.callback.openedAt) } : {};
    const known = Object.entries(lineVariables(pack, variables, shown.fields)).filter(([, value]) => value !== '');
    return { ...prompts, ...Object.fromEntries(known), ...ticket };
  }, [pack, text, variables, shown.fields, ctx.callback]);
  // R-NIGHT: the night service hours begin and end whether or not anything else redraws the
  // screen (an idle desk has no ticking timer), so the header is redrawn at each edge. Each edge's
  // timer sets the next one as it fires (not after React's next commit): the clock can move past
  // the following edge before the screen has drawn this one.
  const [, passNightEdge] = useState(0);
  useEffect(() => {
    const hours = pack.nightHours;
    if (!hours) return;
    const clock = desk.clock;
    let timer: unknown;
    const untilEdge = () => untilNightChanges(hours, timeOfDay ? timeOfDay() : new Date(clock.now())) + 1;
    const atEdge = () => {
      passNightEdge((n) => n + 1);
      timer = clock.setTimeout(atEdge, untilEdge());
    };
    timer = clock.setTimeout(atEdge, untilEdge());
    return () => clock.clearTimeout(timer);
  }, [pack, desk.clock, timeOfDay]);
  // A suggestion from the caller's words comes (the repeat line, after a silence) and goes (after a
  // while) by time alone: the screen is drawn again at that moment.
  const [, passSuggestionEdge] = useState(0);
  const repeatAfterMs = assist?.repeatAfterMs;
  useEffect(() => {
    if (repeatAfterMs === undefined) return;
    const clock = desk.clock;
    const wait = untilSuggestionsChange(ctx, clock.now(), repeatAfterMs);
    if (wait === null) return;
    const timer = clock.setTimeout(() => passSuggestionEdge((n) => n + 1), wait + 1);
    return () => clock.clearTimeout(timer);
  });

  const can = (command: string) => available(command, facts);
  if (ui.pane === 'help') return <HelpPane keymap={keymap} language={language} text={text} available={can} columns={columns} rows={rows} />;
  if (ui.pane === 'map') return <MapPane snapshot={snapshot} visited={view.visited} text={text} language={language} keymap={keymap} can={facts.can} now={view.now()} developer={developer} columns={columns} rows={rows} />;
  if (ui.pane === 'scorecard' && ui.card) return <ScorecardView card={ui.card.card} since={ui.card.since} text={text} language={language} columns={columns} rows={rows} />;
  if (ui.pane === 'score') return <ScorePane ctx={ctx} language={language} text={text} columns={columns} />;

  const callerWords = (said: string) => shownSaid(output, said, coach?.callerData ?? []);
  const caller = callerRows(coach, state, text, keys, { words: callerWords, projector });
  const steps = stepRows(coach, ui.lastStep, facts, {
    paneOpen: ui.pane !== 'auto',
    now: view.now(),
    language,
    keys,
    mask: (typed) => shownAs(output, 'freeText', typed),
    words: callerWords,
    developer,
  });
  // Before a training call the brief stands in for the "waiting for a call" hint; with a
  // softphone, calls ring on the screen by themselves.
  const shownLine = coach && state === 'idle' ? { current: null, next: null, hint: null } : lineView(snapshot, vars);
  const line =
    shownLine.hint === 'idle' && phoneView?.phone
      ? { ...shownLine, hint: 'idlePhone' as const }
      : shownLine.hint === 'closingHint' && phoneView?.phoneTellsHangUp
        ? { ...shownLine, hint: 'closingHintPhone' as const }
        : shownLine;
  const notices = noticeRows(ctx, state, pack, text, keys, {
    phone: phoneView,
    overdue: state === 'idle' && overdueFollowUps ? overdueFollowUps() : 0,
    followUpsOpen: ui.pane === 'followUps',
    now: now.getTime(),
  });
  // Why the team link is down, when a person must act (a refused login, no tables): said while waiting for a call.
  if (teamView?.problem && state === 'idle') notices.push({ key: 'team', text: teamView.problem, color: 'yellow' });
  if (assistView) notices.push(...assistRows(ctx, assistView, text, keys, { now: view.now(), repeatAfterMs: assist!.repeatAfterMs, mask: (said) => shownAs(output, 'freeText', said), columns }));
  const nonBusinessOver = state === 'live' && ctx.pastNonBusinessLimit && (ctx.callback !== null || ctx.branchIds.some((id) => pack.branches.find((b) => b.id === id)?.nonBusiness));
  const wrapUpOver = state === 'wrapUp' && ctx.wrapUpOverdue;
  const asking = ui.pane === 'confirmQuit' || ui.pane === 'confirmHangUp';
  const storeMessage = storeProblemText(text, keys, view.storeProblem);
  const room = layout({
    columns,
    rows,
    line,
    callerRows: caller,
    stepRows: steps,
    wrappedTexts: [...notices.map((row) => row.text), ...(storeMessage ? [storeMessage] : [])],
    singleRows: (nonBusinessOver ? 1 : 0) + (wrapUpOver ? 1 : 0) + (asking ? 2 : 0) + (ui.editing && editNotice(text, ui.editing) ? 1 : 0),
  });
  const rule = <Text dimColor>{'─'.repeat(Math.max(10, columns - 1))}</Text>;
  const linkLabel = phoneView?.phone ? { text: text.link[phoneView.linkState] ?? phoneView.linkState, color: LINK_COLORS[phoneView.linkState] ?? 'white' } : null;
  const editing = ui.editing;
  return (
    <Box flexDirection="column">
      <Header packName={coach ? `${coach.kind === 'train' ? text.train : text.replay}${colonAfter(text.train)}${coach.title}` : pack.name} agent={agentLabel(text.agent, agent.number || pack.variables.agentNumber || '', agent.name)} state={state} ctx={ctx} clock={desk.clock} text={text} night={inNightHours(pack.nightHours, now)} columns={columns} tickMs={tickMs} link={linkLabel} unwritten={view.storeProblem !== null} team={teamView ? teamLabel(teamView, text) : null} assist={assistView ? assistLabel(assistView, text) : null} />
      <PhaseBar phase={state === 'wrapUp' ? 'wrapUp' : ctx.phase} text={text} />
      {rule}
      <CallerRows rows={caller} columns={columns} />
      <CurrentLine view={{ ...line, current: room.current }} text={text} keys={keys} late={ctx.lateAnswer} width={columns - 3} minRows={room.short ? 0 : 3} />
      {rule}
      {ui.pane === 'followUps' ? (
        <FollowUpsPane listed={ui.listed} now={view.now()} projector={projector} text={text} columns={columns} />
      ) : ui.pane === 'lines' ? (
        <LinesPane pack={pack} variables={vars} text={text} said={ctx.readyLines.map((line) => line.id)} page={ui.page} columns={columns} />
      ) : (
        <Box height={room.short ? room.checklistRows + 1 : undefined} overflow="hidden">
          <Checklist rows={checklist(ctx)} text={text} width={room.leftWidth} maxRows={room.checklistRows} />
          <Box borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} borderDimColor marginRight={1} />
          <ContextPane pane={ui.pane} state={state} ctx={shown} pack={pack} text={text} width={room.rightWidth} group={ui.group} filter={ui.filter} page={ui.page} spell={facts.spell} />
        </Box>
      )}
      {rule}
      {nonBusinessOver && <Text color="red"> ⚠ {ctx.callback ? text.callbackOver : text.nonBusinessOver}</Text>}
      {wrapUpOver && <Text color="red"> ⚠ {text.wrapUpOver}</Text>}
      <StepRows rows={steps} columns={columns} />
      <PhoneRows rows={notices} />
      {ui.pane === 'confirmQuit' && <QuitQuestion text={text} keys={keys} storeProblem={view.storeProblem} training={coach?.kind === 'train'} />}
      {ui.pane === 'confirmHangUp' && <HangUpQuestion text={text} keys={keys} ringing={snapshot.matches('ringing')} ctx={ctx} />}
      <StoreProblemMessage text={storeMessage} />
      {editing ? (
        <Editor
          editing={editing}
          text={text}
          shown={editing.kind === 'field' ? shownField(output, editing.field, editing.buffer, isPrivate) : shownAs(output, 'freeText', editing.buffer)}
          width={columns - 1}
        />
      ) : (
        <Flash text={ui.flash} />
      )}
      <HelpBar commands={editing ? EDIT_KEYS : keymap.filter((entry) => entry.bar && can(entry.command))} language={language} width={columns - 1} />
    </Box>
  );
}
