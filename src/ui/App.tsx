/**
 * The live screen. One root key handler maps keys through the keymap table to machine events;
 * the machine decides whether an event means anything now (desk.can). The screen keeps only
 * what is its own: which pane is open, what is being typed, a flash message.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import TextInput from 'ink-text-input';
import React, { useEffect, useMemo, useRef, useState } from 'react';
import { saveBlockers } from '../../machines/call.js';
import { currentStep, undoneRequired } from '../../machines/steps.js';
import type { CallDesk } from '../call/desk.js';
import type { CallCommand } from '../call/session.js';
import { Checklist } from './Checklist.js';
import { ContextPane } from './ContextPane.js';
import { CurrentLine } from './CurrentLine.js';
import { Header } from './Header.js';
import { HelpBar } from './HelpBar.js';
import { keyLabel, keyName, type KeyCommand, type Language } from './keymap.js';
import { callerFields, matchingReasons, type Pane } from './panes.js';
import { PhaseBar } from './PhaseBar.js';
import { textFor } from './text.js';
import { useDeskSnapshot } from './use-desk.js';
import { checklist, lineVariables, lineView, screenState, type ScreenState } from './view.js';

export interface AppProps {
  readonly desk: CallDesk;
  readonly keymap: readonly KeyCommand[];
  readonly language: Language;
  /** Company, hotline, agent number and name from the settings: they fill the lines' {variables}. */
  readonly variables: Record<string, string>;
  readonly agentLabel: string;
  /** Inside the pack's night service hours (R-NIGHT). */
  readonly night?: boolean;
  /** How often the timers tick (tests use a short one). */
  readonly tickMs?: number;
}

type Editing = { kind: 'field'; field: string; label: string } | { kind: 'note' } | { kind: 'summary' } | null;

/** The commands a key may mean in each screen state (the machine still has the last word). */
const SCREEN_COMMANDS: Record<ScreenState, readonly string[]> = {
  idle: ['ring', 'help', 'quit'],
  ringing: ['answer', 'fields', 'callerHangUp', 'agentHangUp', 'help', 'quit'],
  live: ['say', 'prevLine', 'nextLine', 'nextPhase', 'hold', 'branches', 'fields', 'lines', 'note', 'callerHangUp', 'agentHangUp', 'help', 'quit'],
  holdAsk: ['say', 'hold', 'cancel', 'callerHangUp', 'agentHangUp', 'help', 'quit'],
  hold: ['say', 'hold', 'fields', 'note', 'callerHangUp', 'agentHangUp', 'help', 'quit'],
  wrapUp: ['filter', 'summary', 'fields', 'note', 'flag', 'save', 'help', 'quit'],
  logged: ['help', 'quit'],
};

export function App({ desk, keymap, language, variables, agentLabel, night = false, tickMs }: AppProps) {
  const snapshot = useDeskSnapshot(desk);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const text = textFor(language);
  const [pane, setPane] = useState<Pane>('auto');
  const [editing, setEditing] = useState<Editing>(null);
  const [draft, setDraft] = useState('');
  const [group, setGroup] = useState<string | null>(null);
  const [filter, setFilter] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(desk.restored ? text.restored : null);
  const seenSave = useRef(desk.lastSaved);

  const ctx = snapshot.context;
  const state = screenState(snapshot);
  const pack = desk.pack;
  const vars = useMemo(() => lineVariables(pack, variables, ctx.fields), [pack, variables, ctx.fields]);

  // A saved call hands over to a fresh one at once (the desk does that); say so, reset the panes.
  useEffect(
    () =>
      desk.subscribe(() => {
        const saved = desk.lastSaved;
        if (!saved || saved === seenSave.current) return;
        seenSave.current = saved;
        setFlash(saved.outcome === 'missed' ? text.missedSaved(saved.id) : text.saved(saved.id));
        setGroup(null);
        setFilter(null);
        setPane('auto');
        setEditing(null);
      }),
    [desk, text],
  );
  useEffect(() => {
    if (!flash) return;
    const timer = setTimeout(() => setFlash(null), 5000);
    return () => clearTimeout(timer);
  }, [flash]);
  useEffect(() => {
    if (desk.storeProblem) setFlash(desk.storeProblem);
  }, [snapshot, desk]);

  const send = (command: CallCommand) => desk.send(command);

  /** Whether a keymap command can act now. */
  const available = (entry: KeyCommand): boolean => {
    if (!SCREEN_COMMANDS[state].includes(entry.command)) return false;
    switch (entry.command) {
      case 'branches':
        return state === 'live' && ctx.phase !== 'closing';
      case 'lines':
        return pack.lines.length > 0;
      case 'summary':
      case 'flag':
      case 'filter':
      case 'fields':
      case 'note':
      case 'help':
      case 'quit':
        return true;
      case 'save':
        return true; // refused with the reason when something is missing
      case 'cancel':
        return desk.can({ type: 'CANCEL' });
      default:
        return entry.event ? desk.can({ type: entry.event } as CallCommand) : true;
    }
  };

  const explainRefusal = (entry: KeyCommand) => {
    if (entry.command === 'save') {
      const blockers = saveBlockers(ctx);
      setFlash(blockers.map((rule) => text.blocked[rule]).join(';'));
    } else if (ctx.strict && undoneRequired(ctx).length > 0 && ['nextPhase', 'agentHangUp', 'branches'].includes(entry.command)) {
      setFlash(`${text.strictBlocked}: ${undoneRequired(ctx).map((s) => s.label ?? s.id).join('、')}`);
    } else {
      setFlash(text.notNow);
    }
  };

  const run = (entry: KeyCommand) => {
    switch (entry.command) {
      case 'branches':
        setPane(pane === 'branches' ? 'auto' : 'branches');
        return;
      case 'fields':
        setPane(pane === 'fields' ? 'auto' : 'fields');
        return;
      case 'lines':
        setPane(pane === 'lines' ? 'auto' : 'lines');
        return;
      case 'help':
        setPane('help');
        return;
      case 'note':
        setDraft('');
        setEditing({ kind: 'note' });
        return;
      case 'summary':
        setDraft(ctx.summary);
        setEditing({ kind: 'summary' });
        return;
      case 'filter':
        setGroup(null);
        setFilter('');
        return;
      case 'quit':
        if (state === 'idle' || state === 'logged') exit();
        else setPane('confirmQuit');
        return;
      case 'save':
        if (!send({ type: 'SAVE' })) explainRefusal(entry);
        return;
      case 'say': {
        const step = state === 'live' ? currentStep(ctx) : null;
        if (!send({ type: 'SAY' })) return explainRefusal(entry);
        // The surname step opens the name field, so the agent types it as it is said.
        if (step?.asks && state === 'live') {
          const field = callerFields(pack, text).find((f) => f.id === step.asks);
          if (field) {
            setDraft(ctx.fields[field.id] ?? '');
            setEditing({ kind: 'field', field: field.id, label: field.label });
          }
        }
        return;
      }
      default:
        if (entry.event && !send({ type: entry.event } as CallCommand)) explainRefusal(entry);
    }
  };

  const onKey = (input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
    const name = keyName(input, key);
    if (pane === 'help') return setPane('auto');
    if (pane === 'confirmQuit') {
      if (name === 'q') exit();
      else if (name === 'escape') setPane('auto');
      return;
    }
    if (name === 'escape' && pane !== 'auto') return setPane('auto');

    // Digits and letters inside an open menu.
    if (pane === 'branches') {
      const branch = pack.branches.find((b) => b.hotkey === name);
      if (branch) {
        if (!send({ type: 'CHOOSE_BRANCH', branch: branch.id })) explainRefusal({ command: 'branches' } as KeyCommand);
        setPane('auto');
        return;
      }
    }
    if (pane === 'fields') {
      const field = callerFields(pack, text).find((f) => f.hotkey === name);
      if (field) {
        setDraft(ctx.fields[field.id] ?? '');
        setEditing({ kind: 'field', field: field.id, label: field.label });
        setPane('auto');
        return;
      }
    }
    if (state === 'wrapUp' && pane === 'auto') {
      if (filter !== null) {
        const matches = matchingReasons(pack, filter);
        if (name === 'escape') return setFilter(null);
        if (name === 'backspace') return setFilter(filter.slice(0, -1));
        if (name === 'return') {
          if (matches[0]) send({ type: 'TOGGLE_REASON', code: matches[0].code });
          return setFilter(null);
        }
        if (/^[1-9]$/.test(name)) {
          const picked = matches[Number(name) - 1];
          if (picked) send({ type: 'TOGGLE_REASON', code: picked.code });
          return setFilter(null);
        }
        if (input && !key.ctrl && !key.meta && name === input) return setFilter(filter + input);
        return;
      }
      if (group !== null) {
        const reason = pack.reasons.find((g) => g.hotkey === group)?.reasons.find((r) => r.hotkey === name);
        if (reason) {
          send({ type: 'TOGGLE_REASON', code: reason.code });
          return setGroup(null);
        }
        if (name === 'escape' || name === 'backspace') return setGroup(null);
      } else if (pack.reasons.some((g) => g.hotkey === name)) {
        return setGroup(name);
      }
    }

    const matching = keymap.filter((entry) => entry.keys.includes(name) && SCREEN_COMMANDS[state].includes(entry.command));
    const entry = matching.find(available) ?? matching[0];
    if (!entry) return;
    if (!available(entry)) return explainRefusal(entry);
    if (entry.command === 'cancel' && state !== 'holdAsk') return setPane('auto');
    run(entry);
  };

  useInput(onKey, { isActive: editing === null });
  // While typing, Escape cancels (the text input itself ignores it).
  useInput(
    (_input, key) => {
      if (key.escape) setEditing(null);
    },
    { isActive: editing !== null },
  );

  const submit = (value: string) => {
    if (editing?.kind === 'field') send({ type: 'SET_FIELD', field: editing.field, value: value.trim() });
    if (editing?.kind === 'note') send({ type: 'ADD_NOTE', text: value.trim() });
    if (editing?.kind === 'summary') send({ type: 'SET_SUMMARY', text: value.trim() });
    setEditing(null);
  };

  // Text from an input method or a paste arrives with its Enter in the same chunk ("张先生\r"),
  // which the text input takes as text: a line break in the value means submit.
  const typed = (value: string) => {
    const end = value.search(/[\r\n]/);
    if (end >= 0) submit(value.slice(0, end));
    else setDraft(value);
  };

  const columns = stdout?.columns ?? 80;
  const rows = stdout?.rows ?? 24;
  const leftWidth = Math.min(48, Math.floor((columns - 1) * 0.55));
  const rightWidth = columns - leftWidth - 3;
  const barCommands = keymap.filter((entry) => entry.bar && available(entry));
  const phase = state === 'wrapUp' ? 'wrapUp' : ctx.phase;
  const rule = '─'.repeat(Math.max(10, columns - 1));

  if (pane === 'help') {
    return (
      <Box flexDirection="column">
        <Text bold> {text.helpTitle}</Text>
        {keymap.map((entry) => (
          <Text key={entry.command} dimColor={!available(entry)}>
            {'  '}
            {entry.keys.map((key) => keyLabel(key, language)).join(' / ').padEnd(12)} {entry.label[language]}
          </Text>
        ))}
        <Text>{'  '}1-9          {language === 'en' ? 'choose in a menu (branch, field, reason)' : '在菜单中选择(分支、来电人、原因)'}</Text>
      </Box>
    );
  }

  const editLabel = editing?.kind === 'field' ? editing.label : editing?.kind === 'note' ? text.notes : text.summary;
  return (
    <Box flexDirection="column">
      <Header packName={pack.name} agent={agentLabel} state={state} ctx={ctx} clock={desk.clock} text={text} night={night} tickMs={tickMs} />
      <PhaseBar phase={phase} text={text} />
      <Text dimColor>{rule}</Text>
      <CurrentLine view={lineView(snapshot, vars)} text={text} late={ctx.lateAnswer} />
      <Text dimColor>{rule}</Text>
      <Box>
        <Checklist rows={checklist(ctx)} text={text} width={leftWidth} maxRows={Math.max(3, rows - 13)} />
        <Box borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} borderDimColor marginRight={1} />
        <ContextPane pane={pane} state={state} ctx={ctx} pack={pack} text={text} width={rightWidth} group={group} filter={filter} />
      </Box>
      <Text dimColor>{rule}</Text>
      {ctx.pastNonBusinessLimit && ctx.branchIds.some((id) => pack.branches.find((b) => b.id === id)?.nonBusiness) && state === 'live' && (
        <Text color="red"> ⚠ {text.nonBusinessOver}</Text>
      )}
      {ctx.wrapUpOverdue && state === 'wrapUp' && <Text color="red"> ⚠ {text.wrapUpOver}</Text>}
      {pane === 'confirmQuit' && <Text color="yellow"> {text.quitConfirm}</Text>}
      {editing ? (
        <Box>
          <Text color="cyan"> {text.edit(editLabel)}: </Text>
          <TextInput value={draft} onChange={typed} onSubmit={submit} />
        </Box>
      ) : flash ? (
        <Text color="yellow"> {flash}</Text>
      ) : null}
      <HelpBar commands={barCommands} language={language} width={columns - 1} />
    </Box>
  );
}
