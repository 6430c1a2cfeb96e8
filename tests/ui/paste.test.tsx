/**
 * Pastes and the length of what is typed, on the live screen read through the terminal filter:
 * a bracketed paste goes whole into the open line (up to its limit, said on screen), into the
 * reason filter, or nowhere (said), and is never run as keys; the screen speaks the pack's
 * language; a projector masks a paste as it masks typing.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from 'xstate';
import { DEFAULT_INSTANT_FAIL } from '../../machines/scorecard.js';
import { CallDesk } from '../../src/call/desk.js';
import { resolveThresholds } from '../../src/call/session.js';
import { loadPackFile } from '../../src/pack/load.js';
import type { Pack } from '../../src/pack/schema.js';
import { CallStore } from '../../src/store/sqlite.js';
import { App } from '../../src/ui/App.js';
import { applyOverrides } from '../../src/ui/keys/keymap.js';
import { packPath, tempDir, zhGeneral } from '../helpers.js';
import { renderInTerminal } from './terminal.js';

const ESC = '\u001b';
const pasted = (text: string) => `${ESC}[200~${text}${ESC}[201~`;
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

function screen(options: { pack?: Pack; projector?: boolean } = {}) {
  const dir = tempDir();
  const pack = options.pack ?? zhGeneral();
  const clock = new SimulatedClock();
  clock.set(Date.UTC(2026, 10, 24, 2, 0, 0));
  const store = new CallStore(join(dir.path, 'calls.sqlite'));
  const log = new Database(join(dir.path, 'calls.sqlite'), { readonly: true });
  const desk = new CallDesk({ pack, thresholds: resolveThresholds(pack), strict: false, clock, store, agent: { name: '王敏', number: '1024' }, scoring: () => ({ instantFail: DEFAULT_INSTANT_FAIL }) });
  const ui = renderInTerminal((input) => (
    <App desk={desk} keymap={applyOverrides({})} language="auto" variables={{ company: '天天公司' }} agent={{ name: '王敏', number: '1024' }} tickMs={20} projector={options.projector} pastes={input} />
  ));
  cleanups.push(() => {
    log.close();
    ui.unmount();
    desk.stop();
    store.close();
    dir.remove();
  });
  /** What the terminal sends, each a read of its own, a turn of the event loop apart (as a person's keys are). */
  const send = async (...reads: string[]) => {
    for (const read of reads) {
      ui.write(read);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // Ink draws when React gets to it, later on a loaded machine: wait for the frame, not a fixed time.
  const see = (expected: string | RegExp) => vi.waitFor(() => expect(ui.lastFrame()).toMatch(expected), { timeout: 5000 });
  const events = () => (log.prepare(`SELECT type FROM call_events ORDER BY call_id, seq`).all() as { type: string }[]).map((row) => row.type);
  return { desk, send, see, frame: ui.lastFrame, events };
}

describe('a paste on the live screen', () => {
  it('goes whole into the open field, line breaks made spaces and said, and is typed on after', async () => {
    const { desk, send, see, frame } = screen();
    await send('c', 'a', ' ', ' ');
    await see('称呼（回车确认，Esc 取消）');
    await send(pasted('张先生\r伦敦 n k s'));
    await see('称呼（回车确认，Esc 取消）：张先生 伦敦 n k s');
    expect(frame()).toContain('⚠ 粘贴内容里的换行已换成空格。');
    await send('!', '\r');
    expect(desk.snapshot.context.fields.name).toBe('张先生 伦敦 n k s!');
    // Nothing of it ran as keys: the restate is still to say, no note, no flag.
    expect(desk.snapshot.context.steps.restate?.status).toBe('todo');
    expect(desk.snapshot.context.notes).toEqual([]);
    expect(desk.snapshot.context.flagged).toBe(false);
  });

  it('a summary takes 2,000 characters: the count shows near the limit, and what did not go in is said', async () => {
    const { desk, send, see, frame } = screen();
    await send('c', 'a', 'e', 'w');
    await send(pasted('话费'.repeat(800)));
    await see('小结（回车确认，Esc 取消） 1600/2000:');
    await send(pasted('多扣了钱'.repeat(200)));
    await see('小结（回车确认，Esc 取消） 2000/2000:');
    expect(frame()).toContain('⚠ 最多 2000 个字：有 400 个字没有放进去。');
    // Typed at the limit: refused, and counted.
    await send('x');
    await see('有 401 个字没有放进去。');
    // The screen still fits: the field is one row, however long; and so is the summary once saved.
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(200);
    await send('\r');
    await see(/小结 +话费/);
    expect([...desk.snapshot.context.summary]).toHaveLength(2000);
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(200);
  });

  it('outside a field is refused with a sentence in the screen\'s language, and changes nothing', async () => {
    const { desk, send, see, events } = screen({ pack: loadPackFile(packPath('en/hotline.yaml')) });
    await send('c', 'a');
    // The English pack names its own company (issue 17: the desk's setting fills only a pack that leaves it open).
    await see('▶ Hello, Example Company Customer Service');
    const before = events();
    await send(pasted('hello\rn k x s  '));
    await see('Paste refused: open a field first (n note, f caller); nothing ran as keys.');
    expect(events()).toEqual(before);
    expect(desk.snapshot.context.faults).toEqual([]);
  });

  it('into the reason filter at wrap-up: the words it searches, at most 40 characters', async () => {
    const { send, see } = screen();
    await send('c', 'a', 'e', '/');
    await send(pasted('话费\r'));
    await see(/筛选.*话费/);
    await send(pasted('x'.repeat(60)));
    await see('最多 40 个字：有 23 个字没有放进去。');
  });

  it('on a projector a pasted name shows masked, as typing does', async () => {
    const { desk, send, see, frame } = screen({ projector: true });
    await send('c', 'a', ' ', ' ', pasted('张先生'));
    await see('称呼（回车确认，Esc 取消）：张**');
    expect(frame()).not.toContain('张先生');
    await send('\r');
    expect(desk.snapshot.context.fields.name).toBe('张先生');
  });
});
