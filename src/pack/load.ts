/**
 * Loads and validates call-script packs. Every problem is reported as a sentence with
 * file:line:column, never a stack trace: the CLI turns a PackError into exit code 2.
 */
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, visit, type Document, type ErrorCode as YamlErrorCode } from 'yaml';
import { config as zodConfig, type z } from 'zod';
import zodEnglish from 'zod/v4/locales/en.js';
import { said, spoken, type Words } from '../language.js';
import { allSteps } from '../../machines/steps.js';
import { quoted, UserError } from '../errors.js';
import { trustFolder } from '../safe-fs.js';
import { CONTROL_CHARACTER } from '../width.js';
import { BUILTIN_FIELDS, builtinPackDir } from './builtin.js';
import { folderName, readInputFile, yamlFilesIn } from './files.js';
import { clashMessage, hotkeyClashes } from './hotkeys.js';
import { describePath, PackError, positionAt, type PackProblem, type Path } from './problems.js';
import { heardProblems } from './heard.js';
import { PACK_PHASES, PHASES } from '../../machines/phases.js';
import { packSchema, type Pack } from './schema.js';
import { aliasTooFar, costlyYaml, YAML_LIMITS } from './yaml-bounds.js';
import { chineseZodLocale } from './zod-chinese.js';

export { formatProblem, PackError, type PackProblem, type Path } from './problems.js';
export { readInputFile } from './files.js';

export { BUILTIN_FIELDS, builtinPackDir } from './builtin.js';

/** Variables every line may use besides the pack's own. */
// {about} and {opened}: a call-back's ticket (why the customer called, and the day).
const RUNTIME_VARIABLES = ['company', 'hotline', 'agentNumber', 'agentName', 'caller', 'about', 'opened'];

/** Where a key of a mapping is written (an unknown field is pointed at by its key). */
function locateKey(doc: Document, counter: LineCounter, path: Path, key: string): { line: number; column: number } | null {
  const parent = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
  if (!pair || !isNode(pair.key) || !pair.key.range) return null;
  const pos = counter.linePos(pair.key.range[0]);
  return { line: pos.line, column: pos.col };
}

/** Where a path points in the YAML source: the node itself, else its closest existing parent. */
function locate(doc: Document, counter: LineCounter, path: Path): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

interface LoadWords {
  colon: string;
  missing: string;
  unknownField: (keys: string[]) => string;
  stepTwice: (id: string, first: string) => string;
  hotkeyTaken: (hotkey: string, what: string, first: number) => string;
  what: { branch: string; group: string; reason: string; result: string; field: string };
  builtinField: (id: string, builtin: string) => string;
  unknownVariable: (name: string, variables: string[]) => string;
  unknownAsks: (field: string, fields: string[]) => string;
  closingJudge: string;
  unknownReason: (code: string) => string;
  noReasonGroup: (hotkey: string) => string;
  unknownBranch: (id: string) => string;
  afterRepeatsAlone: string;
  afterRepeatsTimes: (after: number, times: number) => string;
  crossRegion: string;
  explainTimes: (kind: string) => string;
  consultation: string;
  tooDeep: string;
  notYaml: (message: string) => string;
  control: (code: string, tab: boolean) => string;
  aliasCopies: string;
  noPack: (id: string, known: string[]) => string;
}

const WORDS: Words<LoadWords> = {
  'zh-CN': {
    colon: '：',
    missing: '缺少；请加上这个字段',
    unknownField: (keys) => `未知字段 ${keys.join('、')}；请删掉它或检查拼写`,
    stepTwice: (id, first) => `步骤编号 "${id}" 用了两次（第一次在 ${first}）；步骤编号不能重复`,
    hotkeyTaken: (hotkey, what, first) => `热键 "${hotkey}" 已被第 ${first} 个${what}使用；每个${what}要有自己的键`,
    what: { branch: '分支', group: '来电原因组', reason: '本组来电原因', result: '结果', field: '字段' },
    builtinField: (id, builtin) => `字段 "${id}" 与内置字段 "${builtin}" 冲突（热键 1-4 和它的编号已被占用）；请用热键 5 或之后的`,
    unknownVariable: (name, variables) => `未知变量 {${name}}；请在 "variables" 下声明，或用其中之一：${variables.join('、')}`,
    unknownAsks: (field, fields) => `未知字段 "${field}"；请用其中之一：${fields.join('、')}`,
    closingJudge: '结束阶段需要一个带 "judge: hangUp" 的步骤（R-THEY-HANG-UP：客户先挂机）',
    unknownReason: (code) => `未知来电原因 "${code}"；请用 "reasons" 下的代码`,
    noReasonGroup: (hotkey) => `没有来电原因组的热键是 "${hotkey}"；请用 "reasons" 下某一组的热键`,
    unknownBranch: (id) => `未知分支 "${id}"；请用另一个分支的编号`,
    afterRepeatsAlone: 'afterRepeats 需要同一分支里有一个 "repeat: true" 的步骤',
    afterRepeatsTimes: (after, times) => `afterRepeats 是 ${after}，但分支的 explainTimes 是 ${times}；请改成一样`,
    crossRegion: 'crossRegion 分支需要来电人的区号：一个 "asks: areaCode" 的步骤，或一句带 {areaCode} 的台词（R-CROSS-REGION）',
    explainTimes: (kind) => `${kind} 分支需要 "explainTimes" 和一个 "repeat: true" 的步骤（坐席在这之后才能结束通话）`,
    consultation: '话术包需要一个 kind 为 consultation 的分支（解答从它开始）',
    tooDeep: '嵌套太深，读不了；话术包最多只需几层',
    notYaml: (message) => `不是有效的 YAML：${message}`,
    control: (code, tab) => `文本里有控制字符（${code}${tab ? '，制表符' : ''}）；屏幕显示不了：请删掉${tab ? '，或改用空格' : ''}`,
    aliasCopies: '这里的别名（*name）让 YAML 读取器复制出太多份；请把值直接写出来',
    noPack: (id, known) => `没有话术包 ${id}。已有的话术包：${known.join('、')}（ringside packs 会列出）。`,
  },
  en: {
    colon: ': ',
    missing: 'missing; add this field',
    unknownField: (keys) => `unknown field ${keys.join(', ')}; remove it or check its spelling`,
    stepTwice: (id, first) => `step id "${id}" is used twice (first at ${first}); step ids must be unique`,
    hotkeyTaken: (hotkey, what, first) => `hotkey "${hotkey}" is already used by ${what} ${first}; give each ${what} its own key`,
    what: { branch: 'branch', group: 'reason group', reason: 'reason in this group', result: 'result', field: 'field' },
    builtinField: (id, builtin) => `field "${id}" clashes with the built-in field "${builtin}" (hotkeys 1-4 and its id are taken); use hotkey 5 or later`,
    unknownVariable: (name, variables) => `unknown variable {${name}}; declare it under "variables" or use one of ${variables.join(', ')}`,
    unknownAsks: (field, fields) => `unknown field "${field}"; use one of ${fields.join(', ')}`,
    closingJudge: 'the closing needs a step with "judge: hangUp" (R-THEY-HANG-UP: the customer hangs up first)',
    unknownReason: (code) => `unknown reason "${code}"; use a code from "reasons"`,
    noReasonGroup: (hotkey) => `no reason group has hotkey "${hotkey}"; use the hotkey of a group under "reasons"`,
    unknownBranch: (id) => `unknown branch "${id}"; use the id of another branch`,
    afterRepeatsAlone: 'afterRepeats needs a step with "repeat: true" in the same branch',
    afterRepeatsTimes: (after, times) => `afterRepeats is ${after} but the branch's explainTimes is ${times}; make them the same`,
    crossRegion: 'a crossRegion branch needs the caller\'s area code: a step with "asks: areaCode" or a line with {areaCode} (R-CROSS-REGION)',
    explainTimes: (kind) => `a ${kind} branch needs "explainTimes" and a step with "repeat: true" (the agent may close the call only after it)`,
    consultation: 'a pack needs a branch of kind consultation (answering starts on it)',
    tooDeep: 'nested too deep to read; a pack needs a few levels at most',
    notYaml: (message) => `not valid YAML: ${message}`,
    control: (code, tab) => `a control character (${code}${tab ? ', a tab' : ''}) in the text; the screen cannot show it: remove it${tab ? ' or use spaces' : ''}`,
    aliasCopies: 'the aliases (*name) here make too many copies for the YAML loader; write the values out instead',
    noPack: (id, known) => `There is no pack ${id}. Known packs: ${known.join(', ')} (ringside packs lists them).`,
  },
};

/**
 * The YAML parser's own sentences are English. On a Chinese desk each of its error codes (stable,
 * unlike its wording) is said in Chinese; a code it adds later is named in a general sentence.
 */
const YAML_CHINESE: Partial<Record<YamlErrorCode, string>> & { unclosedQuote: string; other: (code: string) => string } = {
  ALIAS_PROPS: '别名（*name）不能再带锚点或标签',
  BAD_ALIAS: '锚点或别名的名字是空的，或以冒号结尾；请换一个名字',
  BAD_COLLECTION_TYPE: '标签和值的种类不符；话术包不需要标签，请删掉它',
  BAD_DIRECTIVE: '这条 % 指令读不懂；话术包不需要指令，请删掉它',
  BAD_DQ_ESCAPE: '双引号里的转义序列（\\…）无效；请改正它，或改用单引号',
  BAD_INDENT: '缩进不对：同一层的键和列表项要从同一列开始',
  BAD_PROP_ORDER: '锚点（&name）和标签（以 ! 开头）要写在「-」「?」「:」这些指示符后面',
  BAD_SCALAR_START: '没加引号的值不能以这个符号开头；请给值加上引号',
  BLOCK_AS_IMPLICIT_KEY: '一行里只能有一个「键: 值」；值里有「: 」（冒号加空格）时，请给整个值加上引号',
  BLOCK_IN_FLOW: '方括号或花括号里不能有分行写的列表或映射；请只用其中一种写法',
  DUPLICATE_KEY: '同一个键写了两次；每个键只能出现一次',
  IMPOSSIBLE: 'YAML 读取器在这里读不下去；请检查这一行的写法',
  KEY_OVER_1024_CHARS: '键太长（超过 1024 个字符），或键后面的冒号离键太远',
  MISSING_CHAR: '这里缺了一个字符（冒号、逗号、空格或短横线）；请检查这一行的写法',
  MULTILINE_IMPLICIT_KEY: '键要写在一行里；多半是上面某行的值少了引号，或缩进不对',
  MULTIPLE_ANCHORS: '一个值只能有一个锚点（&name）',
  MULTIPLE_DOCS: '一个文件只能有一份 YAML 文档；请删掉多出的「---」和它后面的内容',
  MULTIPLE_TAGS: '一个值只能有一个标签（以 ! 开头）',
  NON_STRING_KEY: '键要是文字，不能是列表或映射',
  RESOURCE_EXHAUSTION: '这份 YAML 读起来太费资源；请把值直接写出来',
  TAB_AS_INDENT: '缩进里有制表符；YAML 只能用空格缩进',
  TAG_RESOLVE_FAILED: '不认识这个标签（以 ! 开头）；话术包不需要标签，请删掉它',
  UNEXPECTED_TOKEN: '这里有一个不该出现的符号；请检查这一行的写法（多半是少了引号，或括号没有配对）',
  unclosedQuote: '引号没有闭合；请在值的末尾加上同样的引号',
  other: (code) => `YAML 写法有误（${code}）；请检查这一行的写法`,
};

/** The parser's error in the desk's language: its own English sentence on an English desk. */
function yamlSentence(code: YamlErrorCode, message: string): string {
  if (spoken() === 'en') return message;
  if (/^Missing closing ["']quote/.test(message)) return YAML_CHINESE.unclosedQuote;
  return YAML_CHINESE[code] ?? YAML_CHINESE.other(code);
}

function zodMessage(issue: z.core.$ZodIssue): string {
  const words = said(WORDS);
  const where = issue.path.length > 0 ? `${describePath(issue.path as Path)}${words.colon}` : '';
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${where}${words.missing}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `${where}${words.unknownField(issue.keys.map((key) => JSON.stringify(key)))}`;
  }
  return `${where}${issue.message}`;
}

/** Checks a pack's cross-references: ids, hotkeys, variables, fields, reasons. */
function crossCheck(pack: Pack, problem: (path: Path, message: string) => void): void {
  const words = said(WORDS);
  const stepPaths = new Map<string, Path>();
  const visit = (step: { id: string }, path: Path) => {
    if (stepPaths.has(step.id)) {
      problem([...path, 'id'], words.stepTwice(step.id, describePath(stepPaths.get(step.id)!)));
    } else {
      stepPaths.set(step.id, path);
    }
  };
  for (const phase of PACK_PHASES) {
    pack.phases[phase].forEach((step, i) => visit(step, ['phases', phase, i]));
  }
  pack.branches.forEach((branch, b) => branch.steps.forEach((step, i) => visit(step, ['branches', b, 'steps', i])));
  (['ask', 'back', 'checkBack'] as const).forEach((key) => visit(pack.hold[key], ['hold', key]));
  for (const phase of PHASES) pack.callback?.phases[phase].forEach((step, i) => visit(step, ['callback', 'phases', phase, i]));

  const unique = (items: { hotkey: string }[], path: (i: number) => Path, what: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.hotkey);
      if (first !== undefined) {
        problem([...path(i), 'hotkey'], words.hotkeyTaken(item.hotkey, what, first + 1));
      } else {
        seen.set(item.hotkey, i);
      }
    });
  };
  unique(pack.branches, (i) => ['branches', i], words.what.branch);
  unique(pack.reasons, (i) => ['reasons', i], words.what.group);
  pack.reasons.forEach((group, g) => unique(group.reasons, (i) => ['reasons', g, 'reasons', i], words.what.reason));
  if (pack.callback) unique(pack.callback.results, (i) => ['callback', 'results', i], words.what.result);
  pack.fields.forEach((field, i) => {
    const builtin = BUILTIN_FIELDS.find((f) => f.hotkey === field.hotkey || f.id === field.id);
    if (builtin) {
      problem(['fields', i], words.builtinField(field.id, builtin.id));
    }
  });
  unique(pack.fields, (i) => ['fields', i], words.what.field);
  // A menu's hotkey is read before the screen's keys: on a command's key it takes the command away.
  for (const clash of hotkeyClashes(pack)) problem(clash.path, clashMessage(clash));

  const fieldIds: string[] = [...BUILTIN_FIELDS.map((f) => f.id), ...pack.fields.map((f) => f.id)];
  const variables = new Set([...RUNTIME_VARIABLES, ...Object.keys(pack.variables), ...fieldIds]);
  const checkText = (text: string, path: Path) => {
    for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
      if (!variables.has(match[1]!)) {
        problem(path, words.unknownVariable(match[1]!, [...variables]));
      }
    }
  };
  // A line and the ways it is heard use the same variables.
  const checkLine = (what: { line: string; heard: readonly string[] }, path: Path) => {
    checkText(what.line, [...path, 'line']);
    what.heard.forEach((entry, i) => checkText(entry, [...path, 'heard', i]));
  };
  const reasonCodes = new Set(pack.reasons.flatMap((g) => g.reasons.map((r) => r.code)));
  for (const [id, path] of stepPaths) {
    const step = allSteps(pack).find((s) => s.id === id)!;
    checkLine(step, path);
    if (step.asks && !fieldIds.includes(step.asks)) {
      problem([...path, 'asks'], words.unknownAsks(step.asks, fieldIds));
    }
  }
  pack.lines.forEach((line, i) => checkLine(line, ['lines', i]));
  for (const found of heardProblems(pack)) problem(found.path, found.message);
  pack.lines.forEach((line, i) =>
    line.steps.forEach((id, s) => {
      if (!allSteps(pack).some((step) => step.id === id)) problem(['lines', i, 'steps', s], `unknown step "${id}"; use the id of a step of this pack`);
    }),
  );
  const closingJudge = pack.phases.closing.some((step) => step.judge === 'hangUp');
  if (!closingJudge) {
    problem(['phases', 'closing'], words.closingJudge);
  }
  pack.branches.forEach((branch, b) => {
    if (branch.reason && !reasonCodes.has(branch.reason)) {
      problem(['branches', b, 'reason'], words.unknownReason(branch.reason));
    }
    if (branch.reasonGroup && !pack.reasons.some((group) => group.hotkey === branch.reasonGroup)) {
      problem(['branches', b, 'reasonGroup'], words.noReasonGroup(branch.reasonGroup));
    }
    if (branch.then && !pack.branches.some((other) => other.id === branch.then)) {
      problem(['branches', b, 'then'], words.unknownBranch(branch.then));
    }
    const repeats = branch.steps.filter((s) => s.repeat).length;
    branch.steps.forEach((step, i) => {
      if (step.afterRepeats && repeats === 0) {
        problem(['branches', b, 'steps', i, 'afterRepeats'], words.afterRepeatsAlone);
      }
    });
    branch.steps.forEach((step, i) => {
      if (step.afterRepeats && branch.explainTimes && step.afterRepeats !== branch.explainTimes) {
        problem(['branches', b, 'steps', i, 'afterRepeats'], words.afterRepeatsTimes(step.afterRepeats, branch.explainTimes));
      }
    });
    if (branch.kind === 'crossRegion' && !branch.steps.some((step) => step.asks === 'areaCode' || step.line.includes('{areaCode}'))) {
      problem(['branches', b], words.crossRegion);
    }
    if ((branch.kind === 'outOfScope' || branch.kind === 'silent') && (!branch.explainTimes || repeats === 0)) {
      problem(['branches', b], words.explainTimes(branch.kind));
    }
  });
  if (!pack.branches.some((branch) => branch.kind === 'consultation')) {
    problem(['branches'], words.consultation);
  }
}

/** The nearest line at or before `before` whose `quote` opens a scalar and is not closed on it. */
function unclosedQuote(text: string, quote: string, before: number): { line: number; column: number } | null {
  const lines = text.split('\n');
  for (let i = Math.min(before, lines.length) - 1; i >= 0; i--) {
    const line = lines[i]!;
    const start = line.search(new RegExp(`(^|[:\\-\\[,{]\\s*)${quote}`));
    if (start < 0) continue;
    const column = line.indexOf(quote, start);
    if (line.indexOf(quote, column + 1) < 0) return { line: i + 1, column: column + 1 };
  }
  return null;
}

/**
 * Parses YAML text and validates it with a zod schema, then with `crossCheck`; every problem
 * comes back as file:line:column. Packs and training scenarios both load through here.
 */
export function parseYamlFile<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  crossCheck?: (value: T, problem: (path: Path, message: string) => void) => void,
): T {
  // What would cost too much to parse is refused before the parser sees it.
  const words = said(WORDS);
  const costly = costlyYaml(text);
  if (costly) throw new PackError([{ file, ...positionAt(text, costly.offset), message: costly.message }]);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const problems: PackProblem[] = [];
  for (const error of doc.errors) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    let message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // Nested deeper than the parser can follow (block indents, which the lexer does not bound).
    const tooDeep = /Maximum call stack size exceeded/.test(message);
    // The parser reports an unclosed quote where it gave up (often the end of the file): point
    // at the line where the quote opens instead.
    const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
    const opened = quote ? unclosedQuote(text, quote, pos.line) : null;
    problems.push({ file, ...(opened ?? { line: pos.line, column: pos.col }), message: words.notYaml(tooDeep ? words.tooDeep : yamlSentence(error.code, message)) });
    // The first is enough when the parser gave up on its stack: the rest repeat it.
    if (tooDeep) break;
  }
  if (problems.length > 0) throw new PackError(problems);
  // Text goes to the agent's terminal: a control character in it (an escape sequence, a bell, a
  // tab, a direction override) would move the cursor, recolour or reorder the screen.
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.range) return;
      const bad = CONTROL_CHARACTER.exec(node.value)?.[0];
      if (bad === undefined) return;
      // Where it is typed in the file, or where its text starts when written as an escape (\e).
      const written = text.indexOf(bad, node.range[0]);
      const pos = counter.linePos(written >= 0 && written < node.range[1] ? written : node.range[0]);
      const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      problems.push({ file, line: pos.line, column: pos.col, message: words.control(code, bad === '\t') });
    },
  });
  if (problems.length > 0) throw new PackError(problems);
  // An alias bomb, or an alias in a circle, is refused where it stands, before it is resolved.
  const tooFar = aliasTooFar(doc);
  if (tooFar) {
    const pos = tooFar.alias.range ? counter.linePos(tooFar.alias.range[0]) : { line: 1, col: 1 };
    throw new PackError([{ file, line: pos.line, column: pos.col, message: tooFar.message }]);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: YAML_LIMITS.aliasCopies });
  } catch {
    // The library's own guard, should it ever count otherwise than aliasTooFar: said at the first alias.
    let at = { line: 1, col: 1 };
    visit(doc, {
      Alias(_key, node) {
        if (node.range) at = counter.linePos(node.range[0]);
        return visit.BREAK;
      },
    });
    throw new PackError([{ file, line: at.line, column: at.col, message: words.aliasCopies }]);
  }

  const problem = (path: Path, message: string) => problems.push({ file, ...locate(doc, counter, path), message });
  // zod's own messages (a wrong type, a value not among the choices) in the desk's language.
  zodConfig(spoken() === 'zh-CN' ? chineseZodLocale() : zodEnglish());
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const at = issue.code === 'unrecognized_keys' ? locateKey(doc, counter, issue.path as Path, issue.keys[0]!) : null;
      if (at) problems.push({ file, ...at, message: zodMessage(issue) });
      else problem(issue.path as Path, zodMessage(issue));
    }
    throw new PackError(problems);
  }
  crossCheck?.(result.data, problem);
  if (problems.length > 0) throw new PackError(problems);
  return result.data;
}

/** Parses and validates pack text; `file` is only used in messages. */
export function parsePack(text: string, file: string): Pack {
  return parseYamlFile(text, file, packSchema as z.ZodType<Pack>, crossCheck);
}

export function loadPackFile(path: string, display = path): Pack {
  return parsePack(readInputFile(path, display, 'pack'), display);
}

export interface PackEntry {
  id: string;
  name: string;
  language: string;
  file: string;
  source: 'built-in' | 'user';
  /** The pack's own caller fields that hold private data (masked like name and phone). */
  privateFields: string[];
  /** Set when the file does not validate; the pack is listed but cannot be used. */
  error?: string;
}

/** The pack files of a folder (the built-in scenarios beside the built-in packs are not packs). */
function packFiles(dir: string, what: string, skipped?: (sentence: string) => void): string[] {
  const found = yamlFilesIn(dir, what, (name) => name === 'scenarios');
  found.skipped.forEach((sentence) => skipped?.(sentence));
  return found.files;
}

/**
 * Every pack: the built-in ones, then the user's (a user pack with the same id wins). What the
 * folders hold that is not read (a link, a folder too deep, files past the limit) goes to `skipped`
 * as sentences.
 */
export function listPacks(userPackDir: string, skipped?: (sentence: string) => void, shelf?: PackShelf): PackEntry[] {
  trustFolder(userPackDir, 'yourPacks');
  const entries: PackEntry[] = [];
  const scan = (dir: string, source: PackEntry['source']) => {
    const what = source === 'built-in' ? folderName('builtinPacks') : folderName('yourPacks');
    for (const file of packFiles(dir, what, skipped)) {
      const display = source === 'built-in' ? relative(join(dir, '..'), file) : file;
      try {
        const pack = shelf && display === file ? shelved(shelf, file) : loadPackFile(file, display);
        const privateFields = pack.fields.filter((field) => field.private).map((field) => field.id);
        entries.push({ id: pack.id, name: pack.name, language: pack.language, file, source, privateFields });
      } catch (error) {
        const message = error instanceof UserError ? error.message : String(error);
        entries.push({ id: '?', name: '?', language: '?', file, source, privateFields: [], error: message });
      }
    }
  };
  scan(builtinPackDir(), 'built-in');
  scan(userPackDir, 'user');
  return entries;
}

/** A pack's `id: …` line, quoted or plain (an anchor or a tag is left to the parser). */
const ID_LINE = /^id:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#&!*"'][^\s#]*))[ \t]*(?:#.*)?$/m;

/**
 * What one command has read of the packs folders: a list of scenarios looks up a pack for each,
 * and each pack file is then read and checked once, not once per scenario.
 */
export interface PackShelf {
  files?: string[];
  /** The id a file's id line names (undefined: none plain to read; null: the file cannot be read). */
  named: Map<string, string | undefined | null>;
  loaded: Map<string, Pack | Error>;
  listing?: { entries: PackEntry[]; skipped: string[] };
}

export const packShelf = (): PackShelf => ({ named: new Map(), loaded: new Map() });

/** A pack file loaded once per shelf (its problems too). */
function shelved(shelf: PackShelf, file: string): Pack {
  let result = shelf.loaded.get(file);
  if (result === undefined) {
    try {
      result = loadPackFile(file);
    } catch (error) {
      result = error as Error;
    }
    shelf.loaded.set(file, result);
  }
  if (result instanceof Error) throw result;
  return result;
}

/** Finds a pack by id (or a file path) and loads it. */
export function findPack(idOrPath: string, userPackDir: string, shelf: PackShelf = packShelf()): Pack {
  if (/\.ya?ml$/.test(idOrPath)) return loadPackFile(idOrPath);
  // A pack there replaces a built-in one: only from a folder no one else can change.
  trustFolder(userPackDir, 'yourPacks');
  const load = (file: string): Pack | Error => {
    try {
      return shelved(shelf, file);
    } catch (error) {
      return error as Error;
    }
  };
  const named = (file: string): string | undefined | null => {
    if (!shelf.named.has(file)) {
      try {
        const line = ID_LINE.exec(readInputFile(file).replace(/^\uFEFF/, ''));
        shelf.named.set(file, line ? (line[1] ?? line[2] ?? line[3]) : undefined);
      } catch {
        shelf.named.set(file, null); // listPacks below says what is wrong with it
      }
    }
    return shelf.named.get(file);
  };
  // Reading and checking every pack to find one took the live screen ~150 ms at each start. In
  // listPacks' order backwards (a pack of the agent's own overrides a built-in one): a file whose
  // top-level id line names another pack is passed over; one that names this pack is loaded (a
  // broken one says where); one whose id line cannot be read so simply is parsed to find out.
  shelf.files ??= [...packFiles(builtinPackDir(), folderName('builtinPacks')), ...packFiles(userPackDir, folderName('yourPacks'))];
  for (const file of [...shelf.files].reverse()) {
    const id = named(file);
    if (id === null || (id !== undefined && id !== idOrPath)) continue;
    const pack = load(file);
    if (id === idOrPath && pack instanceof Error) throw pack;
    // A broken file whose id cannot be told: as in listPacks, it names no pack.
    if (!(pack instanceof Error) && pack.id === idOrPath) return pack;
  }
  if (!shelf.listing) {
    const skipped: string[] = [];
    shelf.listing = { entries: listPacks(userPackDir, (sentence) => skipped.push(sentence), shelf), skipped };
  }
  const { entries, skipped } = shelf.listing;
  const entry = entries.filter((e) => e.id === idOrPath).at(-1);
  if (!entry) {
    const known = entries.filter((e) => !e.error).map((e) => e.id);
    throw new UserError([said(WORDS).noPack(quoted(idOrPath), known), ...skipped].join('\n'));
  }
  const pack = load(entry.file);
  if (pack instanceof Error) throw pack;
  return pack;
}
