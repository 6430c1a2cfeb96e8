/**
 * The keymap is data: command → keys, labels, whether it shows in the help bar. The screen's
 * key handling, the help bar, the ? overlay and the README key table are all made from it.
 * Plain data with no React, so the settings and the CLI can read it without loading Ink.
 */
import type { CallEventType } from '../../../machines/call.js';

import type { Language } from '../../language.js';

export type { Language } from '../../language.js';

export interface KeyCommand {
  readonly command: string;
  readonly keys: readonly string[];
  readonly label: Readonly<Record<Language, string>>;
  /** The machine event it sends; commands without one act on the screen (open a pane ...). */
  readonly event?: CallEventType;
  /** Shown in the help bar when it can act now; the rest are in the ? overlay only. */
  readonly bar: boolean;
}

export const KEYMAP: readonly KeyCommand[] = [
  // In the order of importance: the help bar keeps the first ones when the terminal is narrow.
  // The step key only works in a class demo (train --step), where it matters most.
  { command: 'step', keys: ['.'], label: { 'zh-CN': '下一步（课堂演示）', en: 'next step (class demo)' }, bar: true },
  { command: 'ring', keys: ['c'], label: { 'zh-CN': '来电', en: 'call rings' }, event: 'RING', bar: true },
  { command: 'callBack', keys: ['o'], label: { 'zh-CN': '回访', en: 'call back' }, bar: true },
  { command: 'answer', keys: ['a', 'return'], label: { 'zh-CN': '接听', en: 'answer' }, event: 'ANSWER', bar: true },
  { command: 'say', keys: ['space'], label: { 'zh-CN': '已说', en: 'said it' }, event: 'SAY', bar: true },
  { command: 'hold', keys: ['h'], label: { 'zh-CN': '保持', en: 'hold' }, event: 'HOLD', bar: true },
  { command: 'callerHangUp', keys: ['e'], label: { 'zh-CN': '客户挂机', en: 'caller hung up' }, event: 'CALLER_HANG_UP', bar: true },
  { command: 'agentHangUp', keys: ['x'], label: { 'zh-CN': '我挂机', en: 'I hang up' }, event: 'AGENT_HANG_UP', bar: true },
  { command: 'nextPhase', keys: ['tab'], label: { 'zh-CN': '下一阶段', en: 'next phase' }, event: 'NEXT_PHASE', bar: true },
  { command: 'branches', keys: ['b'], label: { 'zh-CN': '分支', en: 'branches' }, bar: true },
  { command: 'fields', keys: ['f'], label: { 'zh-CN': '来电人', en: 'caller' }, bar: true },
  { command: 'nextLine', keys: ['right'], label: { 'zh-CN': '下一句', en: 'next line' }, event: 'NEXT_LINE', bar: true },
  { command: 'prevLine', keys: ['left'], label: { 'zh-CN': '上一句', en: 'previous line' }, event: 'PREV_LINE', bar: false },
  { command: 'lines', keys: ['r'], label: { 'zh-CN': '常用语', en: 'ready lines' }, bar: false },
  { command: 'note', keys: ['n'], label: { 'zh-CN': '备注', en: 'note' }, bar: false },
  { command: 'undo', keys: ['u'], label: { 'zh-CN': '撤销上一步', en: 'undo the last change' }, event: 'UNDO', bar: false },
  { command: 'filter', keys: ['/'], label: { 'zh-CN': '筛选原因', en: 'filter reasons' }, bar: true },
  { command: 'summary', keys: ['w'], label: { 'zh-CN': '小结', en: 'summary' }, bar: true },
  { command: 'flag', keys: ['!'], label: { 'zh-CN': '标记来电人', en: 'flag caller' }, event: 'TOGGLE_FLAG', bar: false },
  { command: 'save', keys: ['s'], label: { 'zh-CN': '保存并就绪', en: 'save and ready' }, event: 'SAVE', bar: true },
  { command: 'map', keys: ['m'], label: { 'zh-CN': '通话地图', en: 'call map' }, bar: false },
  { command: 'score', keys: ['k'], label: { 'zh-CN': '评分表：标记问题', en: 'scorecard: mark faults' }, bar: false },
  { command: 'cancel', keys: ['escape'], label: { 'zh-CN': '返回', en: 'back' }, event: 'CANCEL', bar: false },
  { command: 'help', keys: ['?'], label: { 'zh-CN': '帮助', en: 'help' }, bar: true },
  { command: 'quit', keys: ['q'], label: { 'zh-CN': '退出', en: 'quit' }, bar: true },
];

/** What the help bar shows while a line is being typed. */
export const EDIT_KEYS: readonly KeyCommand[] = [
  { command: 'keep', keys: ['return'], label: { 'zh-CN': '确认', en: 'keep' }, bar: true },
  { command: 'drop', keys: ['escape'], label: { 'zh-CN': '取消', en: 'cancel' }, bar: true },
];

export const COMMAND_NAMES = KEYMAP.map((entry) => entry.command);

/** A command's entry in the keymap the agent has (its keys, its event), if it has one. */
export function entryOf(keymap: readonly KeyCommand[], command: string): KeyCommand | undefined {
  return keymap.find((entry) => entry.command === command);
}

/** The keymap with the agent's overrides (command → key) applied. */
export function applyOverrides(overrides: Readonly<Record<string, string>>): KeyCommand[] {
  return KEYMAP.map((entry) => (overrides[entry.command] ? { ...entry, keys: [overrides[entry.command]!] } : entry));
}

const KEY_LABELS: Record<string, Record<Language, string>> = {
  space: { 'zh-CN': '空格', en: 'space' },
  return: { 'zh-CN': '回车', en: 'Enter' },
  tab: { 'zh-CN': 'Tab', en: 'Tab' },
  escape: { 'zh-CN': 'Esc', en: 'Esc' },
  left: { 'zh-CN': '←', en: '←' },
  right: { 'zh-CN': '→', en: '→' },
};

export function keyLabel(key: string, language: Language): string {
  return KEY_LABELS[key]?.[language] ?? key;
}

/** Ink's (input, key) as one key name: 'space', 'return', 'left', or the character typed. */
export function keyName(
  input: string,
  key: { leftArrow?: boolean; rightArrow?: boolean; upArrow?: boolean; downArrow?: boolean; return?: boolean; tab?: boolean; escape?: boolean; backspace?: boolean; delete?: boolean },
): string {
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.return) return 'return';
  if (key.tab) return 'tab';
  if (key.escape) return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (input === ' ') return 'space';
  return input;
}

/** The README's key table, made from the keymap so the two cannot drift apart. */
export function keyTableMarkdown(): string {
  const rows = KEYMAP.map((entry) => {
    const keys = entry.keys.map((key) => `\`${keyLabel(key, 'en')}\``).join(' / ');
    return `| ${keys} | ${entry.label.en} | ${entry.label['zh-CN']} |`;
  });
  return ['| key | does | 中文 |', '|---|---|---|', ...rows, '| `1`–`9` | choose in a menu: branch, caller field, ready line, reason group and reason | 在菜单中选择 |', '| `←` / `→` | at wrap-up, in an open reason group or the filter\'s list of more than nine, or in the ready lines past nine: the page before / after | 原因或常用语超过九条时翻页 |'].join('\n');
}
