/** The panes around the line, each rendered alone: the current line's hints, the questions, the log's problem, the editor, the lists. */
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { CallerRows, StepRows } from '../../../src/ui/panes/CoachRows.js';
import { CurrentLine } from '../../../src/ui/panes/CurrentLine.js';
import { FollowUpsPane } from '../../../src/ui/panes/FollowUpsPane.js';
import { LinesPane } from '../../../src/ui/panes/LinesPane.js';
import { Editor, HangUpQuestion, QuitQuestion, StoreProblemMessage, storeProblemText } from '../../../src/ui/panes/Overlays.js';
import { PhoneRows } from '../../../src/ui/panes/PhoneRows.js';
import { noticeRows } from '../../../src/ui/rows.js';
import type { FollowUp } from '../../../src/store/store.js';
import { callAfter, en, keysWith, linesOf, zh } from './panes.js';
import { followUpState, formatFollowUps } from '../../../src/reports/followups.js';
import { formatHistory } from '../../../src/reports/history.js';

describe('CurrentLine', () => {
  it('the hints name the keys as moved: on hold, h becomes p', () => {
    const moved = render(<CurrentLine view={{ current: null, next: null, hint: 'onHold' }} text={zh} keys={keysWith({ hold: 'p' })} late={false} width={80} />);
    expect(moved.lastFrame()).toContain('客户保持中。按 p 恢复通话。');
    const ringing = render(<CurrentLine view={{ current: null, next: '您好！', hint: 'ringing' }} text={zh} keys={keysWith()} late width={80} />);
    expect(ringing.lastFrame()).toContain('来电振铃中，三声内接听：按 a 或回车。');
    expect(ringing.lastFrame()).toContain('⚠ 已超过三声，接通后先致歉');
    expect(ringing.lastFrame()).toContain('下一句：您好！');
  });

  it('a hint wraps by our rule within the width, the late warning after it', () => {
    const hintRows = (hint: 'wrapUp' | 'ringing', width: number, text = zh, language: 'zh-CN' | 'en' = 'zh-CN') =>
      linesOf(render(<CurrentLine view={{ current: null, next: null, hint }} text={text} keys={keysWith({}, language)} late width={width} />).lastFrame()).filter(Boolean);
    for (const width of [24, 30, 40]) {
      const rows = hintRows('wrapUp', width);
      expect(rows.length, `${width}`).toBeGreaterThan(1);
      for (const row of rows) {
        expect(stringWidth(row), `${width}: ${row}`).toBeLessThanOrEqual(width + 1);
        expect(row, `${width}`).not.toMatch(/^ [，。、；：！？）」…]/u);
      }
    }
    const english = hintRows('wrapUp', 60, en, 'en');
    for (const row of english) expect(stringWidth(row)).toBeLessThanOrEqual(61);
    const ringing = hintRows('ringing', 30);
    expect(ringing.join('')).toContain('⚠ 已超过三声');
    for (const row of ringing) expect(stringWidth(row), row).toBeLessThanOrEqual(31);
  });

  it('a long Chinese line wraps under its own first word, never past the terminal', () => {
    const line = '您好！这里是天天公司客服中心，1024号为您服务，请问有什么可以帮您？'.repeat(3);
    const { lastFrame } = render(<CurrentLine view={{ current: line, next: null, hint: null }} text={zh} keys={keysWith()} late={false} width={40} />);
    const rows = linesOf(lastFrame()).filter(Boolean);
    expect(rows[0]).toMatch(/^ ▶ /);
    for (const row of rows.slice(1)) expect(row).toMatch(/^ {3}\S/);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(100);
  });
});

describe('the questions and the log problem', () => {
  it('quitting asks with the quit key as moved; with the log owed something it says what quitting loses', () => {
    const plain = render(<QuitQuestion text={zh} keys={keysWith({ quit: 'w' })} storeProblem={null} training={false} />);
    expect(plain.lastFrame()).toContain('再按 w 退出，Esc 取消。');
    const owed = render(<QuitQuestion text={zh} keys={keysWith({ quit: 'w', save: 'd' })} storeProblem={{ kind: 'write', detail: 'disk full' }} training={false} />);
    expect(owed.lastFrame()).toContain('按 d 重试；再按 w 仍然退出');
  });

  it('hanging up asks with the hang-up key as moved; a ringing call is refused instead', () => {
    const { ctx } = callAfter('RING', 'ANSWER');
    const live = render(<HangUpQuestion text={zh} keys={keysWith({ agentHangUp: 'z' })} ringing={false} ctx={ctx} />);
    expect(live.lastFrame()).toContain('再按 z 挂机，Esc 取消。');
    const ringing = render(<HangUpQuestion text={zh} keys={keysWith()} ringing ctx={ctx} />);
    expect(ringing.lastFrame()).toContain('要拒接这通来电吗？再按 x 拒接');
  });

  it('the log problem names the save key as moved', () => {
    const text = storeProblemText(zh, keysWith({ save: 'd' }), { kind: 'save', detail: 'SQLITE_FULL' });
    const { lastFrame } = render(<StoreProblemMessage text={text} />);
    expect(lastFrame()).toContain('⚠ 通话保存失败（SQLITE_FULL）：各步骤已在记录中。按 d 重试');
  });

  it('the editor shows what the line is for, its end where the typing is, and what did not go in', () => {
    const editing = { kind: 'note' as const, buffer: '客户说'.repeat(10), length: 30, refused: 3, lineBreaks: true };
    const { lastFrame } = render(<Editor editing={editing} text={zh} shown={editing.buffer} width={40} />);
    const rows = linesOf(lastFrame());
    expect(rows[0]!.startsWith(` ${zh.edit(zh.notes)}：`)).toBe(true);
    expect(rows[0]!.endsWith('客户说')).toBe(true);
    expect(stringWidth(rows[0]!)).toBeLessThanOrEqual(40);
    // The notice is cut to the width, never wrapped into the keys' row.
    expect(rows[1]).toContain('⚠ 最多 2000 个字：有 3 个字没有放进去');
    expect(stringWidth(rows[1]!)).toBeLessThanOrEqual(40);
  });
});

describe('the lists in place of the checklist', () => {
  const followUp = (ticketId: number, name: string, dueAt: number): FollowUp =>
    ({ ticketId, callId: ticketId, kind: 'complaint', openedAt: dueAt - 172_800_000, dueAt, caller: { name, phone: '13800000000' }, reasons: ['费用争议'], summary: '' }) as unknown as FollowUp;

  it('follow-ups: a digit each, the state column lining up whatever the names, masked on a projector', () => {
    const now = Date.UTC(2026, 10, 24, 2, 0, 0);
    const listed = [followUp(1, '张先生', now - 3_600_000), followUp(12, 'Li', now + 10 * 86_400_000)];
    const { lastFrame } = render(<FollowUpsPane listed={listed} now={now} projector={false} text={zh} columns={100} />);
    const rows = linesOf(lastFrame()).filter((row) => /^ \d /.test(row));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^ 1 T1 +已逾期 +张先生 13800000000 费用争议/);
    const callerColumn = (row: string, name: string) => stringWidth(row.slice(0, row.indexOf(name)));
    expect(callerColumn(rows[0]!, '张先生')).toBe(callerColumn(rows[1]!, 'Li'));
    const masked = render(<FollowUpsPane listed={listed} now={now} projector text={zh} columns={100} />);
    expect(masked.lastFrame()).not.toContain('13800000000');
  });

  it('the follow-ups pane and `ringside follow-ups` name a state in the same words; history and follow-ups a ticket\'s kind', () => {
    const now = Date.UTC(2026, 10, 24, 2, 0, 0);
    const listed = [followUp(1, '张先生', now - 3_600_000), followUp(2, '李女士', now + 3_600_000), followUp(3, '王先生', now + 10 * 86_400_000)];
    for (const [language, text] of [['zh-CN', zh], ['en', en]] as const) {
      const pane = linesOf(render(<FollowUpsPane listed={listed} now={now} projector={false} text={text} columns={100} />).lastFrame()).filter((row) => /^ \d /.test(row));
      const report = formatFollowUps(listed, now, false, language).split('\n');
      for (const [i, f] of listed.entries()) {
        const state = followUpState(f, now);
        const paneWord = pane[i]!.replace(/^ \d T\d+ +/, '').split(/ {2,}| (?=[张李王])/)[0];
        expect(report.find((row) => row.includes(`T${f.ticketId} `)), `${language} ${state}`).toContain(` ${paneWord} `);
      }
      const kind = (ticketKind: string) =>
        formatHistory([{ id: 1, ringAt: now, mode: 'live', outcome: 'answered', ringMs: 1000, talkMs: 1000, hungUpBy: 'caller', missedRules: 0, score: null, caller: { name: '', phone: '' }, ticketKind, flagged: false, callbackTicket: null, reasons: [] }], false, language).split('\n')[1]!;
      const suggestion = formatFollowUps([{ ...listed[0]!, kind: 'suggestion' } as FollowUp], now, false, language).split('\n').find((row) => row.includes('T1 '))!;
      const word = language === 'en' ? 'suggestion' : '建议';
      expect(kind('suggestion')).toMatch(new RegExp(` ${word}$`));
      expect(suggestion).toContain(` ${word} `);
    }
  });

  it('ready lines: each with its label, filled in for the call', () => {
    const { pack } = callAfter();
    const { lastFrame } = render(<LinesPane pack={pack} variables={{ company: '天天公司' }} text={zh} />);
    expect(lastFrame()).toContain('常用语');
    for (const line of pack.lines) expect(lastFrame()).toContain(line.label);
    expect(lastFrame()).not.toMatch(/\{company\}/);
  });

  it('ready lines wrap by our rule within the screen: label and line on one row, continued rows under the text, no row starting with closing punctuation', () => {
    const { pack } = callAfter();
    for (const columns of [80, 50]) {
      const rows = linesOf(render(<LinesPane pack={pack} variables={{ company: '天天公司' }} text={zh} columns={columns} />).lastFrame()).slice(1);
      for (const row of rows) expect(stringWidth(row), row).toBeLessThanOrEqual(columns - 1);
      // The label and the start of its line share a row.
      expect(rows.find((row) => row.includes('资料不全'))).toMatch(/^ \d {3}资料不全 对不起，/);
      for (const row of rows.filter((row) => !/^ \d /.test(row))) {
        expect(row, row).toMatch(/^ {5}\S/);
        expect(row, row).not.toMatch(/^ {5}[，。、；：！？）」…]/);
      }
      // Every line is there whole.
      const joined = rows.map((row) => row.replace(/^ \d? +/, '')).join('').replace(/\s+/g, '');
      for (const line of pack.lines) expect(joined).toContain(`${line.label}${line.line}`.replace(/\s+/g, ''));
      expect(rows.filter((row) => !/^ \d /.test(row)).length, `rows continued at ${columns}`).toBeGreaterThan(0);
    }
  });

  it('ready lines are numbered for their digit, ✓ on those said in this call, nine to a page', () => {
    const { pack } = callAfter();
    const said = render(<LinesPane pack={pack} variables={{}} text={zh} said={['too-slow']} />).lastFrame()!;
    expect(said).toContain('数字键：已说');
    pack.lines.forEach((line, i) => expect(said).toMatch(new RegExp(`${i + 1} ${line.id === 'too-slow' ? '✓' : ' '} ${line.label}`)));
    const many = { ...pack, lines: Array.from({ length: 12 }, (_, i) => ({ id: `l${i}`, label: `第${i + 1}句`, line: '…', heard: [], rules: [], steps: [] })) };
    const second = render(<LinesPane pack={many} variables={{}} text={zh} page={1} />).lastFrame()!;
    expect(second).toMatch(/1 {3}第10句/);
    expect(second).toMatch(/3 {3}第12句/);
    expect(second).not.toContain('第9句');
    expect(second).toContain('2/2 页');
  });
});

describe('the rows under the line', () => {
  it('phone rows: the phone news in the screen words, the key it names as moved', () => {
    const { ctx, pack } = callAfter('RING', 'ANSWER');
    const rows = noticeRows(ctx, 'live', pack, zh, keysWith({ callerHangUp: 'u' }), {
      phone: { notice: { kind: 'stillOnPhone' }, missedMeanwhile: 2, waiting: 1, unreadable: 0 },
      overdue: 0,
      followUpsOpen: false,
      now: 0,
    });
    const { lastFrame } = render(<PhoneRows rows={rows} />);
    expect(lastFrame()).toContain('话机已重新连接：按 u 结束的那通电话');
    expect(lastFrame()).toContain('处理本通电话期间有 2 个来电未接听');
    expect(lastFrame()).toContain('话机上另有 1 个来电在等待');
  });

  it('coach rows: the latest caller line wraps, the one before is dimmed on one row; the step row names the step key', () => {
    const long = '我上个月的账单多扣了五十块钱，你们到底怎么回事，我已经打了三次电话了！'.repeat(2);
    const caller = render(
      <CallerRows
        rows={[
          { key: 'said-0', text: '客户（李女士）：「喂？」'.repeat(8), dim: true },
          { key: 'said-1', text: `客户（李女士）：「${long}」`, dim: false },
        ]}
        columns={60}
      />,
    );
    const lines = linesOf(caller.lastFrame()).filter(Boolean);
    expect(lines[0]!.endsWith('…')).toBe(true);
    expect(stringWidth(lines[0]!)).toBeLessThanOrEqual(60);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines.slice(2)) expect(line).toMatch(/^ \S/);
    const steps = render(<StepRows rows={[{ key: 'next', label: '下一步（n）', text: '坐席按 a', color: 'cyan', wrap: true }]} columns={60} />);
    expect(steps.lastFrame()).toContain('下一步（n） ▸ 坐席按 a');
  });
});
