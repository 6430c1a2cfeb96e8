/**
 * Chinese on a terminal as the codes set it: a wrapped row never starts with closing punctuation
 * nor ends with opening punctuation, and a label cut to its width ends at a word, never inside
 * one (nor inside a rule ID or a number).
 */
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { asked, bracketedAfter, colonAfter, quoted, typedLine, wrapText } from '../../src/typography.js';
import { fitWidth, padDisplay, stringWidth } from '../../src/width.js';
import { CurrentLine } from '../../src/ui/panes/CurrentLine.js';
import { Message } from '../../src/ui/panes/Overlays.js';
import { textFor } from '../../src/ui/text.js';

const CLOSING = /^[，。、；：！？）」』”’…]/u;
const OPENING = /[（「『“‘]$/u;

/** The rows of a frame, the indent and the line's arrow taken off. */
const rowsOf = (frame: string | undefined) => (frame ?? '').split('\n').map((row) => row.replace(/^\s*(▶ )?/, '').trimEnd()).filter(Boolean);

describe('wrapText: the kinsoku rule', () => {
  it('carries the character before a comma over, so no row starts with ，', () => {
    // Six characters a row: the comma would start the second row.
    expect(wrapText('请您稍等一下，我帮您查询。', 12)).toEqual(['请您稍等一', '下，我帮您查', '询。']);
  });

  it('a row never ends with an opening bracket or quote, nor starts with a closing one, at any width', () => {
    const lines = [
      '对不起，让您久等了，我们会尽快帮您查询。',
      '您反映的问题我们已经处理：……（说明处理情况）。给您带来不便，非常抱歉。',
      '严格模式：请先说“请您稍等”再保持（按空格，R-HOLD-ASK）',
      '场景的下一步要输入「张先生」，但没有打开的输入框：按键代替演示，或 q 退出重来。',
      '您好！这里是天天公司客服中心，1024号为您服务，请问有什么可以帮您？',
    ];
    for (const line of lines) {
      // (From 12 columns: narrower, a rule ID fills a row and its ） has nowhere else to go.)
      for (let width = 12; width <= 40; width++) {
        const rows = wrapText(line, width);
        expect(rows.join('').replace(/ /g, '')).toBe(line.replace(/ /g, '')); // nothing lost but the spaces where it breaks
        for (const [i, row] of rows.entries()) {
          expect(stringWidth(row), `${line} at ${width}: ${JSON.stringify(rows)}`).toBeLessThanOrEqual(width);
          if (i > 0) expect(row, `${line} at ${width}`).not.toMatch(CLOSING);
          if (i < rows.length - 1) expect(row, `${line} at ${width}`).not.toMatch(OPENING);
        }
      }
    }
  });

  it('English breaks at spaces; a number, a time or a rule ID stays whole on its row', () => {
    expect(wrapText('Let the caller hang up first', 12)).toEqual(['Let the', 'caller hang', 'up first']);
    expect(wrapText('请在早上7:30以后来电', 10)).toEqual(['请在早上', '7:30以后来', '电']);
    expect(wrapText('按规范处理R-THEY-HANG-UP', 16)).toEqual(['按规范处理', 'R-THEY-HANG-UP']);
    expect(wrapText('一行\n两行', 20)).toEqual(['一行', '两行']);
  });
});

describe('the screen wraps Chinese by the rule', () => {
  it('the current line at a narrow width: no row starts with ，or 。', () => {
    const current = '对不起，让您久等了，我们会尽快帮您查询。';
    // 16 columns for the text (less the arrow and the indents): eight characters a row, so the
    // plain wrap would start the second row with ，.
    const { lastFrame } = render(<CurrentLine view={{ current, next: null, hint: null }} text={textFor('zh-CN')} keys={Object.assign(() => 'x', { all: () => 'x' })} late={false} width={17} minRows={0} />);
    const rows = rowsOf(lastFrame());
    expect(rows.join('')).toBe(current);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row).not.toMatch(CLOSING);
  });

  it('a message under the line does too', () => {
    // Twelve columns for the text: six characters a row, the plain wrap starts the second with ，.
    const { lastFrame } = render(
      <Box width={13}>
        <Message color="yellow" text="请您稍等一下，我帮您查询。" width={12} />
      </Box>,
    );
    const rows = rowsOf(lastFrame());
    expect(rows.join('')).toBe('请您稍等一下，我帮您查询。');
    for (const row of rows.slice(1)) expect(row).not.toMatch(CLOSING);
  });
});

describe('fitWidth: labels shortened at a word, not cut inside one', () => {
  it('English keeps whole words', () => {
    expect(fitWidth('Courtesy steps to take', 12)).toBe('Courtesy…');
    expect(fitWidth('Ask the caller to wait', 15)).toBe('Ask the caller…');
    // One word too long for the room still shows its beginning.
    expect(fitWidth('Administration', 8)).toBe('Adminis…');
  });

  it('a rule ID, a number or a time is never split: it shows whole or not at all', () => {
    expect(fitWidth('开场白 R-OPEN-NOW', 14)).toBe('开场白…');
    expect(fitWidth('回电 13812345678', 12)).toBe('回电…');
    expect(fitWidth('夜间 23:30-07:30', 12)).toBe('夜间…');
    expect(fitWidth('R-ANYTHING-ELSE', 8)).toBe('…');
  });

  it('Chinese at any character, without a dangling bracket or comma before the …', () => {
    expect(fitWidth('请问您还有什么需要补充的吗？', 10)).toBe('请问您还…');
    expect(fitWidth('开场白（报号）', 9)).toBe('开场白…');
    expect(fitWidth('对不起，让您久等了', 9)).toBe('对不起…');
    // Nor a separator dot.
    expect(fitWidth('Ringside · 通用客服热线 · 工号 1024', 26)).toBe('Ringside · 通用客服热线…');
    expect(fitWidth('Ringside · 通用客服热线 · 工号 1024', 25)).toBe('Ringside · 通用客服热线…');
    expect(fitWidth('训练・投诉', 7)).toBe('训练…');
    expect(padDisplay('致歉（响铃超过三声）', 12)).toBe('致歉（响铃… ');
  });

  it('what fits is left as it is', () => {
    expect(fitWidth('开场白（报号）', 14)).toBe('开场白（报号）');
    expect(fitWidth('Courtesy steps', 14)).toBe('Courtesy steps');
  });
});

describe('the punctuation that joins a label', () => {
  it('full-width after Chinese, ASCII after English', () => {
    expect(`下一句${colonAfter('下一句')}请问您贵姓？`).toBe('下一句：请问您贵姓？');
    expect(`Next${colonAfter('Next')}May I have your name?`).toBe('Next: May I have your name?');
    expect(`下一步${bracketedAfter('下一步', '.')}`).toBe('下一步（.）');
    expect(`Next${bracketedAfter('Next', '.')}`).toBe('Next (.)');
    expect(asked('区号')).toBe('〔区号？〕');
    expect(asked('Area code')).toBe('〔Area code?〕');
    expect(`客户${colonAfter('客户')}${quoted('姓张。', '客户')}`).toBe('客户：「姓张。」');
    expect(`Caller${colonAfter('Caller')}${quoted('Harris.', 'Caller')}`).toBe('Caller: “Harris.”');
    expect([quoted('喂？', 'zh-CN'), quoted('Hello?', 'en')]).toEqual(['「喂？」', '“Hello?”']);
    expect([typedLine('张先生', 'zh-CN'), typedLine('Mr Harris', 'en')]).toEqual(['「张先生」⏎', '“Mr Harris” ⏎']);
  });
});
