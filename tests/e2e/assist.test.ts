/**
 * Live assist in a real 80x24 terminal: a whole Chinese call taken with the lines said into a
 * transcript feed (a file, as a recogniser appends to it), with the errors recognition makes, and
 * only the phone's and the wrap-up's keys pressed. Every spoken step ticks with its evidence, the
 * unrelated speech ticks nothing, the caller's thanks brings up the reciprocation, and the saved
 * call keeps what was heard.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { knownAgent, tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

tmuxIsInstalled();
describe.runIf(haveTmux)('live assist from a transcript feed', () => {
  it('takes a whole Chinese call from what is said: each spoken step ticked with 听到, unrelated speech ticks nothing', async () => {
    const home = tempDir();
    knownAgent(home.path);
    const ringside = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
    ringside('config', 'set', 'agentName', '王敏');
    ringside('config', 'set', 'company', '天天公司');
    const feed = join(home.path, 'feed.jsonl');
    writeFileSync(feed, '{"speaker":"agent","text":"您好这里是天天公司客服中心","final":true}\n'); // an earlier call's line: never read
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill(), () => home.remove());
    term.start('--transcript', feed);
    await term.waitFor('转写');
    await term.press('c', '来电振铃中');
    await term.press('a', '▶ 您好！这里是天天公司客服中心，1024号为您服务');
    let clock = 0;
    // A line as a recogniser writes it: no punctuation, its errors, the times of the speech.
    const say = (speaker: 'agent' | 'caller', text: string, final = true) => {
      const start = clock;
      clock += 1500 + 200 * [...text].length;
      appendFileSync(feed, `${JSON.stringify({ speaker, text, final, start, end: clock })}\n`);
      clock += 300;
    };
    const ticked = async (label: string) => term.waitFor(new RegExp(`✓ ${label} +听到 +\\d+%`));

    say('agent', '您好这里是天天公司客服中心幺零二四号为您服务请问有什么可以帮您'); // 1024 read as digits, 1 as 幺
    await ticked('开场白（报号）');
    expect(term.screen()).toMatch(/听到「开场白（报号）」\d+%：您好这里是天天公司/);
    say('caller', '喂你好我家宽带从昨天开始就上不了网了');
    say('agent', '我看一下系统啊'); // working talk: no step
    say('caller', '你们到底', false); // a partial result: shown, ticks nothing
    await term.waitFor('正在听（客户）：你们到底');
    expect(term.screen()).toMatch(/›○ 请问贵姓/);
    appendFileSync(feed, 'this is not json\n');
    await term.waitFor('转写：已跳过 1 行（非 JSON 1）');
    say('agent', '请问您貴姓'); // traditional 貴
    await ticked('请问贵姓');
    say('caller', '我姓张');
    say('agent', '嗯张先生您反映的情况是宽带断网了我这样理解对吗'); // a filler, the caller's words in the line
    await ticked('复述确认');
    say('caller', '对对对谢谢你啊');
    await term.waitFor('▶ 不客气，这是我们应该做的。'); // the caller's thanks: the reciprocation is the line now
    say('agent', '不客气这是我们因该做的'); // 因该 for 应该
    await ticked('回敬致谢');
    say('agent', '张先生关于您咨询的问题宽带需要重启一下光猫');
    await ticked('解答');
    say('agent', '另外提醒您注意光猫要放在通风的地方');
    await ticked('提醒注意事项');
    say('agent', '请问您还有什么需要补充的吗');
    await ticked('还有其他需要吗');
    say('agent', '谢谢您的电话客服工作需要您的支持在见'); // 在见 for 再见
    const done = await ticked('结束语');
    for (const line of done.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    // The phone's and the wrap-up's keys: the caller hangs up, a reason, save.
    await term.press('e', '话后处理');
    await term.press('Enter', '来电原因 · 业务咨询');
    await term.press('1', '✓ 产品与服务');
    await term.press('s', '已保存第 1 通');
    await term.press('q', '[exited 0]');

    const [call] = JSON.parse(ringside('history', '--json', '--unmasked')) as { steps: { id: string; status: string; heard?: { text: string; score: number } }[]; rules: { rule: string; outcome: string; why: string }[] }[];
    const heard = Object.fromEntries(call!.steps.filter((step) => step.heard).map((step) => [step.id, step.heard!.text]));
    expect(heard).toEqual({
      open: '您好这里是天天公司客服中心幺零二四号为您服务请问有什么可以帮您',
      surname: '请问您貴姓',
      restate: '嗯张先生您反映的情况是宽带断网了我这样理解对吗',
      answer: '张先生关于您咨询的问题宽带需要重启一下光猫',
      remind: '另外提醒您注意光猫要放在通风的地方',
      'anything-else': '请问您还有什么需要补充的吗',
      reciprocate: '不客气这是我们因该做的',
      farewell: '谢谢您的电话客服工作需要您的支持在见',
    });
    // The rules only a transcript can judge, judged: polite words heard, nobody talked over.
    const rules = Object.fromEntries(call!.rules.map((rule) => [rule.rule, rule]));
    expect(rules['R-POLITE']).toMatchObject({ outcome: 'met' });
    expect(rules['R-NO-INTERRUPT']).toMatchObject({ outcome: 'met' });
    expect(rules['R-RECIPROCATE']).toMatchObject({ outcome: 'met' });
    // Everything heard is in the log, the unrelated line too, naming no step.
    const log = new Database(join(home.path, 'data', 'calls.sqlite'), { readonly: true });
    try {
      const events = log.prepare(`SELECT event_json FROM call_events WHERE call_id = 1`).all().map((row) => JSON.parse((row as { event_json: string }).event_json));
      const unrelated = events.find((event) => event.type === 'HEARD' && event.text === '我看一下系统啊');
      expect(unrelated).toBeDefined();
      expect(unrelated.step).toBeUndefined();
      expect(events.filter((event) => event.type === 'HEARD' && event.speaker === 'caller')).toHaveLength(3);
    } finally {
      log.close();
    }
    // Masked unless asked: what was heard is free text.
    const [masked] = JSON.parse(ringside('history', '--json')) as { steps: { id: string; heard?: { text: string } }[] }[];
    expect(masked!.steps.find((step) => step.id === 'open')!.heard!.text).toMatch(/^\(masked, \d+ characters\)$/);
    expect(ringside('score', '1')).toMatch(/听到（转写勾选的步骤[^\n]*\n +00:\d\d +open +\d+%  您好这里是天天公司/);
  }, 90_000);
});
