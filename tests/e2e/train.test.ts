/**
 * A trainer in a real 80x24 terminal: lists the scenarios, steps through one in class with the
 * call map open halfway, ends on the scorecard, and finds the trained call (and its score) in
 * the log; then replays it step by step with the caller masked.
 */
import { execFileSync } from 'node:child_process';
import stringWidth from 'string-width';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../helpers.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

/** What only a developer reads: the machine's state ids, guards and event names. */
const MACHINE_WORDS = /live\.|\blive\b \(|NEXT_PHASE|NEXT_LINE|CHOOSE_BRANCH|(?<![\w-])SAY(?![\w-])|mayLeavePhase|\[talking/;

tmuxIsInstalled();
describe.runIf(haveTmux)('trainer mode in a terminal', () => {
  it('steps through a scenario with the map, ends on the scorecard, then replays the call', async () => {
    const home = tempDir();
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill(), () => home.remove());
    const ringside = (...args: string[]) =>
      execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
    expect(ringside('train', '--list')).toContain('zh-consultation');

    term.start('train', 'zh-consultation', '--step');
    await term.waitFor('下一步（.） ▸ 电话响起');
    await term.press('.', '下一步（.） ▸ 坐席按 a');
    await term.press('.', '▶ 您好！');
    // The next step says what it will do and why: where the call goes, the steps and rules it meets.
    expect(term.screen()).toContain('问候 → 信息收集 · ✓ 开场白（报号） R-OPEN');
    await term.press('.', '刚才 ▸ 问候 → 信息收集 · ✓ 开场白（报号） R-OPEN');
    await term.press('.', '客户（王先生 · 平和）：「你好，我想问一下你们宽带套餐的价格。」');
    const map = await term.press('m', '通话地图');
    expect(map).toMatch(/▶ 信息收集 +○ 请问贵姓/);
    expect(map).toMatch(/✓ 问候 +✓ 开场白（报号）/);
    expect(map).toContain('接下来可能：');
    expect(map).not.toMatch(MACHINE_WORDS);
    await term.press('Escape', '下一步（.）');
    // Time stands still between steps: the talk timer has not moved on its own.
    const before = term.screen().match(/通话 (\d\d:\d\d)/)?.[1];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(term.screen().match(/通话 (\d\d:\d\d)/)?.[1]).toBe(before);
    for (let i = 0; i < 30 && !term.screen().includes('评分 '); i++) {
      term.send('.');
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    const card = await term.waitFor('评分 100 分（14/14 项合格）');
    for (const line of card.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    term.send('q');
    await term.press('q', '[exited 0]');

    const [call] = JSON.parse(ringside('history', '--json'));
    expect(call).toMatchObject({ mode: 'training', scenarioId: 'zh-consultation', outcome: 'answered', scorecard: { total: 100 } });
    // The desk is Chinese (its pack is): so is the table.
    expect(ringside('history')).toMatch(/^1 .* 培训 +已接 .* 100 /m);

    term.kill();
    const replay = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => replay.kill());
    replay.start('replay', '1', '--step');
    await replay.waitFor('回放：#1 zh-consultation');
    for (let i = 0; i < 5; i++) replay.send('.');
    const masked = await replay.waitFor('138****1111');
    expect(masked).not.toContain('13800001111');
  }, 60_000);

  it('in class on a projector at 80x24: steps in the pack\'s phases, steps and rules, the caller\'s name and data masked; --developer shows the machine', async () => {
    const home = tempDir();
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill(), () => home.remove());
    term.start('train', 'zh-complaint', '--step', '--projector');
    await term.waitFor('下一步（.） ▸ 电话响起');
    await term.press('.', '下一步（.） ▸ 坐席按 a');
    await term.press('.', '▶ 您好！');
    await term.press('.', '刚才 ▸ 问候 → 信息收集 · ✓ 开场白（报号） R-OPEN');
    await term.press('.', '客户（生气）：「我要投诉！');
    await term.press('.', '下一步（.） ▸ 坐席按 空格 — 再急也要问贵姓');
    expect(term.screen()).toContain('✓ 请问贵姓 R-SURNAME');
    // The caller says their surname: on a projector it is masked where they say it, and never in their label.
    await term.press('.', '下一步（.） ▸ 客户：「姓*。」');
    const screen = await term.press('.', '客户（生气）：「姓*。」');
    expect(screen).not.toMatch(/张先生|姓张|13600002222/);
    expect(screen).not.toMatch(MACHINE_WORDS);
    for (const line of screen.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(80);
    term.kill();

    const developer = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => developer.kill());
    developer.start('train', 'zh-complaint', '--step', '--developer');
    await developer.waitFor('下一步（.） ▸ 电话响起');
    developer.send('.', '.');
    await developer.press('.', '刚才 ▸ live.phase.greeting → live.phase.gathering · ✓ R-OPEN ✓ R-OPEN-NOW');
    await developer.press('m', /▶ live \(parallel\) #live/);
  }, 60_000);

  it('leaves only true traces: a practice ticket is not a follow-up, a practice quit midway leaves nothing open, a replay quits at once', async () => {
    const home = tempDir();
    cleanup.push(() => home.remove());
    const ringside = (...args: string[]) =>
      execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    term.start('train', 'zh-complaint', '--step');
    await term.waitFor('下一步（.） ▸ 电话响起');
    for (let i = 0; i < 40 && !term.screen().includes('评分 '); i++) {
      term.send('.');
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    // A step sent as the card came up may have closed it already; otherwise any key closes it.
    if ((await term.waitFor(/评分 |练习已记录/)).includes('（任意键关闭）')) term.send('x');
    const after = (await term.waitFor('练习已记录')).replace(/\s+/g, '');
    expect(after).toContain('练习已记录（第1通）。练习工单不进入待回访列表。');
    expect(after).not.toContain('前回访');
    expect(ringside('follow-ups')).toContain('没有待回访的工单');
    term.send('q');
    await term.waitFor('[exited 0]');
    term.kill();

    const quitter = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => quitter.kill());
    quitter.start('train', 'zh-complaint');
    await quitter.waitFor('c 来电');
    await quitter.press('c', '来电振铃中');
    await quitter.press('a', '▶ 您好');
    await quitter.press('q', '练习通话未结束，退出后这通练习不记录。');
    await quitter.press('q', '[exited 0]');
    quitter.kill();
    const log = new Database(join(home.path, 'data', 'calls.sqlite'), { readonly: true });
    try {
      expect(log.prepare(`SELECT id, status, mode FROM calls ORDER BY id`).all()).toEqual([{ id: 1, status: 'saved', mode: 'training' }]);
    } finally {
      log.close();
    }

    const replay = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => replay.kill());
    replay.start('replay', '1', '--step');
    await replay.waitFor('回放：#1 zh-complaint');
    replay.send('.');
    await replay.press('q', '[exited 0]'); // read-only: nothing to keep, nothing to ask
    expect(replay.screen()).not.toContain('下次启动会恢复');
  }, 60_000);
});
