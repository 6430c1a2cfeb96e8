/**
 * The company and hotline a pack's lines say. A pack that names its own keeps it (the telecom
 * pack is 中国移动's 10086 whatever the desk's company); the settings may give one pack another
 * (`config set company NAME --pack ID`); the global `company` and `hotline` settings fill only a
 * pack that leaves the variable open: not under its `variables`, or given there as "".
 */
import { said, type Words } from '../language.js';
import { textFor } from '../ui/text.js';
import { asked } from '../typography.js';

export const DESK_VARIABLES = ['company', 'hotline'] as const;
export type DeskVariable = (typeof DESK_VARIABLES)[number];

/** Per pack id, the company and hotline the settings give that pack. */
export type PerPack = Record<string, Partial<Record<DeskVariable, string>>>;

/** Where a pack's value comes from: set for this pack, the pack's own, the global setting, or nowhere yet. */
export type DeskSource = 'forPack' | 'pack' | 'setting' | 'open';

export interface DeskSettings {
  company?: string;
  hotline?: string;
  perPack?: PerPack;
}

export function deskValue(name: DeskVariable, pack: { id: string; variables: Record<string, string> }, settings: DeskSettings): { value: string; source: DeskSource } {
  const forPack = settings.perPack?.[pack.id]?.[name];
  if (forPack) return { value: forPack, source: 'forPack' };
  const own = pack.variables[name];
  if (own) return { value: own, source: 'pack' };
  const global = settings[name];
  if (global) return { value: global, source: 'setting' };
  return { value: '', source: 'open' };
}

/** Where a value comes from, for `ringside config`, in the desk's language. */
export function sourceSentence(name: DeskVariable, source: DeskSource): string {
  return said(SOURCES)[source](name);
}

const SOURCES: Words<Record<DeskSource, (name: DeskVariable) => string>> = {
  'zh-CN': {
    forPack: (name) => `为这个话术包设的；config unset ${name} --pack 编号 可撤销`,
    pack: (name) => `话术包自带的；config set ${name} 值 --pack 编号 可另设`,
    setting: (name) => `来自 ${name} 设置：话术包没有写`,
    open: (name) => `没有设：话术包没有写，${name} 设置也是空的；台词里显示为待填（${asked(textFor('zh-CN').deskValueNames[name] ?? name)}）`,
  },
  en: {
    forPack: (name) => `set for this pack; config unset ${name} --pack ID undoes it`,
    pack: (name) => `the pack's own; config set ${name} VALUE --pack ID gives it another`,
    setting: (name) => `the ${name} setting: the pack leaves it open`,
    open: (name) => `not set: the pack leaves it open and the ${name} setting is empty; lines show it to be filled in (${asked(textFor('en').deskValueNames[name] ?? name)})`,
  },
};
