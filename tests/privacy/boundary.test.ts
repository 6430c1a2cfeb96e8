/**
 * The privacy boundary itself (src/privacy.ts): the one table every output asks, checked output by
 * output and kind by kind, without a terminal or a log. The commands that use it are checked as a
 * user sees them in tests/cli/privacy.test.ts, tests/cli/cli.test.ts and tests/train/replay.test.tsx.
 */
import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../machines/call.js';
import {
  FIELD_KINDS,
  FIELD_POLICY,
  fieldKind,
  OUTPUT_WAYS,
  OUTPUTS,
  shown,
  shownCall,
  shownCallEvent,
  shownField,
  shownSavedCall,
  showing,
  type Output,
} from '../../src/privacy.js';

/** A pack with one private field of its own (an ID-card number) and one that is not (a branch). */
const isPrivate = (id: string) => id === 'idCard';
const ID_CARD = '110105199001011234';
const SAID = `张三，身份证 ${ID_CARD}`;

/** Every output a user can hand caller data to without asking for it in full. */
const MASKING: readonly Output[] = ['history', 'export', 'followUps', 'replay', 'projector', 'board'];

describe('the policy table', () => {
  it('every output has a policy for every kind of caller data, and a way to say a length', () => {
    for (const output of OUTPUTS) {
      expect(Object.keys(FIELD_POLICY[output]).sort(), output).toEqual([...FIELD_KINDS].sort());
      expect(OUTPUT_WAYS[output], output).toBeDefined();
    }
    expect(Object.keys(FIELD_POLICY).sort()).toEqual([...OUTPUTS].sort());
    expect(Object.keys(OUTPUT_WAYS).sort()).toEqual([...OUTPUTS].sort());
  });

  it('each output masks the caller, a private field and free text; only the agent\'s own screen shows them whole', () => {
    const policy = Object.fromEntries(OUTPUTS.map((output) => [output, FIELD_KINDS.map((kind) => showing(output, kind)).join(' ')]));
    expect(policy).toEqual({
      //        name     phone    address  private  field  free text
      desk: 'whole whole whole whole whole whole',
      history: 'masked masked masked masked whole length',
      export: 'masked masked masked masked whole length',
      // The follow-ups list shows the call's reasons in place of the summary.
      followUps: 'masked masked masked masked whole hidden',
      replay: 'masked masked masked masked whole length',
      projector: 'masked masked masked masked whole length',
      board: 'masked masked masked masked whole length',
    });
  });

  it('--unmasked shows everything whole where a user runs the command for themselves, never on a projector or the team board', () => {
    for (const output of ['history', 'export', 'followUps', 'replay'] as const) {
      for (const kind of FIELD_KINDS) expect(showing(output, kind, { unmasked: true }), `${output} ${kind}`).toBe('whole');
    }
    for (const output of ['projector', 'board'] as const) {
      expect(shown(output, 'phone', '13812345678', { unmasked: true })).toBe('138****5678');
      expect(shown(output, 'freeText', SAID, { unmasked: true })).not.toContain(ID_CARD);
    }
  });

  it('no output that masks lets a name, phone, address, private field or free text through whole', () => {
    const values = { name: '张三丰', phone: '13812345678', address: '北京市海淀区中关村大街1号', privateField: ID_CARD, freeText: SAID };
    for (const output of MASKING) {
      for (const [kind, value] of Object.entries(values)) {
        const out = shown(output, kind as keyof typeof values, value);
        expect(out, `${output} ${kind}`).not.toBe(value);
        expect(out, `${output} ${kind}`).not.toContain(ID_CARD);
        expect(out, `${output} ${kind}`).not.toContain('1234567');
      }
    }
  });
});

describe('free text: one policy, its length only', () => {
  it('a record says the length in words (characters, not bytes or UTF-16 units); empty stays empty', () => {
    for (const output of ['history', 'export', 'board'] as const) {
      expect(shown(output, 'freeText', '话费账单有疑问')).toBe('(masked, 7 characters)');
      expect(shown(output, 'freeText', '退款 😀')).toBe('(masked, 4 characters)');
      expect(shown(output, 'freeText', '')).toBe('');
    }
  });

  it('a screen shows one * a character, spaces kept, so the typing is seen to go on', () => {
    for (const output of ['projector', 'replay'] as const) {
      expect(shown(output, 'freeText', '张三 住 海淀区')).toBe('** * ***');
      expect(shown(output, 'freeText', '😀好')).toBe('**');
    }
  });

  it('notes, the summary and what a scenario types are all free text, shown the same way', () => {
    const call = shownCall('projector', { fields: {}, notes: [{ at: 1, text: SAID }], summary: SAID }, isPrivate);
    const typed = shown('projector', 'freeText', SAID);
    expect(call.notes[0]!.text).toBe(typed);
    expect(call.summary).toBe(typed);
    const note = shownCallEvent('replay', { type: 'ADD_NOTE', text: SAID, at: 1 } as CallEvent, isPrivate);
    expect(note).toMatchObject({ text: typed });
  });

  it('the follow-ups list hides the summary whole (the reasons stand in its place)', () => {
    expect(shown('followUps', 'freeText', SAID)).toBe('');
    expect(shown('followUps', 'freeText', SAID, { unmasked: true })).toBe(SAID);
  });
});

describe('caller fields', () => {
  it('the built-in fields by their id, a pack\'s own by its private flag', () => {
    expect(['name', 'phone', 'address', 'idCard', 'areaCode'].map((id) => fieldKind(id, isPrivate))).toEqual(['name', 'phone', 'address', 'privateField', 'field']);
    // A pack cannot make its name or phone public by leaving `private` out.
    expect(fieldKind('phone', () => false)).toBe('phone');
  });

  it('a pack\'s private field is masked like a name; one that is not private shows whole', () => {
    expect(shownField('history', 'idCard', ID_CARD, isPrivate)).toBe(`1${'*'.repeat(ID_CARD.length - 1)}`);
    expect(shownField('history', 'areaCode', '0755', isPrivate)).toBe('0755');
    expect(shownField('desk', 'idCard', ID_CARD, isPrivate)).toBe(ID_CARD);
  });

  it('wide (Chinese) text is masked by character, never cut inside one', () => {
    expect(shown('export', 'name', '欧阳娜娜')).toBe('欧***');
    expect(shown('export', 'address', '广东省深圳市南山区')).toBe('广东省***');
    expect(shown('export', 'address', '海淀区')).toBe('***');
    expect(shown('projector', 'phone', '１３８１２３４５６７８')).toBe('１３８****５６７８');
    expect(shown('projector', 'name', '𠮷野家')).toBe('𠮷**');
  });
});

describe('whole calls and events', () => {
  const saved = {
    id: 7,
    caller: { name: '张三', phone: '0755-12345678', address: '深圳市南山区科技园', fields: { idCard: ID_CARD, areaCode: '0755' } },
    notes: [{ at: 1, text: SAID }],
    summary: '多扣话费',
  };

  it('history masks a saved call\'s caller, fields, notes and summary, and copies nothing it need not', () => {
    expect(shownSavedCall('history', saved, isPrivate)).toEqual({
      id: 7,
      caller: { name: '张*', phone: '0755-****5678', address: '深圳市***', fields: { idCard: `1${'*'.repeat(17)}`, areaCode: '0755' } },
      notes: [{ at: 1, text: '(masked, 25 characters)' }],
      summary: '(masked, 4 characters)',
    });
    expect(shownSavedCall('history', saved, isPrivate, { unmasked: true })).toBe(saved);
  });

  it('the agent\'s own screen gets its call back as it is (the same object: nothing to redraw)', () => {
    const ctx = { fields: { name: '张三' }, notes: [], summary: SAID };
    expect(shownCall('desk', ctx, isPrivate)).toBe(ctx);
    expect(shownCall('projector', ctx, isPrivate)).toMatchObject({ fields: { name: '张*' } });
  });

  it('a replay masks the number and name a call rang or was dialled with, and the fields set', () => {
    const events = [
      { type: 'RING', number: '13812345678', name: '张三', at: 0 },
      { type: 'DIAL', ticketId: 1, number: '+86 755 1234 5678', about: '费用争议', openedAt: 0, at: 0 },
      { type: 'SET_FIELD', field: 'idCard', value: ID_CARD, at: 1 },
      { type: 'SET_FIELD', field: 'areaCode', value: '0755', at: 1 },
      { type: 'SET_SUMMARY', text: '多扣话费', at: 2 },
      { type: 'ANSWER', at: 1 },
    ] as CallEvent[];
    expect(events.map((event) => shownCallEvent('replay', event, isPrivate))).toEqual([
      { type: 'RING', number: '138****5678', name: '张*', at: 0 },
      // The reasons a call-back is about are the pack's words, not the caller's: they show.
      { type: 'DIAL', ticketId: 1, number: '+86 755 **** 5678', about: '费用争议', openedAt: 0, at: 0 },
      { type: 'SET_FIELD', field: 'idCard', value: `1${'*'.repeat(17)}`, at: 1 },
      { type: 'SET_FIELD', field: 'areaCode', value: '0755', at: 1 },
      { type: 'SET_SUMMARY', text: '****', at: 2 },
      { type: 'ANSWER', at: 1 },
    ]);
    expect(events.map((event) => shownCallEvent('replay', event, isPrivate, { unmasked: true }))).toEqual(events);
  });
});
