import { Box, Text } from 'ink';
import { callMachine } from '../../../machines/call.js';
import { activeStateIds, chartOf, chartText, transitionText } from '../../../machines/chart.js';
import type { CallCommand, CallSnapshot } from '../../call/session.js';
import { mapRows, nextMoves } from '../../train/class-map.js';
import { fitWidth } from '../../width.js';
import type { KeyCommand, Language } from '../keys/keymap.js';
import type { ScreenText } from '../text.js';

/** The call map, read once from the machine itself. */
let chart: ReturnType<typeof chartOf> | null = null;
/** The call map, drawn from the machine the first time it is opened (not as the screen starts). */
function callChart(): ReturnType<typeof chartOf> {
  chart ??= chartOf(callMachine);
  return chart;
}

export interface MapPaneProps {
  readonly snapshot: CallSnapshot;
  /** The states the call has been in. */
  readonly visited: ReadonlySet<string>;
  readonly text: ScreenText;
  readonly language: Language;
  readonly keymap: readonly KeyCommand[];
  /** The desk's `can` (the machine behind the desk's gate): which keys can act now. */
  readonly can: (command: CallCommand) => boolean;
  /** The call's clock now: what a move would do is asked of the machine at this moment. */
  readonly now: number;
  /** The machine's own chart (states, events, guards) instead of the pack's phases and steps. */
  readonly developer: boolean;
  readonly columns: number;
  readonly rows: number;
}

/** Where the call is (▶), where it has been (✓), and where it can go next: in the pack's phases and steps, or the machine's states. */
export function MapPane(props: MapPaneProps) {
  if (props.developer) return <MachineMap {...props} />;
  const { snapshot, visited, text, language, keymap, can, now, columns, rows } = props;
  const places = mapRows(snapshot, visited, language);
  const next = nextMoves(snapshot, { language, keymap, can, now });
  const room = Math.max(0, rows - places.length - 4);
  const marks = { now: '▶', been: '✓', ahead: ' ' };
  return (
    <Box flexDirection="column">
      <Text bold> {text.mapTitle}</Text>
      {places.map((place, i) => (
        <Text key={i} color={place.mark === 'now' ? 'green' : undefined} bold={place.mark === 'now'} dimColor={place.mark === 'ahead'}>
          {' '}
          {fitWidth(`${marks[place.mark]} ${place.text}`, columns - 2)}
        </Text>
      ))}
      {room > 0 && next.length > 0 && <Text bold> {text.mapNext}</Text>}
      {next.slice(0, room).map((move, i) => (
        <Text key={i}>
          {'   '}
          {fitWidth(move, columns - 5)}
        </Text>
      ))}
    </Box>
  );
}

/** The developer's map: the statechart itself, with the transitions the states the call is in can take. */
function MachineMap({ snapshot, visited, text, columns, rows }: MapPaneProps) {
  const current = activeStateIds(snapshot.value);
  // A call that came in never dials (that is a call-back's state), and the other way round for ringing.
  const other = snapshot.context.callback ? /^\s+ringing\b/ : /^\s+dialing\b/;
  const tree = chartText(callChart(), { current, visited, transitions: false })
    .trimEnd()
    .split('\n')
    .slice(1)
    .filter((line) => !other.test(line.replace(/^\s*[▶✓]/, ' ')));
  // The most specific first: what the innermost state the call is in can do.
  const depth = (id: string) => id.split('.').length;
  const next = callChart().transitions.filter((t) => current.includes(t.from) && t.to.some((to) => to !== t.from)).sort((a, b) => depth(b.from) - depth(a.from));
  const room = Math.max(0, rows - tree.length - 4);
  return (
    <Box flexDirection="column">
      <Text bold> {text.mapTitle}</Text>
      {tree.map((line, i) => (
        <Text key={i} color={line.includes('▶') ? 'green' : undefined} bold={line.includes('▶')} dimColor={!line.includes('▶') && !line.includes('✓')}>
          {' '}
          {line}
        </Text>
      ))}
      {room > 0 && <Text bold> {text.mapNext}</Text>}
      {next.slice(0, room).map((t, i) => (
        <Text key={i}>
          {'   '}
          {fitWidth(transitionText(t), columns - 5)}
        </Text>
      ))}
    </Box>
  );
}
