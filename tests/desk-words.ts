/**
 * What a desk's words are checked against (issue 17, items 1 and 7): the English words left in a
 * Chinese desk's output outside what is typed or read as an identifier, and Chinese characters.
 * The allowlist is explained in tests/cli/desk-language-commands.test.ts.
 */
import { SETTING_NAMES } from '../src/config.js';
import { COMMAND_NAMES } from '../src/ui/keys/keymap.js';

export const COMMANDS = ['ringside', 'train', 'history', 'stats', 'demo-data', 'follow-ups', 'export', 'score', 'replay', 'packs', 'check', 'show', 'rules', 'chart', 'config', 'list', 'get', 'set', 'unset', 'path', 'help', 'board', 'team', 'init', 'sync', 'assign', 'transcribe'];
// Words a person types or reads as data (the allowlist).
const TYPED = new Set([
  ...COMMANDS,
  ...SETTING_NAMES,
  ...COMMAND_NAMES,
  'json', 'jsonl', 'csv', 'text', 'mermaid', 'phases', 'steps', 'machine', 'JSON', 'CSV', 'Lines', 'YAML', 'UTF', 'YYYY', 'MM', 'DD', 'Mermaid', 'yaml',
  'true', 'false', 'null', 'auto', 'baresip', 'pocketsphinx', 'WAV', 'ctrl_tcp_listen', 'Ringside', 'KB', 'MB', 'tcp',
  // The team's server, as it is typed and named: postgres://…?sslmode=require, PGPASSWORD, ~/.pgpass.
  'PostgreSQL', 'postgres', 'sslmode', 'require', 'PGPASSWORD', 'pgpass', 'sslrootcert', 'sslcert', 'sslkey', 'pg_hba', 'conf',
  // Keys a pack author writes and the loader names (its field names are the file's own words).
  'variables', 'judge', 'hangUp', 'repeat', 'asks', 'areaCode', 'says', 'hangsUp', 'keys', 'type', 'explainTimes', 'afterRepeats', 'kind', 'consultation', 'crossRegion', 'reasons', 'name',
  'answered', 'onHold', 'resumed', 'said', 'phase', 'branch', 'whenLate', 'space', 'return', 'tab', 'escape', 'left', 'right', 'backspace',
]);

/** The English words in `text` outside the allowlist: ids, codes, option names, paths and quoted text taken out first. */
export function englishWords(text: string, also: Iterable<string> = []): string[] {
  const allowed = new Set([...TYPED, ...also]);
  const stripped = text
    .replace(/\b(?:demo-data|follow-ups)\b/g, ' ') // command names with a dash
    .replace(/:\d+:\d+: [\w.[\]]+：/g, ' ') // file:line:column and the key of the pack file it points at
    .replace(/"[^"\n]*"/g, ' ') // what was typed, quoted; a JSON value
    .replace(/(?:\/[\w.@+-]+)+\/?(?::\d+:\d+)?/g, ' ') // a path, with its file:line:column
    .replace(/(?<![\w-])--?[a-zA-Z][\w-]*/g, ' ') // option names
    .replace(/\bR-[A-Z0-9-]+/g, ' ') // rule IDs
    .replace(/\b(?:zh-CN|zh|en)(?:-[a-z0-9-]+)?\b/g, ' ') // pack ids, scenario ids, languages
    .replace(/\{[^{}]*\}/g, ' ') // {variables} in lines
    .replace(/\b[A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)+\b/g, ' ') // reason codes
    .replace(/\b[\w.]+=[\w.,=]*/g, ' ') // hold=p,answer=y; company=…
    .replace(/\b[a-z]+(?:\.[a-zA-Z]+|\[\d+\])+/g, ' ') // a path inside a pack file: phases.closing, branches[0]
    .replace(/\bA-N\b|\bC,I\b/g, ' '); // scorecard letters
  return [...new Set((stripped.match(/[A-Za-z][A-Za-z_]*/g) ?? []).filter((word) => !allowed.has(word) && !/^[A-Z]$/.test(word)))];
}

export const HAN = /\p{Script=Han}/u;
