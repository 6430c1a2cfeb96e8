import { editLine, lineOf, pasteInto } from '../../src/ui/panes/LineEditor.js';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskName, maskPhone } from '../../src/privacy.js';
import { fillLine, inNightHours, lineVariables } from '../../src/ui/view.js';
import { packPath, zhGeneral } from '../helpers.js';
import { loadPackFile } from '../../src/pack/load.js';

describe('lines and small views', () => {
  it('fills variables from settings over pack defaults, {caller} from the name or the fallback', () => {
    const pack = zhGeneral();
    const vars = lineVariables(pack, { company: '天天公司', hotline: '', agentNumber: '1024' }, {});
    expect(fillLine(pack.phases.greeting[1]!.line, vars)).toBe('您好！这里是天天公司客服中心，1024号为您服务，请问有什么可以帮您？');
    expect(fillLine('{caller}，您好', vars)).toBe('先生/女士，您好');
    expect(fillLine('{caller}，您好', lineVariables(pack, {}, { name: '张先生' }))).toBe('张先生，您好');
    // A value still missing stays visible, so the agent sees what to ask for.
    expect(fillLine('重新拨打{areaCode}10086', vars)).toBe('重新拨打{areaCode}10086');
  });

  it('a pack\'s own company and hotline win over the global settings, which fill a pack that leaves them open; a per-pack setting wins over both', () => {
    const telecom = loadPackFile(packPath('zh-CN/telecom.yaml'));
    const english = loadPackFile(packPath('en/hotline.yaml'));
    const desk = { company: '天天公司', hotline: '热线', agentNumber: '1024' };
    expect(fillLine(telecom.phases.greeting[1]!.line, lineVariables(telecom, desk, {}))).toContain('您好！中国移动10086客服热线');
    expect(fillLine('Hello, {company} {hotline}', lineVariables(english, desk, {}))).toBe('Hello, Example Company Customer Service');
    // zh-CN-general leaves the company open: the desk's fills it; its hotline is its own.
    expect(fillLine('{company}{hotline}', lineVariables(zhGeneral(), desk, {}))).toBe('天天公司客服中心');
    // Nothing anywhere: the variable stays visible.
    expect(fillLine('{company}', lineVariables(zhGeneral(), {}, {}))).toBe('{company}');
    const perPack = { 'zh-CN-telecom': { company: '天天电信', hotline: '8888热线' }, 'zh-CN-general': { hotline: '服务台' } };
    expect(fillLine(telecom.phases.greeting[1]!.line, lineVariables(telecom, { ...desk, perPack }, {}))).toContain('您好！天天电信8888热线');
    expect(fillLine('{company}{hotline}', lineVariables(zhGeneral(), { ...desk, perPack }, {}))).toBe('天天公司服务台');
    // Set for another pack only: no effect here.
    expect(fillLine('Hello, {company}', lineVariables(english, { ...desk, perPack }, {}))).toBe('Hello, Example Company');
  });

  it('night service hours wrap midnight (R-NIGHT, 23:30-07:30)', () => {
    const at = (h: number, m: number) => new Date(2026, 10, 24, h, m);
    expect(inNightHours('23:30-07:30', at(23, 29))).toBe(false);
    expect(inNightHours('23:30-07:30', at(23, 30))).toBe(true);
    expect(inNightHours('23:30-07:30', at(3, 0))).toBe(true);
    expect(inNightHours('23:30-07:30', at(7, 30))).toBe(false);
    expect(inNightHours('12:00-13:00', at(12, 30))).toBe(true);
    expect(inNightHours(undefined, at(3, 0))).toBe(false);
  });

  it('masks caller data 138****5678 style', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('*****');
    expect(maskName('张先生')).toBe('张**');
    expect(maskAddress('北京市海淀区中关村')).toBe('北京市***');
  });

  // Country and area codes show, at most the last four digits, never more than half the local
  // number; separators stay where they are; what is not a number is hidden whole.
  it.each([
    ['13812345678', '138****5678'], // a mobile
    ['138 1234 5678', '138 **** 5678'],
    ['138-1234-5678', '138-****-5678'],
    ['+8613812345678', '+86138****5678'],
    ['+86 138 1234 5678', '+86 138 **** 5678'],
    ['0086 138 1234 5678', '0086 138 **** 5678'],
    ['１３８１２３４５６７８', '１３８****５６７８'], // full-width, typed on a Chinese keyboard
    ['010-12345678', '010-****5678'], // a landline: the area code shows
    ['01012345678', '010****5678'],
    ['(010) 1234-5678', '(010) ****-5678'],
    ['0755-1234567', '0755-****567'],
    ['0755-12345678', '0755-****5678'],
    ['021 6123 4567', '021 **** 4567'],
    ['+86 10 12345678', '+86 10 ****5678'], // +86 drops the trunk 0
    ['+86-755-1234567', '+86-755-****567'],
    ['1234567', '****567'], // a bare local number: at least half hidden
    ['12345678', '****5678'],
    ['1234-5678', '****-5678'],
    ['+44 20 7946 0958', '+** ** **** 0958'], // elsewhere: the last four only
    ['400-123-4567', '***-***-4567'],
    ['12345', '*****'], // too few digits to be a number
    ['10086', '*****'],
    ['sipp', '****'], // a SIP user
    ['sip:alice@example.com', '*********************'],
    ['010-12345678 转 801', '************ * ***'],
    ['', ''],
  ])('masks the phone %s as %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('the line editor', () => {
  const typed = (buffer: string, input: string, limit = 100) => editLine(lineOf(buffer), { input }, limit);
  it('takes keys that arrive in one burst as keys: backspaces delete, Enter ends, nothing invisible is kept', () => {
    expect(typed('李四', '\u007f\u007f王')).toEqual({ buffer: '王', length: 1, done: null, refused: 0 });
    expect(typed('李', '四\r')).toEqual({ buffer: '李四', length: 2, done: 'keep', refused: 0 });
    expect(typed('张', '\b先生\u001b[D\u0001\u202e')).toEqual({ buffer: '先生', length: 2, done: null, refused: 0 });
    expect(typed('👋🏽', '\u007f')).toEqual({ buffer: '👋', length: 1, done: null, refused: 0 }); // a character at a time
  });
  it('refuses characters past the limit and counts them, so the screen can say so', () => {
    expect(typed('一二三', '四五六', 5)).toEqual({ buffer: '一二三四五', length: 5, done: null, refused: 1 });
    expect(typed('一二三四五', '\u007f六', 5)).toEqual({ buffer: '一二三四六', length: 5, done: null, refused: 0 });
  });
  it('takes a paste whole up to the limit, its line breaks and tabs made spaces and other controls left out', () => {
    const pasted = (buffer: string, text: string, limit = 100) => pasteInto(lineOf(buffer), { text, length: [...text].length }, limit);
    expect(pasted('地址：', '伦敦\r\nn k\tBaker St\u0007')).toEqual({ buffer: '地址：伦敦 n k Baker St', length: 18, refused: 0, lineBreaks: true });
    expect(pasted('ab', 'cdefg', 4)).toEqual({ buffer: 'abcd', length: 4, refused: 3, lineBreaks: false });
    // What the terminal reader did not keep of a huge paste is counted as refused too.
    expect(pasteInto(lineOf(''), { text: 'x'.repeat(10), length: 350_000 }, 5)).toEqual({ buffer: 'xxxxx', length: 5, refused: 349_995, lineBreaks: false });
  });
});
