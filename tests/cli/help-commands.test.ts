/** `ringside --help` names every command in its argument's description, each once, in the desk's language. */
import { describe, expect, it } from 'vitest';
import { homeForEachTest, runBin } from '../helpers.js';

const home = homeForEachTest();

describe('the command argument in --help', () => {
  it('lists every command once, the last (board) too, and config once', () => {
    const { out } = runBin(home.path, '--help');
    const words = out.replace(/\s+/g, '');
    const argument = words.slice(words.indexOf('参数：'), words.indexOf('（不写：进入实时界面）'));
    expect(argument.length).toBeGreaterThan(0);
    for (const command of ['train', 'history', 'stats', 'transcribe', 'team', 'board']) expect(argument).toContain(command);
    expect(argument.match(/config/g)).toHaveLength(1);
  });
});
