/**
 * The commands that draw a screen: the live screen, training and replay. Each checks what it was
 * given, then that it has a terminal, and only then loads the screen (Ink, React) and the settings.
 */
import { printable, UserError } from '../errors.js';
import { said, type Words } from '../language.js';
import { padDisplay } from '../width.js';
import { parseSoftphoneAddress } from '../softphone/address.js';
import { parseTranscriptSource } from '../assist/source.js';
import { checkTeamUrl, teamUrl } from '../team/url.js';
import { listing, needTerminal, settingsOf, type CommandContext } from './context.js';

const WORDS: Words<{ live: string; training: string; replay: string; broken: string; trainFooter: (folder: string) => string; nameScenario: string }> = {
  'zh-CN': {
    live: '实时界面',
    training: '培训',
    replay: '回放',
    broken: '（有问题）',
    trainFooter: (folder) => `\nringside train 编号 进入一个场景；加 --step 在课堂上一步步演示。你自己的场景放在 ${folder}\n`,
    nameScenario: '请写出要练习的场景（列表在上面）。',
  },
  en: {
    live: 'The live screen',
    training: 'Training',
    replay: 'A replay',
    broken: '(broken)',
    trainFooter: (folder) => `\nringside train ID takes one; --step steps through it in class. Your own scenarios go in ${folder}\n`,
    nameScenario: 'Name a scenario to train on (the list is above).',
  },
};

export async function live(
  context: CommandContext,
  options: { pack?: string; strict?: boolean; projector?: boolean; softphone?: string; team?: string | boolean; transcript?: string },
): Promise<void> {
  const { io, paths } = context;
  if (options.softphone) parseSoftphoneAddress(options.softphone);
  if (options.transcript !== undefined) parseTranscriptSource(options.transcript);
  if (typeof options.team === 'string') checkTeamUrl(options.team);
  needTerminal(io, said(WORDS).live);
  const { runLive } = await import('../screens/live.js');
  const all = (await settingsOf(context))().all;
  // A team: --team URL, or --team alone or nothing with the `team` setting.
  const team = options.team !== undefined ? teamUrl(options.team, all.team) : all.team || null;
  await runLive({ paths, settings: { ...all, projector: options.projector ?? all.projector }, packOption: options.pack, strict: options.strict, softphone: options.softphone, team, transcript: options.transcript ?? (all.transcript || null) });
}

export async function train(
  context: CommandContext,
  id: string | undefined,
  options: { list?: boolean; step?: boolean; speed: number; strict?: boolean; projector?: boolean; developer?: boolean; json?: boolean },
): Promise<void> {
  const { io, paths } = context;
  const { findScenario, listScenarios } = await import('../train/scenario.js');
  if (options.list || id === undefined) {
    listing(
      io,
      (skipped) => listScenarios(paths.userPacks, paths.userScenarios, skipped),
      options.json,
      (entry) => `  ${entry.id.padEnd(24)} ${entry.language.padEnd(6)} ${entry.title}\n`,
      `  ${padDisplay(said(WORDS).broken, 22)}`,
      said(WORDS).trainFooter(printable(paths.userScenarios)),
    );
    if (!options.list && !options.json) throw new UserError(said(WORDS).nameScenario);
    return;
  }
  const loaded = findScenario(id, paths.userPacks, paths.userScenarios);
  needTerminal(io, said(WORDS).training);
  const { runTraining } = await import('../screens/train.js');
  const all = (await settingsOf(context))().all;
  await runTraining({ paths, settings: { ...all, projector: options.projector ?? all.projector }, loaded, step: options.step ?? false, speed: options.speed, strict: options.strict ?? all.strict, developer: options.developer ?? false });
}

export async function replay(context: CommandContext, id: number, options: { step?: boolean; speed: number; unmasked?: boolean; developer?: boolean }): Promise<void> {
  const { io, paths } = context;
  needTerminal(io, said(WORDS).replay);
  const { runReplay } = await import('../screens/replay.js');
  await runReplay({ paths, settings: (await settingsOf(context))().all, callId: id, step: options.step ?? false, speed: options.speed, unmasked: options.unmasked ?? false, developer: options.developer ?? false });
}
