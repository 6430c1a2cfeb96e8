/**
 * An error while the screen draws goes to the screen's last handler (show.tsx), which says a
 * sentence; Ink's own error page would put the message (which may quote caller data), the code
 * around it and a stack trace over the agent's call.
 */
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { LastResort } from '../../src/ui/panes/LastResort.js';

function Boom(): never {
  throw new TypeError('cannot draw 张先生 13812345678');
}

describe('the screen\'s last resort', () => {
  it('an error while drawing is handed over, and nothing of it is drawn', async () => {
    const caught: unknown[] = [];
    const ui = render(
      <LastResort onError={(error) => caught.push(error)}>
        <Text>before</Text>
        <Boom />
      </LastResort>,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(caught).toHaveLength(1);
    expect((caught[0] as Error).message).toBe('cannot draw 张先生 13812345678');
    expect(ui.lastFrame()).not.toMatch(/13812345678|张先生|at .*:\d+/);
    ui.unmount();
  });
});
