/**
 * The command line's words in each desk language: `--help` (commander's headings and the texts of
 * every command and option), bad-usage sentences, and commander's own error messages said again
 * in the desk's language. Command names, option names (--pack) and what the person typed stay as
 * they are: they are what is typed.
 */
import { quoted } from './errors.js';
import type { Words } from './language.js';

const COMMANDS = ['train', 'history', 'stats', 'demo-data', 'follow-ups', 'export', 'score', 'replay', 'packs', 'rules', 'chart', 'transcribe', 'config', 'team', 'board'];

interface CliWords {
  // Commander's own texts.
  titles: Record<string, string>;
  help: string;
  helpCommand: string;
  version: string;
  usageOptions: string;
  usageCommand: string;
  choices: string;
  default: string;
  listSeparator: string;
  // Placeholders: an argument's or an option value's name as help shows it.
  arg: { command: string; scenario: string; callId: string; file: string; id: string; name: string; value: string; address: string; format: string; day: string; grouping: string; n: string; items: string; level: string; url: string; audio: string; source: string; speaker: string };
  program: string;
  pack: string;
  strict: string;
  projector: string;
  softphone: string;
  teamOption: string;
  transcriptOption: string;
  team: string;
  teamInit: string;
  teamSync: string;
  teamReads: string;
  followUpsAssign: string;
  ticketArg: string;
  agentArg: string;
  board: string;
  lostAfter: string;
  commandArgument: string;
  helpAfterError: string;
  noCommand: (command: string) => string;
  notCallNumber: (text: string) => string;
  speed: string;
  itemLetters: (unknown: string[]) => string;
  wholeNumber: string;
  json: string;
  followUps: string;
  followUpsUnmasked: string;
  export: string;
  exportFormat: string;
  fromDay: string;
  toDay: string;
  out: string;
  exportUnmasked: string;
  by: string;
  stats: string;
  statsFrom: string;
  statsTo: string;
  statsJson: string;
  demoData: string;
  calls: string;
  demoPack: string;
  history: string;
  historyJson: string;
  limit: string;
  historyUnmasked: string;
  train: string;
  list: string;
  step: string;
  trainSpeed: string;
  trainProjector: string;
  listJson: string;
  score: string;
  fail: string;
  pass: string;
  reviewed: string;
  replay: string;
  replayStep: string;
  replaySpeed: string;
  replayUnmasked: string;
  packs: string;
  packsCheck: string;
  packsShow: string;
  chart: string;
  chartFormat: string;
  chartPack: string;
  chartLevel: string;
  developer: string;
  rules: string;
  rulesPack: string;
  config: string;
  configList: string;
  configForPack: string;
  configGet: string;
  configSet: string;
  configUnset: string;
  configPath: string;
  transcribe: string;
  transcribeTo: string;
  transcribeSpeaker: string;
  transcribePack: string;
  lastResort: (kind: string) => string;
  /** Commander's error messages, by their shape; null: said as commander says it. */
  commanderError: ((message: string) => string) | null;
}

/** Commander's messages (commander 14) as the desk's Chinese says them; an unforeseen shape as it is. */
function chineseCommanderError(message: string): string {
  const body = message.replace(/\n$/, '');
  const suggestion = (text: string | undefined) => {
    if (!text) return '';
    const many = /^\n\(Did you mean one of (.*)\?\)$/s.exec(text);
    if (many) return `\n（是不是以下之一：${many[1]!.split(', ').join('、')}？）`;
    const one = /^\n\(Did you mean (.*)\?\)$/s.exec(text);
    return one ? `\n（是不是 ${one[1]}？）` : '';
  };
  const reason = (text: string) => {
    const choices = /^Allowed choices are (.*)\.$/s.exec(text);
    return choices ? `可选值：${choices[1]!.split(', ').join('、')}。` : text;
  };
  const shapes: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^error: unknown option '(.*?)'(\n\(Did you mean .*\?\))?$/s, (m) => `错误：没有选项 ${quoted(m[1]!)}。${suggestion(m[2])}`],
    [/^error: unknown command '(.*?)'(\n\(Did you mean .*\?\))?$/s, (m) => `错误：没有命令 ${quoted(m[1]!)}。${suggestion(m[2])}`],
    [/^error: missing required argument '(.*)'$/s, (m) => `错误：缺少参数 <${m[1]}>。`],
    [/^error: required option '(.*)' not specified$/s, (m) => `错误：缺少选项 ${m[1]}。`],
    [/^error: option '(.*)' argument missing$/s, (m) => `错误：选项 ${m[1]} 缺少值。`],
    [/^error: option '(.*?)' argument '(.*)' is invalid\. (.*)$/s, (m) => `错误：选项 ${m[1]} 的值 ${quoted(m[2]!)} 无效。${reason(m[3]!)}`],
    [/^error: command-argument value '(.*)' is invalid for argument '(.*?)'\. (.*)$/s, (m) => `错误：参数 ${m[2]} 的值 ${quoted(m[1]!)} 无效。${reason(m[3]!)}`],
    [/^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/s, (m) => `错误：${m[1] ? `${m[1]} 的` : ''}参数太多：应有 ${m[2]} 个，给了 ${m[3]} 个。`],
  ];
  for (const [shape, say] of shapes) {
    const found = shape.exec(body);
    if (found) return `${say(found)}\n`;
  }
  return message;
}

export const CLI_WORDS: Words<CliWords> = {
  'zh-CN': {
    titles: { 'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '全局选项：' },
    help: '显示命令的帮助',
    helpCommand: '显示命令的帮助',
    version: '显示版本号',
    usageOptions: '[选项]',
    usageCommand: '[命令]',
    choices: '可选：',
    default: '默认：',
    listSeparator: '、',
    arg: { command: '命令', scenario: '场景', callId: '来电编号', file: '文件', id: '编号', name: '名称', value: '值', address: '地址', format: '格式', day: '日期', grouping: '分组', n: '数', items: '项', level: '层级', url: '地址', audio: '音频', source: '去处', speaker: '说话人' },
    program: '坐席电话旁的终端助手：此刻该说的话、计时、礼貌步骤、来电原因。',
    pack: '所用的话术包（`ringside packs` 列出的编号，或一个 .yaml 文件）',
    strict: '学员模式：必做的步骤没做完，不能离开当前阶段',
    projector: '屏幕投给全场看：来电人的姓名、电话、地址、备注和小结都遮住（也可用 projector 设置）',
    softphone: '跟随软电话，如 baresip://127.0.0.1:4444（它的 ctrl_tcp_listen）；也可用 softphone 设置',
    teamOption: '团队服务器（PostgreSQL），如 postgres://用户@主机/数据库；只写 --team 则用 team 设置',
    transcriptOption: '跟随转写（实时辅助）：文件或管道的路径，或 tcp://127.0.0.1:端口；也可用 transcript 设置',
    team: '团队：共用的 PostgreSQL 服务器',
    teamInit: '在团队服务器上建立或升级 Ringside 的表，并给出建坐席和组长角色的 SQL',
    teamSync: '把这台电脑还没上传的来电现在传到团队服务器',
    teamReads: '读全组的记录：团队服务器（PostgreSQL）上每个坐席的来电，如 postgres://用户@主机/数据库；只写 --team 则用 team 设置',
    followUpsAssign: '把一条回访改派给另一个工号（组长才能改派）；工单号见 ringside follow-ups --team',
    ticketArg: '工单',
    agentArg: '工号',
    board: '团队看板：全组坐席此刻的状态、今日来电和提醒（组长用）',
    lostAfter: '多少秒收不到坐席的消息就算失联（默认 16）',
    commandArgument: `${COMMANDS.filter((command) => command !== 'config').join('、')} 或 config（不写：进入实时界面）`,
    helpAfterError: '（ringside --help 列出命令和选项）',
    noCommand: (command) => `没有命令 ${quoted(command)}。命令有：${COMMANDS.join('、')}（ringside --help 有详细说明）。`,
    notCallNumber: (text) => `${quoted(text)} 不是来电编号；ringside history 会列出编号。`,
    speed: '请给出 0.1 到 100 之间的数（2 为两倍速）。',
    itemLetters: (unknown) => `评分项是 A 到 N 的字母，用逗号分隔；${unknown.join('、')} 不是。`,
    wholeNumber: '请给出 1 或更大的整数。',
    json: '输出 JSON',
    followUps: '待回访的投诉和建议（两个工作日内），逾期的在前',
    followUpsUnmasked: '完整显示来电人的姓名、电话和小结（默认遮住）',
    export: '导出通话记录（实时来电）为 CSV、JSON 或 JSON Lines；来电人数据默认遮住，除非 --unmasked',
    exportFormat: 'csv（可用电子表格打开）、json 或 jsonl',
    fromDay: '第一天，YYYY-MM-DD',
    toDay: '最后一天，YYYY-MM-DD（含当天）',
    out: '写入这个文件，而不是标准输出',
    exportUnmasked: '来电人的姓名、电话、地址和小结完整导出（需要 --out：文件只有你能读）',
    by: '每天、每个原因、每个坐席或每个话术包一行',
    stats: '实时来电的情况：三声内接听、时长、原因、规范达标、评分',
    statsFrom: '第一天，YYYY-MM-DD（默认：记录中的第一天）',
    statsTo: '最后一天，YYYY-MM-DD，含当天（默认：记录中的最后一天）',
    statsJson: '输出 JSON（时间以毫秒计）',
    demoData: '给空的通话记录填入逼真的演示来电，用来试 stats、export 和 follow-ups',
    calls: '多少通来电',
    demoPack: '演示来电所用的话术包（默认：已设置的那个）',
    history: '记录中最近的来电，最新的在前',
    historyJson: '输出 JSON，每通来电一个对象',
    limit: '多少通来电',
    historyUnmasked: '完整显示来电人的姓名、电话、地址、备注和小结（默认遮住）',
    train: '接一通脚本来电来练习，或在课堂上一步步演示（--step）；--list 列出场景',
    list: '列出培训场景',
    step: '课堂模式：时间停住；按 . 放下一步并说明原因',
    trainSpeed: '场景时间快 N 倍（0.5 为半速）',
    trainProjector: '课堂上录入的来电人数据遮住显示（也可用 projector 设置）',
    listJson: '配合 --list：输出 JSON',
    score: '一通来电的评分表（A-N 项，不达标的项及其时刻）；只有人能判断的项由培训师打分',
    fail: '这通来电出现的问题项，如 C,I',
    pass: '没有出现的项（收回培训师的标记）',
    reviewed: '培训师听过了：所有待判断的项都算通过',
    replay: '在屏幕上回放一通记录过的来电，用于复盘，来电人数据遮住（--step：一次一个事件）',
    replayStep: '每按一次 . 放一个事件，说明它做了什么、为什么',
    replaySpeed: '以 N 倍速播放',
    replayUnmasked: '完整显示来电人的姓名、电话和地址',
    packs: '列出话术包（内置的和你自己的），或检查一个',
    packsCheck: '检查一个话术包文件：问题以 文件:行:列 列出', // fullwidth: keep (the problems are printed so)
    packsShow: '一个话术包的台词，按阶段列出，附规范编号；还有分支、常用语和来电原因',
    chart: '通话状态图，由状态机本身画出：文本、Mermaid（用于幻灯片）或 JSON',
    chartFormat: 'text、mermaid 或 json',
    chartPack: '画这个话术包的阶段、步骤和分支，用它的语言（默认：已设置的话术包）',
    chartLevel: 'phases（阶段，用于幻灯片）、steps（每个阶段的步骤和分支）或 machine（状态、事件和条件）',
    developer: '开发者视图：步骤、通话地图和事件显示为状态机的状态、事件和条件',
    rules: '服务规范的规范编号，以及话术包覆盖了哪些',
    rulesPack: '要看的话术包（默认：已设置的那个）',
    config: '设置：坐席、公司、话术包、时限、严格模式、按键',
    configList: '每项设置及其值',
    configForPack: '只设这个话术包的公司或热线（优先于话术包自带的）',
    configGet: '一项设置（company、hotline：还有各话术包怎么说）',
    configSet: '修改一项设置（数字以秒计；按键写作 hold=p,answer=y）',
    configUnset: '一项设置恢复默认',
    configPath: '设置、你的话术包和通话记录在哪里',
    transcribe: '用 pocketsphinx 识别 WAV 音频（英语），把听到的话写成转写流（每个文件一段），供 Ringside 跟随',
    transcribeTo: '写到哪里：一个文件（追加）、一个 FIFO，或 tcp://127.0.0.1:端口（Ringside 在那里监听）',
    transcribeSpeaker: '谁在说话：agent（坐席）或 caller（来电人）',
    transcribePack: '听这个话术包的台词（默认：已设置的那个）',
    lastResort: (kind) => `Ringside 内部出了错（${kind}）；错误信息不显示，因为其中可能有来电人数据。请连同所运行的命令一起报告。`,
    commanderError: chineseCommanderError,
  },
  en: {
    titles: {},
    help: 'display help for command',
    helpCommand: 'display help for command',
    version: 'output the version number',
    usageOptions: '[options]',
    usageCommand: '[command]',
    choices: 'choices: ',
    default: 'default: ',
    listSeparator: ', ',
    arg: { command: 'command', scenario: 'scenario', callId: 'call-id', file: 'file', id: 'id', name: 'name', value: 'value', address: 'address', format: 'format', day: 'day', grouping: 'grouping', n: 'n', items: 'items', level: 'level', url: 'url', audio: 'audio', source: 'source', speaker: 'speaker' },
    program: "A terminal assistant beside a call-centre agent's phone: the line to say now, the timers, the courtesy steps, the call reason.",
    pack: 'the call-script pack to use (an id from `ringside packs`, or a .yaml file)',
    strict: 'trainee mode: a phase cannot be left with required steps undone',
    projector: 'the screen is shown to a room: caller names, phones, addresses, notes and summaries are masked (also the projector setting)',
    softphone: 'follow a softphone, e.g. baresip://127.0.0.1:4444 (its ctrl_tcp_listen); also the softphone setting',
    teamOption: 'the team server (PostgreSQL), e.g. postgres://user@host/db; --team alone uses the team setting',
    transcriptOption: 'follow a transcript feed (live assist): a file or FIFO path, or tcp://127.0.0.1:PORT; also the transcript setting',
    team: "the team: a shared PostgreSQL server",
    teamInit: "create or update Ringside's tables on the team server, and print the SQL for the agents' and leads' roles",
    teamSync: "send this desk's calls not yet uploaded to the team server now",
    teamReads: "read the whole team: every desk's calls on the team server (PostgreSQL), e.g. postgres://user@host/db; --team alone uses the team setting",
    followUpsAssign: 'give a follow-up to another agent number (team leads only); ticket numbers as ringside follow-ups --team lists them',
    ticketArg: 'ticket',
    agentArg: 'agent',
    board: "the team board: every agent's state now, today's calls and the alerts (for team leads)",
    lostAfter: 'seconds without word from a desk before it shows as lost (default 16)',
    commandArgument: `${COMMANDS.filter((command) => command !== 'config').join(', ')} or config (none: the live screen)`,
    helpAfterError: '(ringside --help lists the commands and options)',
    noCommand: (command) => `There is no command ${quoted(command)}. Commands: ${COMMANDS.join(', ')} (ringside --help says more).`,
    notCallNumber: (text) => `${quoted(text)} is not a call number; ringside history shows them.`,
    speed: 'give a number from 0.1 to 100 (2 runs twice as fast).',
    itemLetters: (unknown) => `scorecard items are letters A to N, separated by commas; not ${unknown.join(', ')}.`,
    wholeNumber: 'give a whole number of 1 or more.',
    json: 'print JSON',
    followUps: 'complaints and suggestions to call back (two working days), overdue first',
    followUpsUnmasked: 'show caller names, phones and the summary in full (masked by default)',
    export: 'the call log (live calls) as CSV, JSON or JSON Lines; caller data masked unless --unmasked',
    exportFormat: 'csv (opens in a spreadsheet), json or jsonl',
    fromDay: 'the first day, YYYY-MM-DD',
    toDay: 'the last day, YYYY-MM-DD (included)',
    out: 'write to this file instead of standard output',
    exportUnmasked: 'caller names, phones, addresses and summaries in full (needs --out: the file is made readable by you only)',
    by: 'a row per day, reason, agent or pack',
    stats: 'how the live calls went: answered in three rings, times, reasons, rules met, scores',
    statsFrom: 'the first day, YYYY-MM-DD (default: the first day in the log)',
    statsTo: 'the last day, YYYY-MM-DD, included (default: the last day in the log)',
    statsJson: 'print JSON (times in milliseconds)',
    demoData: 'fill an empty call log with realistic demo calls, to try stats, exports and follow-ups',
    calls: 'how many calls',
    demoPack: 'the pack the calls are taken on (default: the configured one)',
    history: 'the latest calls in the log, newest first',
    historyJson: 'print JSON, one object per call',
    limit: 'how many calls',
    historyUnmasked: 'show caller names, phones, addresses, notes and summaries in full (they are masked by default)',
    train: 'take a scripted call for practice, or step through one in class (--step); --list shows the scenarios',
    list: 'list the training scenarios',
    step: 'class mode: time stands still; . plays the next step and says why',
    trainSpeed: 'scenario time runs N times as fast (0.5 is half speed)',
    trainProjector: 'caller data typed in class shows masked (also the projector setting)',
    listJson: 'with --list: print JSON',
    score: "a call's scorecard (items A-N, failures with their moments); a trainer marks the items only a person can judge",
    fail: 'items the call showed, e.g. C,I',
    pass: "items it did not show (takes a trainer's mark back)",
    reviewed: 'the trainer listened: every item still to judge passes',
    replay: 'play a logged call back on the screen for a debrief, caller data masked (--step: one event at a time)',
    replayStep: 'one event per . key, with what it did and why',
    replaySpeed: 'play N times as fast',
    replayUnmasked: 'show caller names, phones and addresses in full',
    packs: 'list the call-script packs (built-in and yours), or check one',
    packsCheck: 'validate a pack file: problems are printed as file:line:column',
    packsShow: "a pack's lines, phase by phase, with their rule IDs; branches, ready lines and reasons",
    chart: 'the call statechart, drawn from the machine itself: text, Mermaid (for slides) or JSON',
    chartFormat: 'text, mermaid or json',
    chartPack: 'the pack whose phases, steps and branches are drawn, in its language (default: the configured pack)',
    chartLevel: "phases (for slides), steps (each phase's steps and the branches) or machine (states, events and guards)",
    developer: "the developer's view: steps, the call map and events as the machine's states, events and guards",
    rules: 'the rule IDs of the service standards, and which of them the pack covers',
    rulesPack: 'the pack to look at (default: the configured one)',
    config: 'settings: agent, company, pack, thresholds, strict mode, keys',
    configList: 'every setting and its value',
    configForPack: "company or hotline of this pack only (over the pack's own)",
    configGet: 'one setting (company, hotline: and what each pack says)',
    configSet: 'change a setting (numbers are seconds; keys as hold=p,answer=y)',
    configUnset: 'a setting back to its default',
    configPath: 'where the settings, your packs and the call log are',
    transcribe: 'run pocketsphinx on WAV audio (English) and write what it heard as a transcript feed (a segment per file) for Ringside to follow',
    transcribeTo: 'where to write: a file (appended to), a FIFO, or tcp://127.0.0.1:PORT (Ringside listening there)',
    transcribeSpeaker: 'who is speaking: agent or caller',
    transcribePack: 'listen for the lines of this pack (default: the configured one)',
    lastResort: (kind) =>
      `something went wrong inside Ringside (${kind}); its message is not shown, as it may hold caller data. Please report it with the command you ran.`,
    commanderError: null,
  },
};

/** The `--pack` (or `-p`) a command line gives, last one wins: it decides the desk's language on `auto`. */
export function packArgument(argv: readonly string[]): string | undefined {
  let pack: string | undefined;
  argv.forEach((arg, i) => {
    if ((arg === '--pack' || arg === '-p') && i + 1 < argv.length) pack = argv[i + 1];
    else if (arg.startsWith('--pack=')) pack = arg.slice('--pack='.length);
  });
  return pack;
}
