/** `ringside packs show ID`: a pack as a person reads it, phase by phase, in the desk's language. */
import { formatCount, said, type Language, type Words } from '../language.js';
import type { Pack, Step } from './schema.js';
import { bracketedAfter, colonAfter, endsChinese } from '../typography.js';
import { textFor, TICKET_KINDS } from '../ui/text.js';

type BranchKind = Pack['branches'][number]['kind'];

interface ShowWords {
  phases: { greeting: string; gathering: string; answering: string; closing: string; hold: string; lines: string; reasons: string };
  variables: string;
  night: string;
  afterLate: string;
  optional: string;
  judgedByHangUp: string;
  repeated: string;
  afterRepeats: (times: number) => string;
  asks: (field: string) => string;
  /** The caller fields every pack has, by id (a pack's own fields are named by their label). */
  fields: Record<string, string>;
  kinds: Record<BranchKind, string>;
  ticket: string;
  nonBusiness: string;
  endsCall: string;
  /** Marks in brackets after a line: "(a; b)". */
  marks: (marks: string[]) => string;
  branchMarks: (kind: string, marks: string[]) => string;
  colon: string;
}

/** The phases as the screen names them; answering with what it holds. */
function phaseNames(language: Language, answeringHolds: string) {
  const { greeting, gathering, answering, closing } = textFor(language).phases;
  return { greeting, gathering, answering: `${answering}${colonAfter(answering)}${answeringHolds}`, closing };
}

const WORDS: Words<ShowWords> = {
  'zh-CN': {
    phases: { ...phaseNames('zh-CN', '来电走的分支'), hold: '保持', lines: '常用语', reasons: '来电原因' },
    variables: '变量',
    night: '夜间服务',
    afterLate: '接晚时',
    optional: '可选',
    judgedByHangUp: '看谁先挂机',
    repeated: '可重复，计次',
    afterRepeats: (times) => `满 ${times} 次后`,
    asks: (field) => `询问${field}`,
    fields: { name: '称呼', phone: '电话', address: '地址', areaCode: '区号' },
    kinds: {
      ...TICKET_KINDS['zh-CN'],
      consultation: '咨询',
      crossRegion: '跨地区',
      outOfScope: '业务范围外',
      wrongNumber: '打错电话',
      findPerson: '找人',
      takeMessage: '留言',
      support: '求助支持',
      silent: '无声来电',
    },
    ticket: '建工单',
    nonBusiness: '非业务',
    endsCall: '结束通话',
    marks: (marks) => `（${marks.join('；')}）`,
    branchMarks: (kind, marks) => `（${[kind, ...marks].join('；')}）`,
    colon: '：',
  },
  en: {
    phases: { ...phaseNames('en', 'the branch the call takes'), hold: 'Hold', lines: 'Ready lines', reasons: 'Reasons' },
    variables: 'variables',
    night: 'night service',
    afterLate: 'after a late answer',
    optional: 'optional',
    judgedByHangUp: 'judged by who hangs up',
    repeated: 'repeated, counted',
    afterRepeats: (times) => `after ${formatCount('en', times, { one: 'time', other: 'times' })}`,
    asks: (field) => `asks ${field}`,
    fields: {},
    kinds: {
      ...TICKET_KINDS.en,
      consultation: 'consultation',
      crossRegion: 'crossRegion',
      outOfScope: 'outOfScope',
      wrongNumber: 'wrongNumber',
      findPerson: 'findPerson',
      takeMessage: 'takeMessage',
      support: 'support',
      silent: 'silent',
    },
    ticket: 'ticket',
    nonBusiness: 'non-business',
    endsCall: 'ends the call',
    marks: (marks) => ` (${marks.join('; ')})`,
    branchMarks: (kind, marks) => ` (${kind}${marks.length > 0 ? `; ${marks.join(', ')}` : ''})`,
    colon: ': ',
  },
};

function stepLine(step: Step, words: ShowWords, fieldName: (id: string) => string): string {
  const marks = [
    step.required === 'whenLate' ? words.afterLate : step.required ? '' : words.optional,
    step.judge === 'hangUp' ? words.judgedByHangUp : '',
    step.repeat ? words.repeated : '',
    step.afterRepeats ? words.afterRepeats(step.afterRepeats) : '',
    step.asks ? words.asks(fieldName(step.asks)) : '',
  ].filter(Boolean);
  const rules = step.rules.length > 0 ? `  [${step.rules.join(', ')}]` : '';
  return `    ${step.label ?? step.id}${marks.length > 0 ? words.marks(marks) : ''}${rules}\n      ${step.line}\n`;
}

export function formatPack(pack: Pack): string {
  const words = said(WORDS);
  // A Chinese desk reads a field by its name; an English one by its id, as the pack author writes it.
  const fieldName = (id: string) => (words === WORDS.en ? id : (pack.fields.find((field) => field.id === id)?.label ?? words.fields[id] ?? id));
  const line = (step: Step) => stepLine(step, words, fieldName);
  // The name's own language brackets its id: 移动客服热线咨询（zh-CN-telecom，zh-CN）, General hotline (en-hotline, en).
  let out = `${pack.name}${bracketedAfter(pack.name, [pack.id, pack.language].join(endsChinese(pack.name) ? '，' : ', '))}\n`;
  if (pack.description) out += `${pack.description}\n`;
  const vars = Object.entries(pack.variables).map(([name, value]) => `${name}=${value}`);
  if (vars.length > 0) out += `${words.variables}${words.colon}${vars.join(', ')}\n`;
  if (pack.nightHours) out += `${words.night}${words.colon}${pack.nightHours}\n`;
  for (const phase of ['greeting', 'gathering'] as const) {
    out += `\n${words.phases[phase]}\n${pack.phases[phase].map(line).join('')}`;
  }
  out += `\n${words.phases.answering}\n`;
  for (const branch of pack.branches) {
    const marks = [branch.ticket ? words.ticket : '', branch.nonBusiness ? words.nonBusiness : '', branch.endsCall ? words.endsCall : ''].filter(Boolean);
    out += `  ${branch.hotkey} ${branch.label}${words.branchMarks(words.kinds[branch.kind], marks)}\n${branch.steps.map(line).join('')}`;
  }
  out += `\n${words.phases.closing}\n${pack.phases.closing.map(line).join('')}`;
  out += `\n${words.phases.hold}\n${[pack.hold.ask, pack.hold.back, pack.hold.checkBack].map(line).join('')}`;
  if (pack.lines.length > 0) {
    out += `\n${words.phases.lines}\n${pack.lines.map((ready) => `    ${ready.label}\n      ${ready.line}\n`).join('')}`;
  }
  out += `\n${words.phases.reasons}\n`;
  for (const group of pack.reasons) {
    out += `  ${group.hotkey} ${group.group}\n${group.reasons.map((reason) => `    ${reason.hotkey} ${reason.label}${words.marks([reason.code])}\n`).join('')}`;
  }
  return out;
}
