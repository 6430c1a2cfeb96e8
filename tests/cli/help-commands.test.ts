/** `ringside --help` names every command in its argument's description, each once, in the desk's language. */
import { describe, expect, it } from 'vitest';
import { homeForEachTest, runBin } from '../helpers.js';

const home = homeForEachTest();

describe('the command argument in --help', () => {
  it('lists every command once, the last (board) too, and config once', () => {
    const { out } = runBin(home.path, '--help');
    const argument = out.slice(0, out.indexOf('（不写：进入实时界面）')).replace(/\s+/g, '');
    for (const command of ['train', 'history', 'stats', 'transcribe', 'team', 'board']) expect(argument).toContain(command);
    expect(argument.match(/config/g)).toHaveLength(1);
  });
});
