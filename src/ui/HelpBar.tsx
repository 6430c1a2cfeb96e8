import { Text } from 'ink';
import React from 'react';
import stringWidth from 'string-width';
import { keyLabel, type KeyCommand, type Language } from './keymap.js';

/**
 * The keys that work right now, made from the keymap table. Fitted to the width here, by display
 * width: Ink's own truncation miscounts Chinese inside nested Text and lets the line wrap.
 */
export function HelpBar({ commands, language, width }: { readonly commands: readonly KeyCommand[]; readonly language: Language; readonly width: number }) {
  const items: { keys: string; label: string }[] = [];
  let used = 1;
  for (const command of commands) {
    const keys = command.keys.map((key) => keyLabel(key, language)).join('/');
    const label = command.label[language];
    const cost = (items.length > 0 ? 2 : 0) + stringWidth(keys) + 1 + stringWidth(label);
    if (used + cost > width) break;
    used += cost;
    items.push({ keys, label });
  }
  return (
    <Text>
      {' '}
      {items.map((item, i) => (
        <Text key={item.keys}>
          {i > 0 ? '  ' : ''}
          <Text bold color="cyan">{item.keys}</Text> {item.label}
        </Text>
      ))}
    </Text>
  );
}
