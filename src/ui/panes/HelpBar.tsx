import { Text } from 'ink';
import stringWidth from 'string-width';
import { keyLabel, type KeyCommand, type Language } from '../keys/keymap.js';

/**
 * The keys that work right now, made from the keymap table. Fitted to the width here, by display
 * width: Ink's own truncation miscounts Chinese inside nested Text and lets the line wrap.
 */
export function HelpBar({ commands, language, width }: { readonly commands: readonly KeyCommand[]; readonly language: Language; readonly width: number }) {
  const items: { keys: string; label: string }[] = [];
  // ? help always shows (it lists the rest): room is kept for it at the end.
  const help = commands.find((command) => command.command === 'help');
  const cost = (command: KeyCommand) =>
    2 + stringWidth(command.keys.map((key) => keyLabel(key, language)).join('/')) + 1 + stringWidth(command.label[language]);
  let used = 1 + (help ? cost(help) : 0);
  for (const command of [...commands.filter((c) => c !== help), ...(help ? [help] : [])]) {
    if (command === help) {
      items.push({ keys: command.keys.map((key) => keyLabel(key, language)).join('/'), label: command.label[language] });
      break;
    }
    const keys = command.keys.map((key) => keyLabel(key, language)).join('/');
    const label = command.label[language];
    if (used + cost(command) > width) continue;
    used += cost(command);
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
