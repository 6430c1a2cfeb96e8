/**
 * Settings, kept with conf in the config folder: who the agent is, which pack, thresholds,
 * strict mode and key overrides. Read once at the boundary and passed down as plain values.
 * Call records never live here.
 *
 * conf compiles its JSON schema (ajv) each time it opens the file, which a start of the live
 * screen paid for just to read what Ringside itself wrote. A file as Ringside writes it (every
 * setting there, each within the schema's bounds, checked here by hand) is read as it is; conf is
 * loaded only to write, or to read a file that is not so (it says what is wrong with it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Conf from 'conf';
import { printable, quoted, UserError } from './errors.js';
import { said } from './language.js';
import { parseDay } from './reports/export.js';
import { privateFolder } from './safe-fs.js';
import { CONTROL_CHARACTER, CONTROL_CLASS } from './controls.js';
import type { Thresholds } from './pack/schema.js';
import { DESK_VARIABLES, type DeskVariable, type PerPack } from './pack/desk-values.js';
import { applyOverrides, COMMAND_NAMES } from './ui/keys/keymap.js';
import { DEFAULT_INSTANT_FAIL, ITEM_IDS } from '../machines/scorecard.js';
import { RULES } from './rules.js';
import { parseSoftphoneAddress } from './softphone/address.js';
import { checkTeamUrl, TEAM_URL_MAX } from './team/url.js';
import { parseTranscriptSource } from './assist/source.js';

/** A transcript source is a path or a loopback address: a path's length is the system's to bound, this is ours. */
const TRANSCRIPT_SOURCE_MAX = 1000;

export interface Settings {
  agentName: string;
  agentNumber: string;
  company: string;
  hotline: string;
  pack: string;
  /** The screen's language; `auto` follows the pack. */
  language: 'auto' | 'zh-CN' | 'en';
  ringSeconds?: number;
  holdCheckBackSeconds?: number;
  nonBusinessSeconds?: number;
  wrapUpSeconds?: number;
  openNowSeconds?: number;
  /** Trainee mode: a phase cannot be left with required steps undone. */
  strict: boolean;
  /** On a projector: the screen masks caller data (names, phones, addresses, private fields, notes, summaries). */
  projector: boolean;
  /** Dates skipped when counting working days (YYYY-MM-DD). */
  holidays: string[];
  /** Key overrides: command → key, e.g. { "hold": "p" }. */
  keys: Record<string, string>;
  /** Rule IDs or scorecard items that fail a whole call when they fail (its score is 0). */
  instantFail: string[];
  /** The softphone to follow, e.g. baresip://127.0.0.1:4444; empty: the keyboard is the phone. */
  softphone: string;
  /** Company and hotline for one pack, over the pack's own (src/pack/desk-values.ts). */
  perPack: PerPack;
  /** The team's PostgreSQL, a libpq URL (src/team/url.ts); empty: the desk works alone. */
  team: string;
  /** The team board's colour thresholds for time in state, seconds rising: "10,60,300" (src/team/board-model.ts). */
  boardColours?: string;
  /** The transcript feed to follow (live assist, docs/assist.md): a file or FIFO, or tcp://127.0.0.1:PORT; empty: none. */
  transcript: string;
  /** How well (0.5 to 1) what the agent said must match a step's ways of saying it to tick it (src/assist/match.ts has the default). */
  heardThreshold?: number;
  /** Seconds of the agent's silence after a caller's question before the repeat line is offered (R-REPEAT). */
  repeatAfterSeconds?: number;
  /** Who speaks in a feed whose lines do not say (a recogniser on one side's audio): agent unless set. */
  transcriptSpeaker?: 'agent' | 'caller';
}

const seconds = { type: 'number', minimum: 1, maximum: 86_400 } as const;

/**
 * A setting is one line of text shown on screens and in headers: none of the characters a terminal
 * acts on (CONTROL_CHARACTER: an escape sequence, a bell, a direction override), nor a line break.
 */
const SETTING_CONTROL = new RegExp(`${CONTROL_CHARACTER.source}|\\n`, 'u');
const NO_CONTROLS = `^[^${CONTROL_CLASS}\\n]*$`;
const text = (fallback: string) => ({ type: 'string', pattern: NO_CONTROLS, default: fallback }) as const;

/** The key names the screen reads besides a typed character (src/ui/keys/keymap.ts keyName). */
export const KEY_NAMES = ['space', 'return', 'tab', 'escape', 'left', 'right', 'up', 'down', 'backspace'] as const;
/** One key: a key name, or one character a key types (not a control, a space or a digit: digits choose in menus). */
const ONE_KEY = `^(?:${KEY_NAMES.join('|')}|[^${CONTROL_CLASS}\\s0-9])$`;
/** A pack id as packs spell it (src/pack/schema.ts), bounded. */
const PACK_ID = '^[a-zA-Z][a-zA-Z0-9-]*$';
const PACK_ID_MAX = 100;
/** Packs that perPack may name: a bound on what a hand-edited file can make every start read. */
const PER_PACK_MAX = 100;
/**
 * Who the agent is and whom they answer for, as the lines say it (`1024号为您服务`, `这里是天天公司`):
 * an agent number of letters and digits, a name and a company or hotline of one short line. The
 * first-run setup (src/ui/first-run.ts) checks what is typed against these same bounds.
 */
export const AGENT_NUMBER_PATTERN = '^[A-Za-z0-9]*$';
export const TEXT_BOUNDS = { agentNumber: 16, agentName: 40, company: 60, hotline: 60 } as const;
export type BoundedSetting = keyof typeof TEXT_BOUNDS;
/** Three whole numbers of seconds, by commas: the board's colour thresholds. */
const BOARD_COLOURS = '^[0-9]{1,5},[0-9]{1,5},[0-9]{1,5}$';
const perPackValue = { type: 'string', minLength: 1, pattern: NO_CONTROLS, maxLength: TEXT_BOUNDS.company } as const;

const schema = {
  agentName: { ...text(''), maxLength: TEXT_BOUNDS.agentName },
  agentNumber: { type: 'string', pattern: AGENT_NUMBER_PATTERN, maxLength: TEXT_BOUNDS.agentNumber, default: '' },
  company: { ...text(''), maxLength: TEXT_BOUNDS.company },
  hotline: { ...text(''), maxLength: TEXT_BOUNDS.hotline },
  pack: text('zh-CN-general'),
  language: { type: 'string', enum: ['auto', 'zh-CN', 'en'], default: 'auto' },
  ringSeconds: seconds,
  holdCheckBackSeconds: seconds,
  nonBusinessSeconds: seconds,
  wrapUpSeconds: seconds,
  openNowSeconds: seconds,
  strict: { type: 'boolean', default: false },
  projector: { type: 'boolean', default: false },
  // format date: a day of the calendar (no 2026-02-30), as ajv-formats checks it.
  holidays: { type: 'array', items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' }, default: [] },
  keys: {
    type: 'object',
    propertyNames: { enum: COMMAND_NAMES },
    additionalProperties: { type: 'string', pattern: ONE_KEY },
    default: {},
  },
  instantFail: { type: 'array', items: { type: 'string', pattern: NO_CONTROLS }, default: [...DEFAULT_INSTANT_FAIL] },
  softphone: text(''),
  team: { ...text(''), maxLength: TEAM_URL_MAX },
  boardColours: { type: 'string', pattern: BOARD_COLOURS },
  transcript: { ...text(''), maxLength: TRANSCRIPT_SOURCE_MAX },
  heardThreshold: { type: 'number', minimum: 0.5, maximum: 1 },
  repeatAfterSeconds: { type: 'number', minimum: 1, maximum: 600 },
  transcriptSpeaker: { type: 'string', enum: ['agent', 'caller'] },
  perPack: {
    type: 'object',
    maxProperties: PER_PACK_MAX,
    propertyNames: { pattern: PACK_ID, maxLength: PACK_ID_MAX },
    additionalProperties: {
      type: 'object',
      properties: Object.fromEntries(DESK_VARIABLES.map((name) => [name, perPackValue])),
      additionalProperties: false,
    },
    default: {},
  },
} as const;

export const SETTING_NAMES = Object.keys(schema) as (keyof Settings)[];

/** conf, once loaded (loadConf). */
let ConfClass: typeof Conf | undefined;

/** Loads conf: needed before a SettingsStore writes, or reads a file settingsAsWritten refuses. */
export async function loadConf(): Promise<void> {
  ConfClass ??= (await import('conf')).default;
}

const SETTINGS_FILE = 'config.json';
const NO_CONTROLS_TEXT = new RegExp(NO_CONTROLS, 'u');
const ONE_KEY_TEXT = new RegExp(ONE_KEY, 'u');
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const PACK_ID_TEXT = new RegExp(PACK_ID);
const AGENT_NUMBER_TEXT = new RegExp(AGENT_NUMBER_PATTERN, 'u');

/**
 * What keeps `text` out of a bounded setting, by the schema's own bounds, or null: a character a
 * terminal acts on, a character an agent number does not take (letters and digits only), or more
 * characters (code points, as the schema counts them) than the setting holds.
 */
export function boundedTextProblem(name: BoundedSetting, text: string): null | { kind: 'control' } | { kind: 'notLettersAndDigits' } | { kind: 'tooLong'; max: number } {
  if (!NO_CONTROLS_TEXT.test(text)) return { kind: 'control' };
  if (name === 'agentNumber' && !AGENT_NUMBER_TEXT.test(text)) return { kind: 'notLettersAndDigits' };
  const max = TEXT_BOUNDS[name];
  return [...text].length > max ? { kind: 'tooLong', max } : null;
}

const isBounded = (name: string): name is BoundedSetting => name in TEXT_BOUNDS;

/** A day of the calendar as YYYY-MM-DD (no 2026-02-30), as ajv-formats' date checks it. */
function isCalendarDay(text: string): boolean {
  const [, year, month, day] = DAY.exec(text)?.map(Number) ?? [];
  if (year === undefined || month === undefined || day === undefined || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether a value keeps the schema of its setting (the same bounds as `schema`, checked by hand). */
function keepsSchema(name: keyof Settings, value: unknown): boolean {
  const strings = (list: unknown, pattern: RegExp) => Array.isArray(list) && list.every((item) => typeof item === 'string' && pattern.test(item));
  const rule = schema[name] as { type: string; enum?: readonly string[]; minimum?: number; maximum?: number };
  switch (name) {
    case 'language':
    case 'transcriptSpeaker':
      return typeof value === 'string' && rule.enum!.includes(value);
    case 'transcript':
      return typeof value === 'string' && value.length <= TRANSCRIPT_SOURCE_MAX && NO_CONTROLS_TEXT.test(value);
    case 'holidays':
      return strings(value, DAY) && (value as string[]).every(isCalendarDay);
    case 'instantFail':
      return strings(value, NO_CONTROLS_TEXT);
    case 'team':
      return typeof value === 'string' && value.length <= TEAM_URL_MAX && NO_CONTROLS_TEXT.test(value);
    case 'boardColours':
      return typeof value === 'string' && new RegExp(BOARD_COLOURS).test(value);
    case 'keys':
      return (
        typeof value === 'object' && value !== null && !Array.isArray(value) &&
        Object.entries(value).every(([command, key]) => COMMAND_NAMES.includes(command) && typeof key === 'string' && ONE_KEY_TEXT.test(key))
      );
    case 'perPack': {
      const isObject = (item: unknown): item is Record<string, unknown> => typeof item === 'object' && item !== null && !Array.isArray(item);
      if (!isObject(value) || Object.keys(value).length > PER_PACK_MAX) return false;
      return Object.entries(value).every(
        ([id, given]) =>
          PACK_ID_TEXT.test(id) && [...id].length <= PACK_ID_MAX && isObject(given) &&
          Object.entries(given).every(([name, text]) => DESK_VARIABLES.includes(name as DeskVariable) && typeof text === 'string' && text !== '' && boundedTextProblem(name as DeskVariable, text) === null),
      );
    }
    default:
      if (rule.type === 'number') return typeof value === 'number' && value >= rule.minimum! && value <= rule.maximum!;
      if (rule.type === 'boolean') return typeof value === 'boolean';
      if (isBounded(name)) return typeof value === 'string' && boundedTextProblem(name, value) === null;
      return typeof value === 'string' && NO_CONTROLS_TEXT.test(value);
  }
}

/**
 * The settings in `dir` when its file is as Ringside writes it: JSON holding every setting that
 * has a default and no other names, each within its bounds. Anything else (no file yet, a setting
 * missing, a value out of bounds, not JSON): null, and conf reads it (writing the defaults in, or
 * saying what is wrong).
 */
export function settingsAsWritten(dir: string): Settings | null {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const names = Object.keys(data) as (keyof Settings)[];
  const withDefaults = SETTING_NAMES.filter((name) => 'default' in schema[name]);
  if (!withDefaults.every((name) => names.includes(name))) return null;
  if (!names.every((name) => SETTING_NAMES.includes(name) && keepsSchema(name, (data as Record<string, unknown>)[name]))) return null;
  return { ...(data as Settings) };
}

export class SettingsStore {
  private readonly conf: Conf<Settings> | null = null;
  private readonly read: Settings | null = null;

  /** `forWriting`: conf opens the file (loadConf first). Otherwise a file as Ringside writes it is read as it is. */
  constructor(readonly dir: string, forWriting = false) {
    // conf would make the folder as the umask says (0755, or 0777 under umask 000); settings and
    // the user's packs are the user's alone.
    privateFolder(dir, 'settings');
    this.read = forWriting ? null : settingsAsWritten(dir);
    if (this.read) return;
    // Loaded by the command beforehand unless the file changed since it was looked at.
    if (!ConfClass) {
      throw new UserError(
        said({
          'zh-CN': `设置文件 ${printable(dir)}/${SETTINGS_FILE} 在 Ringside 读取时被改动了；请再运行一次命令。`,
          en: `The settings file ${printable(dir)}/${SETTINGS_FILE} changed while Ringside read it; run the command again.`,
        }),
        1,
      );
    }
    try {
      this.conf = new ConfClass<Settings>({
        projectName: 'ringside',
        cwd: dir,
        schema: schema as never,
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      });
    } catch (error) {
      // conf writes the defaults in when the file lacks them: a folder it cannot write is said as such.
      this.cannotWrite(error, `${dir}/config.json`, said({ 'zh-CN': '缺少默认设置时 Ringside 会把它们写进去', en: 'Ringside writes the default settings into it when they are missing' }));
      throw new UserError(
        said({
          'zh-CN': `设置文件 ${printable(dir)}/config.json 读不了：${problemIn(error)}。请手动改好，或删掉它从默认设置开始。`,
          en: `The settings file ${printable(dir)}/config.json cannot be read: ${problemIn(error)}. Fix it by hand, or delete it to start from the defaults.`,
        }),
      );
    }
  }

  get path(): string {
    return this.conf?.path ?? join(this.dir, SETTINGS_FILE);
  }

  get all(): Settings {
    return { ...(this.read ?? this.writable.store) };
  }

  get(name: string): unknown {
    this.check(name);
    return this.read ? this.read[name as keyof Settings] : this.writable.get(name as keyof Settings);
  }

  /** conf, for a store opened for writing. */
  private get writable(): Conf<Settings> {
    if (!this.conf) throw new Error('the settings were opened for reading only');
    return this.conf;
  }

  /** Sets a setting from its text on the command line, typed by the schema. */
  set(name: string, text: string): void {
    this.check(name);
    const key = name as keyof Settings;
    // Before anything quotes it back: a value that would drive the terminal is never stored or echoed.
    // (A key override says what a key may be instead.)
    const control = key === 'keys' ? null : SETTING_CONTROL.exec(text);
    if (control) {
      throw new UserError(cannotHold(name, control[0]));
    }
    if (isBounded(key)) refuseOutOfBounds(key, text);
    const type = (schema[key] as { type: string }).type;
    let value: unknown = text;
    if (key === 'heardThreshold') {
      value = Number(text);
      if (!(Number(value) >= 0.5 && Number(value) <= 1)) {
        throw new UserError(said({ 'zh-CN': `heardThreshold 要填 0.5 到 1 之间的数（如 0.8），不能是 ${quoted(text)}。什么都没有改动。`, en: `heardThreshold takes a number from 0.5 to 1 (such as 0.8), not ${quoted(text)}. Nothing was changed.` }));
      }
    } else if (type === 'number') {
      value = Number(text);
      if (!Number.isFinite(value)) throw new UserError(said({ 'zh-CN': `${name} 要填秒数，不能是 ${quoted(text)}。`, en: `${name} takes a number of seconds, not ${quoted(text)}.` }));
    } else if (type === 'boolean') {
      if (!['true', 'false', 'on', 'off', 'yes', 'no'].includes(text)) throw new UserError(said({ 'zh-CN': `${name} 要填 true 或 false，不能是 ${quoted(text)}。`, en: `${name} takes true or false, not ${quoted(text)}.` }));
      value = ['true', 'on', 'yes'].includes(text);
    } else if (type === 'array') {
      value = text.split(',').map((part) => part.trim()).filter(Boolean);
    } else if (key === 'perPack') {
      throw new UserError(
        said({
          'zh-CN': 'perPack 一次设一个话术包：ringside config set company 名称 --pack 编号（或 hotline）。什么都没有改动。',
          en: 'perPack is set one pack at a time: ringside config set company NAME --pack ID (or hotline). Nothing was changed.',
        }),
      );
    } else if (type === 'object') {
      value = keyOverrides(text);
    }
    if (key === 'holidays') for (const day of value as string[]) parseDay(day, 'holidays');
    if (key === 'instantFail') {
      const unknown = (value as string[]).filter((entry) => !ITEM_IDS.includes(entry) && !RULES.some((rule) => rule.id === entry));
      if (unknown.length > 0) {
        throw new UserError(
          said({
            'zh-CN': `instantFail 要填规范编号（ringside rules 会列出）或评分项 A-N；${unknown.join('、')} 不是。`,
            en: `instantFail takes rule IDs (ringside rules lists them) or scorecard items A-N; not ${unknown.join(', ')}.`,
          }),
        );
      }
    }
    if (key === 'softphone' && text !== '') parseSoftphoneAddress(text);
    if (key === 'team' && text !== '') checkTeamUrl(text);
    if (key === 'transcript' && text !== '') parseTranscriptSource(text);
    if (key === 'boardColours') {
      const [a, b, c] = text.split(',').map(Number);
      if (!new RegExp(BOARD_COLOURS).test(text) || !(a! > 0 && a! < b! && b! < c!)) {
        throw new UserError(
          said({
            'zh-CN': `boardColours 要填三个递增的秒数，用逗号隔开，如 10,60,300，不能是 ${quoted(text)}。什么都没有改动。`,
            en: `boardColours takes three rising numbers of seconds by commas, such as 10,60,300, not ${quoted(text)}. Nothing was changed.`,
          }),
        );
      }
    }
    if (key === 'keys') {
      // One key, one command: an override that takes another command's key would shadow it.
      const overrides = value as Record<string, string>;
      const keymap = applyOverrides(overrides);
      for (const [command, key] of Object.entries(overrides)) {
        const clash = keymap.find((other) => other.command !== command && other.keys.includes(key));
        if (clash) {
          throw new UserError(said({ 'zh-CN': `按键 "${key}" 已用于 ${clash.command}；请给 ${command} 另一个键。`, en: `The key "${key}" already does ${clash.command}; give ${command} a key of its own.` }));
        }
      }
    }
    try {
      this.writable.set(key, value as never);
    } catch (error) {
      this.cannotWrite(error, this.path);
      throw new UserError(said({ 'zh-CN': `${quoted(text)} 不是 ${name} 能用的值（${problemIn(error)}）。`, en: `${quoted(text)} is not a valid value for ${name} (${problemIn(error)}).` }));
    }
  }

  /**
   * Gives one pack its own company or hotline (`text`), or takes it back (null): the pack then says
   * its own again, or the global setting if it leaves the variable open. `packId` is one the caller
   * found among the packs.
   */
  setForPack(name: string, packId: string, text: string | null): void {
    if (!(DESK_VARIABLES as readonly string[]).includes(name)) {
      throw new UserError(
        said({
          'zh-CN': `--pack 只用于 ${DESK_VARIABLES.join(' 或 ')}，不用于 ${quoted(name)}。什么都没有改动。`,
          en: `--pack goes with ${DESK_VARIABLES.join(' or ')} only, not ${quoted(name)}. Nothing was changed.`,
        }),
      );
    }
    if (text !== null) {
      const control = SETTING_CONTROL.exec(text);
      if (control) {
        throw new UserError(cannotHold(name, control[0]));
      }
      if (text === '') {
        throw new UserError(
          said({
            'zh-CN': `${packId} 的 ${name} 不能为空；要恢复话术包自带的，用 ringside config unset ${name} --pack ${packId}。什么都没有改动。`,
            en: `${name} for ${packId} cannot be empty; to go back to what the pack says, use ringside config unset ${name} --pack ${packId}. Nothing was changed.`,
          }),
        );
      }
      refuseOutOfBounds(name as DeskVariable, text);
    }
    const perPack: PerPack = structuredClone(this.writable.get('perPack') ?? {});
    const forPack = { ...perPack[packId] };
    if (text === null) delete forPack[name as DeskVariable];
    else forPack[name as DeskVariable] = text;
    if (Object.keys(forPack).length > 0) perPack[packId] = forPack;
    else delete perPack[packId];
    try {
      this.writable.set('perPack', perPack);
    } catch (error) {
      this.cannotWrite(error, this.path);
      throw new UserError(
        said({
          'zh-CN': `${quoted(text ?? '')} 不是 ${packId} 的 ${name} 能用的值（${problemIn(error)}）。`,
          en: `${quoted(text ?? '')} is not a valid value for ${name} of ${packId} (${problemIn(error)}).`,
        }),
      );
    }
  }

  /**
   * Who the agent is (and the company or hotline a pack leaves to the desk), as the first-run setup
   * gathered them: all written at once or none (one write of the file), each within its bounds.
   */
  setWho(values: Partial<Record<BoundedSetting, string>>): void {
    for (const [name, text] of Object.entries(values)) refuseOutOfBounds(name as BoundedSetting, text);
    try {
      this.writable.set(values as never);
    } catch (error) {
      this.cannotWrite(error, this.path);
      throw new UserError(said({ 'zh-CN': `设置没能写入（${problemIn(error)}）；什么都没有改动。`, en: `The settings could not be written (${problemIn(error)}); nothing was changed.` }));
    }
  }

  /** Removes a setting, back to its default. */
  reset(name: string): void {
    this.check(name);
    try {
      this.writable.reset(name as keyof Settings);
    } catch (error) {
      this.cannotWrite(error, this.path);
      throw error;
    }
  }

  private check(name: string): void {
    if (!SETTING_NAMES.includes(name as keyof Settings)) {
      throw new UserError(
        said({ 'zh-CN': `没有设置项 ${quoted(name)}。设置项有：${SETTING_NAMES.join('、')}。`, en: `There is no setting ${quoted(name)}. Settings: ${SETTING_NAMES.join(', ')}.` }),
      );
    }
  }

  /** A file system's refusal (a read-only disk, a full one) is the machine's setup, not a bad value: said so, exit 1. */
  private cannotWrite(error: unknown, file: string, what = said({ 'zh-CN': '什么都没有改动', en: 'nothing was changed' })): void {
    const { code, syscall } = error as NodeJS.ErrnoException;
    if (typeof code !== 'string' || typeof syscall !== 'string' || !/^E[A-Z]+$/.test(code)) return;
    const words = said({
      'zh-CN': {
        readOnly: '所在文件夹在只读文件系统上',
        full: '磁盘满了',
        denied: '你无权在它的文件夹里写入',
        check: '请检查它的文件夹',
        sentence: (why: string) => `设置文件 ${printable(file)} 写不了（${code}：${why}）；${what}。请让文件夹可写，或用 RINGSIDE_HOME=文件夹 另选一个。`,
      },
      en: {
        readOnly: 'its folder is on a read-only file system',
        full: 'the disk is full',
        denied: 'you may not write in its folder',
        check: 'check its folder',
        sentence: (why: string) => `The settings file ${printable(file)} cannot be written (${code}: ${why}); ${what}. Make the folder writable, or choose another folder with RINGSIDE_HOME=DIR.`,
      },
    });
    const why =
      code === 'EROFS'
        ? words.readOnly
        : code === 'ENOSPC' || code === 'EDQUOT'
          ? words.full
          : code === 'EACCES' || code === 'EPERM'
            ? words.denied
            : words.check;
    throw new UserError(words.sentence(why), 1);
  }
}

/** A bounded setting's text past its bounds: a sentence, and nothing changed. */
function refuseOutOfBounds(name: BoundedSetting, text: string): void {
  const problem = boundedTextProblem(name, text);
  if (problem?.kind === 'notLettersAndDigits') {
    throw new UserError(
      said({
        'zh-CN': `agentNumber 只能是字母和数字（开场白会说「1024号为您服务」），不能是 ${quoted(text)}。什么都没有改动。`,
        en: `agentNumber takes letters and digits only (the lines say it as 1024号为您服务), not ${quoted(text)}. Nothing was changed.`,
      }),
    );
  }
  if (problem?.kind === 'tooLong') {
    throw new UserError(
      said({
        'zh-CN': `${name} 最多 ${problem.max} 个字，给出的有 ${[...text].length} 个。什么都没有改动。`,
        en: `${name} holds at most ${problem.max} characters; the text given has ${[...text].length}. Nothing was changed.`,
      }),
    );
  }
}

/** A setting's text refused for a character that would drive the terminal. */
function cannotHold(name: string, character: string): string {
  return said({
    'zh-CN': `${name} 不能含有 ${codePoint(character)}（转义序列、响铃、换行或方向控制符会操纵显示这项设置的终端）。什么都没有改动；请去掉它再填。`,
    en: `${name} cannot hold ${codePoint(character)} (an escape sequence, a bell, a line break or a direction override would drive the terminal the setting is shown on). Nothing was changed; give the text without it.`,
  });
}

/** "U+001B" for a sentence. */
function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What conf's schema found wrong, in a few words (its patterns are not for people). */
function problemIn(error: unknown): string {
  const message = (error as Error).message.split('\n')[0]!.replace(/^Config schema violation: /, '');
  const words = said({
    'zh-CN': {
      day: (at: string) => `${at} 不是 YYYY-MM-DD 形式的日期`,
      key: (at: string) => `${at} 必须是一个键（键名或一个字符，不能是数字）`,
      perPack: (at: string) => `${at} 必须把话术包编号对应到它的公司和热线（最多 ${PER_PACK_MAX} 个话术包）`,
      control: (at: string) => `${at} 含有终端会执行的字符（转义序列、响铃、换行或方向控制符）`,
      agentNumber: 'agentNumber 只能是字母和数字',
    },
    en: {
      day: (at: string) => `${at} is not a day of the calendar as YYYY-MM-DD`,
      key: (at: string) => `${at} must be one key (a key name or one character, not a digit)`,
      perPack: (at: string) => `${at} must map pack ids to their company and hotline (at most ${PER_PACK_MAX} packs)`,
      control: (at: string) => `${at} holds a character the terminal would act on (an escape sequence, a bell, a line break or a direction override)`,
      agentNumber: 'agentNumber must be letters and digits only',
    },
  });
  return message.replace(/`([^`]*)` must match (?:pattern|format) "[^"]*"/g, (_, at: string) =>
    at.startsWith('holidays/')
      ? words.day(at)
      : at === 'agentNumber'
        ? words.agentNumber
      : at.startsWith('keys/')
        ? words.key(at)
        : at.startsWith('perPack') && !at.endsWith('company') && !at.endsWith('hotline')
          ? words.perPack(at || 'perPack')
        : words.control(at),
  );
}

/**
 * `keys` from the command line: "hold=p,answer=y". Each pair names a command and gives it one key:
 * a key name (space, return, tab, escape, left, right, up, down, backspace) or one character
 * (not a digit: digits choose in menus).
 */
function keyOverrides(text: string): Record<string, string> {
  const overrides: Record<string, string> = {};
  const words = said({
    'zh-CN': {
      form: 'keys 要填 命令=键，用逗号分隔，如 hold=p,answer=y',
      commands: '命令有：',
      separator: '、',
      namesNoCommand: (pair: string) => `${quoted(pair)} 没有写命令。`,
      notCommand: (command: string) => `${quoted(command)} 不是命令。`,
      noKey: (pair: string, command: string) => `${quoted(pair)} 没有给 ${command} 键`,
      digit: (command: string, key: string) => `数字键用于在菜单里选择（分支、来电人字段、来电原因）：请给 ${command} 一个 ${key} 以外的键。`,
      oneKey: (command: string, key: string) => `${command} 的键必须是一个键：一个字符（字母或符号）或一个键名（${KEY_NAMES.join('、')}）；${quoted(key)} 不行。`,
      end: '。',
      semicolon: '；',
    },
    en: {
      form: 'keys takes COMMAND=KEY pairs separated by commas, e.g. hold=p,answer=y',
      commands: ' Commands: ',
      separator: ', ',
      namesNoCommand: (pair: string) => `${quoted(pair)} names no command.`,
      notCommand: (command: string) => `${quoted(command)} is not a command.`,
      noKey: (pair: string, command: string) => `${quoted(pair)} gives ${command} no key`,
      digit: (command: string, key: string) => `The digits choose in menus (branches, caller fields, reasons): give ${command} another key than ${key}.`,
      oneKey: (command: string, key: string) =>
        `The key for ${command} must be one key: one character (a letter or a sign) or a key name (${KEY_NAMES.join(', ')}); not ${quoted(key)}.`,
      end: '.',
      semicolon: '; ',
    },
  });
  const form = `${words.form}${words.semicolon}`;
  const commands = `${words.commands}${COMMAND_NAMES.join(words.separator)}${words.end}`;
  for (const pair of text.split(',').map((part) => part.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    const command = (at < 0 ? pair : pair.slice(0, at)).trim();
    const key = at < 0 ? '' : pair.slice(at + 1).trim();
    if (!command) throw new UserError(`${form}${words.namesNoCommand(pair)}${commands}`);
    if (!COMMAND_NAMES.includes(command)) throw new UserError(`${form}${words.notCommand(command)}${commands}`);
    if (!key) throw new UserError(`${form}${words.noKey(pair, command)}${words.end}`);
    if (/^[0-9]$/.test(key)) throw new UserError(words.digit(command, key));
    if (!new RegExp(ONE_KEY, 'u').test(key)) throw new UserError(words.oneKey(command, key));
    overrides[command] = key;
  }
  return overrides;
}

/** The thresholds the agent set, in milliseconds (unset ones stay with the pack). */
export function settingsThresholds(settings: Settings): Partial<Thresholds> {
  const ms = (s?: number) => (s === undefined ? undefined : Math.round(s * 1000));
  return {
    ringMs: ms(settings.ringSeconds),
    holdCheckBackMs: ms(settings.holdCheckBackSeconds),
    nonBusinessMs: ms(settings.nonBusinessSeconds),
    wrapUpMs: ms(settings.wrapUpSeconds),
    openNowMs: ms(settings.openNowSeconds),
  };
}
