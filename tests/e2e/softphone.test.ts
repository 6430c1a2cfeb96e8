/**
 * The "done when" of following a softphone, for real: the bin in a real 80x24 terminal follows a
 * baresip on loopback; a call placed by a second baresip rings on the screen with the caller's
 * number and Chinese name, is answered by a key, and ends in wrap-up with the caller judged to
 * have hung up first, then saved and read back from the log.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { haveBaresip, startPair, until } from '../softphone/pair.js';
import { BIN, haveTmux, Terminal, tmuxIsInstalled } from './tmux.js';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
});

tmuxIsInstalled();
it('baresip is installed (apt-get install baresip-core)', () => {
  expect(haveBaresip).toBe(true);
});
describe.runIf(haveTmux && haveBaresip)('the real bin following a real softphone', () => {
  it('rings on screen when a second phone calls, answers by key, ends in wrap-up with who hung up first', async () => {
    const home = tempDir();
    cleanup.push(() => home.remove());
    const pair = await startPair('张三', '13800001111');
    cleanup.push(() => pair.stop());
    const ringside = (...args: string[]) =>
      execFileSync(process.execPath, [BIN, ...args], { env: { ...process.env, RINGSIDE_HOME: home.path }, encoding: 'utf8' });
    // The setting, as an agent would keep it.
    ringside('config', 'set', 'softphone', `baresip://127.0.0.1:${pair.agentCtrl}`);
    ringside('config', 'set', 'agentNumber', '1024');
    const term = new Terminal({ RINGSIDE_HOME: home.path });
    cleanup.push(() => term.kill());
    term.start();
    await term.waitFor(/● 话机\s/);
    await term.waitFor('等待来电：话机来电会自动显示');

    expect((await pair.caller.command('dial', pair.agentUri)).ok).toBe(true);
    const ringing = await term.waitFor('振铃中');
    expect(ringing).toMatch(/称呼\s+张三/);
    expect(ringing).toMatch(/电话\s+13800001111/);

    await term.press('a', '▶ 您好！');
    await until(() => pair.caller.events.some((e) => e.type === 'CALL_ESTABLISHED'), 'the caller hears the answer');
    await term.press('Space', '▶ 请问您贵姓？');

    expect((await pair.caller.command('hangup')).ok).toBe(true);
    const wrapUp = await term.waitFor('话后处理');
    expect(wrapUp).toMatch(/✓ 客户先挂机\s+R-THEY-HANG-UP/);

    // Why they called, in two keys, and saved.
    await term.press('1', '业务咨询');
    term.send('1');
    await term.press('s', /已保存|第 1 通/);
    const [call] = JSON.parse(ringside('history', '--json', '--unmasked'));
    expect(call).toMatchObject({ outcome: 'answered', hungUpBy: 'caller', caller: { name: '张三', phone: '13800001111' } });
  });
});
