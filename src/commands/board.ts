/**
 * `ringside board [--team [URL]]`: the team board for a team lead. The server is reached and its
 * schema checked before the screen starts, so a bad address, a refused login or a server without
 * Ringside's tables is one sentence and an exit code, never a screen that cannot draw.
 */
import { said, type Words } from '../language.js';
import { boardColours, DEFAULT_LOST_MS } from '../team/board-model.js';
import { connectBoard } from '../team/board-read.js';
import { serverOf } from '../team/url.js';
import { teamOf } from './team.js';
import { needTerminal, settingsOf, type CommandContext } from './context.js';

const WORDS: Words<{ board: string }> = {
  'zh-CN': { board: '团队看板' },
  en: { board: 'The team board' },
};

export async function board(context: CommandContext, options: { team?: string | boolean; lostAfter?: number }): Promise<void> {
  const settings = (await settingsOf(context))().all;
  const url = await teamOf(context, options.team ?? true);
  const client = await connectBoard(url);
  try {
    needTerminal(context.io, said(WORDS).board);
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  const { runBoard } = await import('../screens/board.js');
  await runBoard({
    client,
    url,
    server: serverOf(url),
    language: context.language,
    settings: { colours: boardColours(settings.boardColours), lostMs: options.lostAfter ? options.lostAfter * 1000 : DEFAULT_LOST_MS },
  });
}
