/**
 * The team board on screen (`ringside board`): the picture of src/team/board-model.ts drawn in
 * the desk's language, a row per agent with its time in state coloured at the thresholds, the
 * summary line, the alerts with their age; ↑/↓ select, Enter shows the agent's call read-only,
 * `/` filters, q quits. While the server is away the last picture stays, with its age.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDuration, type Language, type Words } from '../../language.js';
import { boardModel, filterAgents, type AgentRow, type BoardAlertKind, type BoardModel, type BoardSettings, type BoardState } from '../../team/board-model.js';
import type { BoardRead, ReaderStatus } from '../../team/board-read.js';
import type { LiveTimer } from '../../team/live-state.js';
import { fitWidth, padDisplay, stringWidth, withoutControls } from '../../width.js';
import { useTerminalSize } from '../use-terminal-size.js';

interface BoardWords {
  title: string;
  states: Record<BoardState, string>;
  heads: { number: string; name: string; state: string; time: string; calls: string; ring3: string; step: string; missed: string };
  summary: (s: BoardModel['summary']) => string;
  alerts: Record<BoardAlertKind, (overdue: number) => string>;
  moreAlerts: (n: number) => string;
  noAlerts: string;
  noAgents: string;
  noMatch: string;
  stale: (age: string, away: boolean) => string;
  help: string;
  filterHelp: string;
  filter: string;
  detailHelp: string;
  readOnly: string;
  phase: Record<string, string>;
  timers: Record<LiveTimer['kind'], string>;
  caller: string;
  branch: string;
  line: string;
  checklist: string;
  missedSteps: string;
  lastHeard: (age: string) => string;
  between: string;
  waiting: string;
  moreRows: (n: number) => string;
}

const WORDS: Words<BoardWords> = {
  'zh-CN': {
    title: 'Ringside 看板',
    states: { ready: '空闲', ringing: '振铃', talking: '通话中', hold: '保持', wrapUp: '话后', callBack: '回访', lost: '失联', off: '已退出' },
    heads: { number: '工号', name: '姓名', state: '状态', time: '时长', calls: '今日', ring3: '三声内', step: '当前步骤', missed: '漏项' },
    summary: (s) => `通话中 ${s.inCalls} · 空闲 ${s.ready} · 话后 ${s.wrapUp} · 失联 ${s.lost} · 共 ${s.total} 人`,
    alerts: {
      holdOver: () => '保持超过回访时限',
      nonBusinessOver: () => '非业务来电超过三分钟',
      wrapUpOver: () => '话后处理超时',
      followUpsOverdue: (n) => `${n} 个回访已逾期`,
      flagged: () => '来电人已标记',
      sameNumber: () => '两台电脑用了同一个工号',
    },
    moreAlerts: (n) => `…… 还有 ${n} 条提醒`,
    noAlerts: '没有提醒。',
    noAgents: '还没有坐席连上团队服务器。',
    noMatch: '没有符合筛选的坐席。',
    stale: (age, away) => `数据停在 ${age}前${away ? '（连不上服务器，正在重连）' : ''}`,
    help: '↑↓ 选择  Enter 详情  / 筛选  q 退出',
    filterHelp: 'Enter 确定  Esc 清除',
    filter: '筛选：',
    detailHelp: 'Esc 返回  q 退出',
    readOnly: '（只读）',
    phase: { greeting: '问候', gathering: '信息收集', answering: '解答', closing: '结束' },
    timers: { ring: '响铃', talk: '通话', hold: '保持', wrapUp: '话后' },
    caller: '来电人',
    branch: '分支',
    line: '当前话术',
    checklist: '礼貌步骤',
    missedSteps: '漏项',
    lastHeard: (age) => `最后一次收到消息在 ${age}前，以下是当时的情况。`,
    between: '两通电话之间。',
    waiting: '正在读取……',
    moreRows: (n) => `↓ 还有 ${n} 人`,
  },
  en: {
    title: 'Ringside board',
    states: { ready: 'ready', ringing: 'ringing', talking: 'on call', hold: 'on hold', wrapUp: 'wrap-up', callBack: 'call-back', lost: 'LOST', off: 'signed off' },
    heads: { number: 'No.', name: 'Name', state: 'State', time: 'Time', calls: 'Calls', ring3: '3 rings', step: 'Step', missed: 'Missed' },
    summary: (s) => `in calls ${s.inCalls} · ready ${s.ready} · wrap-up ${s.wrapUp} · lost ${s.lost} · ${s.total} agents`,
    alerts: {
      holdOver: () => 'hold past its check-back',
      nonBusinessOver: () => 'non-business call past three minutes',
      wrapUpOver: () => 'wrap-up past its limit',
      followUpsOverdue: (n) => `${n} follow-up(s) overdue`,
      flagged: () => 'caller flagged',
      sameNumber: () => 'two desks claim this agent number',
    },
    moreAlerts: (n) => `… ${n} more alert(s)`,
    noAlerts: 'No alerts.',
    noAgents: 'No desk has reached the team server yet.',
    noMatch: 'No agent matches the filter.',
    stale: (age, away) => `data from ${age} ago${away ? ' (server away, reconnecting)' : ''}`,
    help: '↑↓ select  Enter details  / filter  q quit',
    filterHelp: 'Enter keep  Esc clear',
    filter: 'Filter: ',
    detailHelp: 'Esc back  q quit',
    readOnly: '(read-only)',
    phase: { greeting: 'Greeting', gathering: 'Gathering', answering: 'Answering', closing: 'Closing' },
    timers: { ring: 'ring', talk: 'talk', hold: 'hold', wrapUp: 'wrap' },
    caller: 'Caller',
    branch: 'Branch',
    line: 'Line',
    checklist: 'Courtesy steps',
    missedSteps: 'Missed',
    lastHeard: (age) => `Last heard from ${age} ago; this is how it was then.`,
    between: 'Between calls.',
    waiting: 'Reading…',
    moreRows: (n) => `↓ ${n} more`,
  },
};

/**
 * The state cell's colours by time in state, as VICIdial's real-time report colours its agents:
 * waiting for a call in blues, on a call in purples, paused (here: wrap-up) in khaki to olive.
 */
const TIER_COLOURS: Record<'ready' | 'call' | 'wrapUp', readonly [string, string, string]> = {
  ready: ['#ADD8E6', '#0000FF', '#191970'],
  call: ['#D8BFD8', '#EE82EE', '#800080'],
  wrapUp: ['#F0E68C', '#FFFF00', '#808000'],
};

function stateColours(agent: AgentRow): { color?: string; backgroundColor?: string; dimColor?: boolean } {
  if (agent.state === 'lost') return { color: 'white', backgroundColor: 'red' };
  if (agent.state === 'off') return { dimColor: true };
  if (agent.tier === 0) return {};
  const family = agent.state === 'ready' ? 'ready' : agent.state === 'wrapUp' ? 'wrapUp' : 'call';
  const background = TIER_COLOURS[family][agent.tier - 1]!;
  return { backgroundColor: background, color: agent.tier === 3 || background === '#0000FF' ? 'white' : 'black' };
}

/** A time in state: 0:07, 2:33, 1:02:05. */
export function clockTime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Text a desk sent, as it may be drawn: one line, nothing a terminal acts on. */
const clean = (text: string) => withoutControls(text).replace(/\s+/g, ' ');

export interface BoardProps {
  /** The last read, or null before the first. */
  read: BoardRead | null;
  status: ReaderStatus;
  settings: BoardSettings;
  language: Language;
  /** Where the server is (host:port/db), for the title. */
  server: string;
  /** This machine's clock (tests fix it). */
  clock?: () => number;
  /** How often the times redraw. */
  tickMs?: number;
  /** How old the last read may be before it counts as stale though the reader has not failed yet. */
  staleMs?: number;
}

/** The model at this moment: time goes on from the last read; while the data is stale, the picture stands as it was read. */
export function boardAt(read: BoardRead, settings: BoardSettings, localNow: number, stale: boolean): BoardModel {
  const now = stale ? read.serverNow : read.serverNow + Math.max(0, localNow - read.at);
  return boardModel(read.rows, now, settings);
}

export function Board({ read, status, settings, language, server, clock = Date.now, tickMs = 1_000, staleMs = 6_000 }: BoardProps) {
  const words = WORDS[language];
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [, tick] = useState(0);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState(false);
  const [filter, setFilter] = useState('');
  const [filtering, setFiltering] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);

  const localNow = clock();
  const age = read ? Math.max(0, localNow - read.at) : 0;
  const stale = read !== null && (status.state === 'away' || age > staleMs);
  const model = useMemo(() => (read ? boardAt(read, settings, localNow, stale) : null), [read, settings, localNow, stale]);
  const stateLabel = (state: BoardState) => words.states[state];
  const shownAgents = model ? filterAgents(model.agents, filter, stateLabel) : [];
  const selectedIndex = Math.max(0, shownAgents.findIndex((agent) => agent.deskId === selectedId));
  const selected = shownAgents[selectedIndex] ?? null;

  useInput((input, key) => {
    if (filtering) {
      if (key.return) setFiltering(false);
      else if (key.escape) {
        setFilter('');
        setFiltering(false);
      } else if (key.backspace || key.delete) setFilter((text) => [...text].slice(0, -1).join(''));
      else if (input && !key.ctrl && !key.meta) setFilter((text) => [...(text + clean(input))].slice(0, 40).join(''));
      return;
    }
    if (input === 'q') return exit();
    if (detail) {
      if (key.escape) setDetail(false);
      return;
    }
    if (key.upArrow || key.downArrow || key.pageUp || key.pageDown) {
      const step = key.pageUp || key.pageDown ? 10 : 1;
      const by = key.upArrow || key.pageUp ? -step : step;
      // From the selection as it is now, not as it was drawn: keys quicker than frames all count.
      setSelectedId((id) => {
        const at = Math.max(0, shownAgents.findIndex((agent) => agent.deskId === id));
        return shownAgents[Math.min(shownAgents.length - 1, Math.max(0, at + by))]?.deskId ?? null;
      });
    } else if (key.return && selected) setDetail(true);
    else if (input.startsWith('/')) {
      // What was typed with the `/` (a quick typist, an input method's commit) is the filter's start.
      setFiltering(true);
      setFilter([...clean(input.slice(1))].slice(0, 40).join(''));
    }
    else if (key.escape && filter) setFilter('');
  });

  const width = Math.max(40, columns - 1);
  const rule = <Text dimColor>{'─'.repeat(width)}</Text>;
  const staleText = stale ? words.stale(formatDuration(language, age), status.state === 'away') : '';
  const titleRight = staleText || new Date(localNow).toLocaleTimeString(language === 'zh-CN' ? 'zh-CN' : 'en-GB', { hour12: false });
  const titleLeft = fitWidth(` ${words.title} · ${server}`, Math.max(10, width - stringWidth(titleRight) - 2));
  const title = (
    <Box width={width} justifyContent="space-between">
      <Text bold>{titleLeft}</Text>
      <Text color={stale ? 'red' : undefined} bold={stale}>
        {titleRight}
      </Text>
    </Box>
  );
  if (!model) {
    return (
      <Box flexDirection="column">
        {title}
        <Text>{status.problem ? ` ${status.problem}` : ` ${words.waiting}`}</Text>
      </Box>
    );
  }
  if (detail && selected) return <Detail agent={selected} words={words} language={language} width={width} title={title} rule={rule} now={boardNow(read!, localNow, stale)} rows={rows} />;

  // The rows the screen has: title, summary, rule, headings, rule, alerts, help.
  const alertRows = Math.min(model.alerts.length === 0 ? 1 : model.alerts.length, Math.max(1, Math.floor((rows - 8) / 4)));
  const agentRows = Math.max(1, rows - 7 - alertRows);
  // The selected agent kept in the middle of the rows once there are more agents than rows.
  const start = Math.max(0, Math.min(selectedIndex - Math.floor(agentRows / 2), shownAgents.length - agentRows));
  const visible = shownAgents.slice(start, start + agentRows);
  const below = shownAgents.length - start - visible.length;
  const cols = { number: 6, name: 8, state: 8, time: 7, calls: 4, ring3: 7, step: 16 };
  const fixed = 1 + Object.values(cols).reduce((sum, n) => sum + n + 1, 0);
  const missedWidth = Math.max(4, width - fixed);
  const cells = (values: string[]) => values.map((value, i) => padDisplay(value, Object.values(cols)[i] ?? missedWidth)).join(' ');
  return (
    <Box flexDirection="column">
      {title}
      <Text>
        {' '}
        {words.summary(model.summary)}
        {filter || filtering ? <Text color="cyan">{`  ${words.filter}${filter}${filtering ? '▏' : ''}`}</Text> : null}
      </Text>
      {rule}
      <Text dimColor>{` ${cells([words.heads.number, words.heads.name, words.heads.state, words.heads.time, words.heads.calls, words.heads.ring3, words.heads.step])} ${padDisplay(words.heads.missed, missedWidth)}`}</Text>
      <Box flexDirection="column" height={agentRows}>
        {shownAgents.length === 0 ? <Text>{` ${model.agents.length === 0 ? words.noAgents : words.noMatch}`}</Text> : null}
        {visible.map((agent, i) => {
          const isSelected = agent === selected;
          const last = i === visible.length - 1 && below > 0;
          return (
            <Text key={agent.deskId} bold={isSelected}>
              {isSelected ? '›' : ' '}
              {padDisplay(clean(agent.number), cols.number)} {padDisplay(clean(agent.name), cols.name)}{' '}
              <Text {...stateColours(agent)}>{padDisplay(words.states[agent.state], cols.state)}</Text>{' '}
              {padDisplay(clockTime(agent.inStateMs), cols.time)} {padDisplay(String(agent.callsToday), cols.calls)}{' '}
              {padDisplay(agent.answeredToday > 0 ? `${agent.ring3Today}/${agent.answeredToday}` : '-', cols.ring3)} {padDisplay(clean(agent.step ?? ''), cols.step)}{' '}
              <Text color={agent.missed.length > 0 ? 'red' : undefined}>{last ? padDisplay(words.moreRows(below), missedWidth) : padDisplay(clean(agent.missed.join('、')), missedWidth)}</Text>
            </Text>
          );
        })}
      </Box>
      {rule}
      {model.alerts.length === 0 ? <Text dimColor>{` ${words.noAlerts}`}</Text> : null}
      {model.alerts.slice(0, model.alerts.length > alertRows ? alertRows - 1 : alertRows).map((alert) => (
        <Text key={`${alert.kind} ${alert.deskId}`} color="red">
          {fitWidth(` ⚠ ${clean(alert.number)} ${clean(alert.name)} ${alertWords(words, alert.kind, model.agents.find((agent) => agent.deskId === alert.deskId)?.detail.overdue ?? 0)} ${clockTime(alert.ageMs)}`, width)}
        </Text>
      ))}
      {model.alerts.length > alertRows ? <Text color="red">{` ${words.moreAlerts(model.alerts.length - alertRows + 1)}`}</Text> : null}
      <Text dimColor>{` ${filtering ? words.filterHelp : words.help}`}</Text>
    </Box>
  );
}

function alertWords(words: BoardWords, kind: BoardAlertKind, overdue: number): string {
  return words.alerts[kind](overdue);
}

function boardNow(read: BoardRead, localNow: number, stale: boolean): number {
  return stale ? read.serverNow : read.serverNow + Math.max(0, localNow - read.at);
}

const STATUS_MARKS: Record<string, string> = { done: '✓', todo: '○', missed: '✗', skipped: '–' };

/** One agent's call, read-only: who, the line on their screen, the timers, the checklist. */
function Detail({ agent, words, language, width, title, rule, now, rows }: { agent: AgentRow; words: BoardWords; language: Language; width: number; title: ReactNode; rule: ReactNode; now: number; rows: number }) {
  const d = agent.detail;
  const head = [`${clean(agent.number)} ${clean(agent.name)}`, `${words.states[agent.state]} ${clockTime(agent.inStateMs)}`, d.phase ? words.phase[d.phase] : null, d.packId ? clean(d.packId) : null].filter(Boolean).join(' · ');
  const timers = d.timers.map((timer) => {
    const ran = (timer.to ?? now) - timer.from;
    const over = timer.limitMs !== null && ran >= timer.limitMs;
    return `${words.timers[timer.kind]} ${clockTime(ran)}${over ? ' ⚠' : ''}`;
  });
  const lines: { text: string; color?: string; bold?: boolean; dim?: boolean }[] = [];
  if (agent.state === 'lost') lines.push({ text: words.lastHeard(formatDuration(language, agent.inStateMs)), color: 'red' });
  if (d.caller) lines.push({ text: `${words.caller}  ${[d.caller.name, d.caller.phone].filter(Boolean).map(clean).join('  ')}${d.branch ? `  · ${words.branch} ${clean(d.branch)}` : ''}` });
  if (d.line) lines.push({ text: `▶ ${clean(d.line)}`, bold: true });
  if (timers.length > 0) lines.push({ text: timers.join('   ') });
  if (d.checklist.length === 0 && !d.caller) lines.push({ text: words.between, dim: true });
  if (d.checklist.length > 0) lines.push({ text: words.checklist, dim: true });
  for (const row of d.checklist) lines.push({ text: `${row.current ? '›' : ' '}${STATUS_MARKS[row.status] ?? '○'} ${padDisplay(clean(row.label), 28)} ${row.rules.map(clean).join(' ')}`, color: row.status === 'missed' ? 'red' : undefined });
  const room = Math.max(1, rows - 5);
  return (
    <Box flexDirection="column">
      {title}
      <Text bold>{fitWidth(` ${head}  ${words.readOnly}`, width)}</Text>
      {rule}
      {lines.slice(0, room).map((line, i) => (
        <Text key={i} color={line.color} bold={line.bold} dimColor={line.dim}>
          {fitWidth(` ${line.text}`, width)}
        </Text>
      ))}
      {rule}
      <Text dimColor>{` ${words.detailHelp}`}</Text>
    </Box>
  );
}
