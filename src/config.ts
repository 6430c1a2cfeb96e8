/**
 * Settings, kept with conf in the config folder: who the agent is, which pack, thresholds,
 * strict mode and key overrides. Read once at the boundary and passed down as plain values.
 * Call records never live here.
 */
import Conf from 'conf';
import { UserError } from './errors.js';
import { privateFolder } from './safe-fs.js';
import type { Thresholds } from './pack/schema.js';
import { applyOverrides, COMMAND_NAMES } from './ui/keymap.js';
import { DEFAULT_INSTANT_FAIL, ITEM_IDS } from '../machines/scorecard.js';
import { RULES } from './rules.js';
import { parseSoftphoneAddress } from './softphone/address.js';

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
}

const seconds = { type: 'number', minimum: 1, maximum: 86_400 } as const;

const schema = {
  agentName: { type: 'string', default: '' },
  agentNumber: { type: 'string', default: '' },
  company: { type: 'string', default: '' },
  hotline: { type: 'string', default: '' },
  pack: { type: 'string', default: 'zh-CN-general' },
  language: { type: 'string', enum: ['auto', 'zh-CN', 'en'], default: 'auto' },
  ringSeconds: seconds,
  holdCheckBackSeconds: seconds,
  nonBusinessSeconds: seconds,
  wrapUpSeconds: seconds,
  openNowSeconds: seconds,
  strict: { type: 'boolean', default: false },
  projector: { type: 'boolean', default: false },
  holidays: { type: 'array', items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, default: [] },
  keys: {
    type: 'object',
    propertyNames: { enum: COMMAND_NAMES },
    additionalProperties: { type: 'string', minLength: 1 },
    default: {},
  },
  instantFail: { type: 'array', items: { type: 'string' }, default: [...DEFAULT_INSTANT_FAIL] },
  softphone: { type: 'string', default: '' },
} as const;

export const SETTING_NAMES = Object.keys(schema) as (keyof Settings)[];

export class SettingsStore {
  private readonly conf: Conf<Settings>;

  constructor(readonly dir: string) {
    // conf would make the folder as the umask says (0755, or 0777 under umask 000); settings and
    // the user's packs are the user's alone.
    privateFolder(dir, 'The settings folder');
    try {
      this.conf = new Conf<Settings>({
        projectName: 'ringside',
        cwd: dir,
        schema: schema as never,
        configFileMode: 0o600,
        accessPropertiesByDotNotation: false,
        clearInvalidConfig: false,
      });
    } catch (error) {
      throw new UserError(
        `The settings file ${dir}/config.json cannot be read: ${(error as Error).message.split('\n')[0]}. Fix it by hand, or delete it to start from the defaults.`,
      );
    }
  }

  get path(): string {
    return this.conf.path;
  }

  get all(): Settings {
    return { ...this.conf.store };
  }

  get(name: string): unknown {
    this.check(name);
    return this.conf.get(name as keyof Settings);
  }

  /** Sets a setting from its text on the command line, typed by the schema. */
  set(name: string, text: string): void {
    this.check(name);
    const key = name as keyof Settings;
    const type = (schema[key] as { type: string }).type;
    let value: unknown = text;
    if (type === 'number') {
      value = Number(text);
      if (!Number.isFinite(value)) throw new UserError(`${name} takes a number of seconds, not "${text}".`);
    } else if (type === 'boolean') {
      if (!['true', 'false', 'on', 'off', 'yes', 'no'].includes(text)) throw new UserError(`${name} takes true or false, not "${text}".`);
      value = ['true', 'on', 'yes'].includes(text);
    } else if (type === 'array') {
      value = text.split(',').map((part) => part.trim()).filter(Boolean);
    } else if (type === 'object') {
      // keys: "hold=p,answer=y"
      value = Object.fromEntries(text.split(',').filter(Boolean).map((pair) => pair.split('=').map((s) => s.trim())));
    }
    if (key === 'instantFail') {
      const unknown = (value as string[]).filter((entry) => !ITEM_IDS.includes(entry) && !RULES.some((rule) => rule.id === entry));
      if (unknown.length > 0) {
        throw new UserError(`instantFail takes rule IDs (ringside rules lists them) or scorecard items A-N; not ${unknown.join(', ')}.`);
      }
    }
    if (key === 'softphone' && text !== '') parseSoftphoneAddress(text);
    if (key === 'keys') {
      // One key, one command: an override that takes another command's key would shadow it.
      const overrides = value as Record<string, string>;
      const keymap = applyOverrides(overrides);
      for (const [command, key] of Object.entries(overrides)) {
        const clash = keymap.find((other) => other.command !== command && other.keys.includes(key));
        if (clash) throw new UserError(`The key "${key}" already does ${clash.command}; give ${command} a key of its own.`);
      }
    }
    try {
      this.conf.set(key, value as never);
    } catch (error) {
      const detail = (error as Error).message.replace(/^Config schema violation: /, '');
      throw new UserError(`"${text}" is not a valid value for ${name} (${detail}).`);
    }
  }

  /** Removes a setting, back to its default. */
  reset(name: string): void {
    this.check(name);
    this.conf.reset(name as keyof Settings);
  }

  private check(name: string): void {
    if (!SETTING_NAMES.includes(name as keyof Settings)) {
      throw new UserError(`There is no setting "${name}". Settings: ${SETTING_NAMES.join(', ')}.`);
    }
  }
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
