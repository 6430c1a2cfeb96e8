/**
 * A pack's menu keys against the screen's keys. While a menu is on the screen its hotkeys are
 * read before the keymap (src/ui/App.tsx: the reason groups all through wrap-up, a group's
 * reasons while it is open, the branches and the caller fields while they are shown, and those
 * panes stay open as the call moves on), so a hotkey that is also a command's key takes that
 * command away: a reason group on `s` and the call can never be saved. The loader refuses such
 * a pack (against the default keys); the screen refuses to start when the agent's own keys
 * (`ringside config set keys`) meet the pack's hotkeys or the menus' digits.
 */
import { said, spoken } from '../language.js';
import { KEYMAP, type KeyCommand } from '../ui/keys/keymap.js';
import type { Path } from './problems.js';
import type { Pack } from './schema.js';

export interface HotkeyClash {
  path: Path;
  hotkey: string;
  command: KeyCommand;
  /** What the hotkey picks, and what that does to the command, in a few words. */
  what: string;
  instead: string;
}

/** Every hotkey of the pack's menus that is also the key of a command of `keymap`. */
export function hotkeyClashes(pack: Pack, keymap: readonly KeyCommand[] = KEYMAP): HotkeyClash[] {
  const clashes: HotkeyClash[] = [];
  const check = (hotkey: string, path: Path, what: string, instead: (key: string) => string) => {
    const command = keymap.find((entry) => entry.keys.includes(hotkey));
    if (command) clashes.push({ path: [...path, 'hotkey'], hotkey, command, what, instead: instead(hotkey) });
  };
  const zh = spoken() === 'zh-CN';
  pack.branches.forEach((branch, b) =>
    check(branch.hotkey, ['branches', b], zh ? `分支“${branch.label}”` : `branch "${branch.label}"`, (key) =>
      zh ? `分支显示时 "${key}" 会选这个分支` : `while the branches are shown "${key}" would pick this branch`,
    ),
  );
  pack.reasons.forEach((group, g) => {
    check(group.hotkey, ['reasons', g], zh ? `来电原因组“${group.group}”` : `reason group "${group.group}"`, (key) =>
      zh ? `整个收尾期间 "${key}" 都会打开这个来电原因组` : `all through wrap-up "${key}" would open this reason group`,
    );
    group.reasons.forEach((reason, r) =>
      check(reason.hotkey, ['reasons', g, 'reasons', r], zh ? `来电原因“${reason.label}”` : `reason "${reason.label}"`, (key) =>
        zh ? `收尾时这一组打开着，"${key}" 会勾选这个来电原因` : `in wrap-up with its group open "${key}" would tick this reason`,
      ),
    );
  });
  pack.fields.forEach((field, f) =>
    check(field.hotkey, ['fields', f], zh ? `来电人字段“${field.label}”` : `caller field "${field.label}"`, (key) =>
      zh ? `来电人字段显示时 "${key}" 会打开这个字段` : `while the caller fields are shown "${key}" would open this field`,
    ),
  );
  pack.callback?.results.forEach((result, r) =>
    check(result.hotkey, ['callback', 'results', r], zh ? `回访结果“${result.label}”` : `call-back result "${result.label}"`, (key) =>
      zh ? `回访收尾时 "${key}" 会勾选这个结果` : `in a call-back's wrap-up "${key}" would tick this result`,
    ),
  );
  return clashes;
}

/** The letters no command of `keymap` uses: what a pack may give its menus besides digits. */
export function freeLetters(keymap: readonly KeyCommand[] = KEYMAP): string[] {
  const taken = new Set(keymap.flatMap((entry) => entry.keys));
  return [...'abcdefghijklmnopqrstuvwxyz'].filter((letter) => !taken.has(letter));
}

/** The loader's sentence for a hotkey the default keys already use. */
export function clashMessage(clash: HotkeyClash): string {
  const label = said(clash.command.label);
  return said({
    'zh-CN': `热键 "${clash.hotkey}" 是屏幕上“${label}”（${clash.command.command}）的键：${clash.instead}，而不是${label}。请用数字，或屏幕没用到的字母（${freeLetters().join(' ')}）`,
    en: `hotkey "${clash.hotkey}" is the screen's key for ${label} (${clash.command.command}): ${clash.instead}, not ${label}. Use a digit or a letter the screen leaves free (${freeLetters().join(' ')})`,
  });
}

/**
 * A sentence when the agent's keys cannot work with this pack on the screen, else null: a command
 * on a digit (digits pick in every menu: reason groups, reasons, branches, caller fields, the
 * filtered reasons, the follow-ups), or on a letter the pack gives one of its menus.
 */
export function keysAgainstPack(pack: Pack, keymap: readonly KeyCommand[]): string | null {
  const usual = (command: string) => KEYMAP.find((entry) => entry.command === command)?.keys[0] ?? 'KEY';
  for (const entry of keymap) {
    const digit = entry.keys.find((key) => /^[0-9]$/.test(key));
    if (digit !== undefined) {
      const label = said(entry.label);
      return said({
        'zh-CN': `您给“${label}”（${entry.command}）设的键是数字 "${digit}"：数字在屏幕的菜单里用来选择（来电原因组、来电原因、分支、来电人字段），${entry.command} 会按不到。请换一个字母：ringside config set keys ${entry.command}=${usual(entry.command)}。`,
        en: `Your key for ${label} (${entry.command}) is "${digit}", a digit: digits pick from the screen's menus (reason groups, reasons, branches, caller fields), where ${entry.command} would be out of reach. Give it a letter: ringside config set keys ${entry.command}=${usual(entry.command)}.`,
      });
    }
  }
  const clash = hotkeyClashes(pack, keymap)[0];
  if (!clash) return null;
  const command = clash.command.command;
  const label = said(clash.command.label);
  return said({
    'zh-CN': `您给“${label}”（${command}）设的键是 "${clash.hotkey}"，话术包 ${pack.id} 把它给了${clash.what}：${clash.instead}，而不是${label}。请给 ${command} 换一个键（ringside config set keys ${command}=${usual(command)}），或给话术包换一个热键。`,
    en: `Your key for ${label} (${command}) is "${clash.hotkey}", which pack ${pack.id} gives its ${clash.what}: ${clash.instead}, not ${label}. Give ${command} another key (ringside config set keys ${command}=${usual(command)}), or the pack another hotkey.`,
  });
}
