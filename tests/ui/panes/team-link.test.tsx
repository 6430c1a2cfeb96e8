/** The team link in the header: connected, connecting, offline with the calls waiting, in the desk's language, within 80 columns however crowded. */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { Header } from '../../../src/ui/panes/Header.js';
import { teamLabel } from '../../../src/ui/use-team.js';
import type { UploadStatus } from '../../../src/team/upload.js';
import type { ScreenText } from '../../../src/ui/text.js';
import { screenState } from '../../../src/ui/view.js';
import { callAfter, en, linesOf, zh } from './panes.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

/** The header's one line at `columns`, for the call and the team link as they stand. */
function headerLine(call: ReturnType<typeof callAfter>, status: UploadStatus, options: { text?: ScreenText; columns?: number; phone?: boolean } = {}): string {
  const text = options.text ?? zh;
  const snapshot = call.session.snapshot;
  const ui = render(
    <Header
      packName={call.pack.name}
      agent="工号 1024 王敏"
      state={screenState(snapshot)}
      ctx={snapshot.context}
      clock={call.clock}
      text={text}
      night={false}
      columns={options.columns ?? 80}
      link={options.phone ? { text: text.link.reconnecting!, color: 'yellow' } : null}
      team={teamLabel(status, text)}
    />,
  );
  mounted.push(() => ui.unmount());
  const lines = linesOf(ui.lastFrame());
  expect(lines).toHaveLength(1);
  expect(stringWidth(lines[0]!)).toBeLessThanOrEqual((options.columns ?? 80) - 1);
  return lines[0]!;
}

const offline = (waiting: number): UploadStatus => ({ state: 'offline', waiting, problem: null });

describe('the team link in the header', () => {
  it('says connected, connecting, or offline with the calls waiting to go up, after the agent', () => {
    expect(headerLine(callAfter(), { state: 'connected', waiting: 0, problem: null })).toMatch(/^ Ringside · 通用客服热线 · 工号 1024 王敏 团队 ✓ +空闲$/);
    expect(headerLine(callAfter(), { state: 'connecting', waiting: 2, problem: null })).toMatch(/工号 1024 王敏 团队连接中 +空闲$/);
    expect(headerLine(callAfter(), offline(3))).toMatch(/工号 1024 王敏 团队离线 · 3 通待传 +空闲$/);
    expect(headerLine(callAfter(), offline(0))).toMatch(/王敏 团队离线 +空闲$/);
  });

  it('in English on an English desk', () => {
    expect(headerLine(callAfter(), offline(12), { text: en })).toContain(' team offline · 12 to send');
    expect(headerLine(callAfter(), { state: 'connected', waiting: 0, problem: null }, { text: en })).toContain(' team ✓');
  });

  it('mid-call the state and every timer keep their room: the name is cut first, then the label shortens', () => {
    const call = callAfter('RING');
    call.clock.increment(18_000);
    call.session.send({ type: 'ANSWER' });
    call.clock.increment(150_000);
    expect(headerLine(call, offline(3))).toMatch(/团队离线 · 3 通待传 +通话中 +通话 02:30 +响铃 18s ⚠$/);
    // Wrap-up with the phone link reconnecting: four timers' worth on the right, the short label.
    call.session.send({ type: 'CALLER_HANG_UP' });
    call.clock.increment(30_000);
    const crowded = headerLine(call, offline(127), { phone: true });
    expect(crowded).toContain('团队✗127');
    expect(crowded).toMatch(/话后处理 +通话 02:30 +响铃 18s ⚠ +话后 00:30$/);
    expect(headerLine(call, offline(127), { phone: true, text: en })).toContain('team✗127');
  });
});
