import { Box, Text } from 'ink';
import { followUpState, shownFollowUp } from '../../reports/followups.js';
import type { FollowUp } from '../../store/store.js';
import { fitWidth, padDisplay, stringWidth } from '../../width.js';
import type { ScreenText } from '../text.js';

export interface FollowUpsPaneProps {
  /** The follow-ups listed, in the order of their digits. */
  readonly listed: readonly FollowUp[];
  /** Now, for overdue and due today. */
  readonly now: number;
  /** On a projector the callers show masked. */
  readonly projector: boolean;
  readonly text: ScreenText;
  readonly columns: number;
}

/** The open follow-ups, each with its digit: overdue in red, due today in yellow. */
export function FollowUpsPane({ listed, now, projector, text, columns }: FollowUpsPaneProps) {
  // The state column as wide as its longest word (`due today`), so no state is cut.
  const stateWidth = Math.max(...Object.values(text.followUpStates).map((word) => stringWidth(word)));
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>{text.followUpsTitle}</Text>
      {listed.length === 0 && <Text>{text.noFollowUps}</Text>}
      {listed.map((f, i) => {
        const when = followUpState(f, now);
        const caller = shownFollowUp(f, projector ? 'projector' : 'desk').caller;
        return (
          <Text key={`${f.team ? 'team' : 'desk'}-${f.ticketId}`} color={when === 'overdue' ? 'red' : when === 'due today' ? 'yellow' : undefined}>
            <Text color="cyan">{i + 1}</Text>{' '}
            {fitWidth(`${padDisplay(`T${f.ticketId}`, 6)} ${padDisplay(text.followUpStates[when] ?? when, stateWidth)} ${[f.team ? text.teamTicket(f.team.agent) : '', caller.name, caller.phone].filter(Boolean).join(' ')} ${f.reasons.join('、')}`, columns - 6)}
          </Text>
        );
      })}
    </Box>
  );
}
