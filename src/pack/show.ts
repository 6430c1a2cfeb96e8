/** `ringside packs show ID`: a pack as a person reads it, phase by phase. */
import type { Pack, Step } from './schema.js';

const PHASE_TITLES = { greeting: 'Greeting 问候', gathering: 'Gathering 信息收集', closing: 'Closing 结束' } as const;

function stepLine(step: Step): string {
  const marks = [
    step.required === 'whenLate' ? 'after a late answer' : step.required ? '' : 'optional',
    step.judge === 'hangUp' ? 'judged by who hangs up' : '',
    step.repeat ? 'repeated, counted' : '',
    step.afterRepeats ? `after ${step.afterRepeats} times` : '',
    step.asks ? `asks ${step.asks}` : '',
  ].filter(Boolean);
  const rules = step.rules.length > 0 ? `  [${step.rules.join(', ')}]` : '';
  return `    ${step.label ?? step.id}${marks.length > 0 ? ` (${marks.join('; ')})` : ''}${rules}\n      ${step.line}\n`;
}

export function formatPack(pack: Pack): string {
  let out = `${pack.name} (${pack.id}, ${pack.language})\n`;
  if (pack.description) out += `${pack.description}\n`;
  const vars = Object.entries(pack.variables).map(([name, value]) => `${name}=${value}`);
  if (vars.length > 0) out += `variables: ${vars.join(', ')}\n`;
  if (pack.nightHours) out += `night service: ${pack.nightHours}\n`;
  for (const phase of ['greeting', 'gathering'] as const) {
    out += `\n${PHASE_TITLES[phase]}\n${pack.phases[phase].map(stepLine).join('')}`;
  }
  out += '\nAnswering 解答: the branch the call takes\n';
  for (const branch of pack.branches) {
    const marks = [branch.ticket ? 'ticket' : '', branch.nonBusiness ? 'non-business' : '', branch.endsCall ? 'ends the call' : '']
      .filter(Boolean)
      .join(', ');
    out += `  ${branch.hotkey} ${branch.label} (${branch.kind}${marks ? `; ${marks}` : ''})\n${branch.steps.map(stepLine).join('')}`;
  }
  out += `\n${PHASE_TITLES.closing}\n${pack.phases.closing.map(stepLine).join('')}`;
  out += `\nHold 保持\n${[pack.hold.ask, pack.hold.back, pack.hold.checkBack].map(stepLine).join('')}`;
  if (pack.lines.length > 0) {
    out += `\nReady lines 常用语\n${pack.lines.map((line) => `    ${line.label}\n      ${line.line}\n`).join('')}`;
  }
  out += '\nReasons 来电原因\n';
  for (const group of pack.reasons) {
    out += `  ${group.hotkey} ${group.group}\n${group.reasons.map((reason) => `    ${reason.hotkey} ${reason.label} (${reason.code})\n`).join('')}`;
  }
  return out;
}
