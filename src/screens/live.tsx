/**
 * Starts the live screen: loads the pack, opens the call log, builds the desk and renders the
 * App. Imported lazily by the CLI, so commands without a screen never load Ink or React.
 */
import { CallDesk } from '../call/desk.js';
import { resolveThresholds, systemClock } from '../call/session.js';
import { settingsThresholds, type Settings } from '../config.js';
import { packForScreen } from '../pack/builtin.js';
import { keysAgainstPack } from '../pack/hotkeys.js';
import { applyOverrides } from '../ui/keys/keymap.js';
import { said } from '../language.js';
import { UserError } from '../errors.js';
import type { RingsidePaths } from '../paths.js';
import { lockCallLog } from '../lock.js';
import { SCREEN_BUSY_WAIT_MS } from '../store/open.js';
import { CallStore } from '../store/sqlite.js';
import { showScreen } from '../ui/show.js';
import { settingsAfterFirstRun } from './first-run.js';
import { parseSoftphoneAddress } from '../softphone/address.js';
import { PhoneFollower } from '../softphone/follow.js';

/** The transcript feed followed and heard on this desk (src/assist/live-assist.ts). */
async function startAssist(desk: CallDesk, source: string, settings: Settings, agent: { number: string; name: string }) {
  const [{ LiveAssist }, { parseTranscriptSource }, { DEFAULT_HEARD_THRESHOLD }, { DEFAULT_REPEAT_AFTER_MS }] = await Promise.all([
    import('../assist/live-assist.js'),
    import('../assist/source.js'),
    import('../assist/match.js'),
    import('../assist/suggest.js'),
  ]);
  const assist = new LiveAssist(desk, parseTranscriptSource(source), {
    threshold: settings.heardThreshold ?? DEFAULT_HEARD_THRESHOLD,
    repeatAfterMs: settings.repeatAfterSeconds !== undefined ? settings.repeatAfterSeconds * 1000 : DEFAULT_REPEAT_AFTER_MS,
    speaker: settings.transcriptSpeaker ?? 'agent',
    variables: () => ({ company: settings.company, hotline: settings.hotline, perPack: settings.perPack, agentNumber: agent.number, agentName: agent.name }),
  });
  assist.start();
  return assist;
}

export async function runLive(options: {
  paths: RingsidePaths;
  settings: Settings;
  packOption?: string;
  strict?: boolean;
  softphone?: string;
  team?: string | null;
  /** The transcript feed to follow (live assist), or null. */
  transcript?: string | null;
}): Promise<void> {
  const { paths } = options;
  let { settings } = options;
  const address = options.softphone ?? settings.softphone;
  // The softphone's link (and the schema of its messages) is loaded only when there is one to follow.
  const link = address ? new (await import('../softphone/baresip.js')).BaresipLink(parseSoftphoneAddress(address)) : null;
  const { pack, other } = await packForScreen(options.packOption ?? settings.pack, paths.userPacks);
  // The agent's own keys must leave the pack's menus theirs (and the menus the screen's keys).
  const keymap = applyOverrides(settings.keys);
  const clash = keysAgainstPack(pack, keymap);
  if (clash) throw new UserError(clash);
  // Undone in reverse, however far the start got (a second screen on the log, a log that will not open).
  const undo: (() => void | Promise<void>)[] = [];
  try {
    undo.push(lockCallLog(paths.database, 'screen'));
    // Keys are read between writes: a log another process is writing to holds up a key briefly
    // at most, and the desk tries it again in the background (the event keeps its key's moment).
    const store = new CallStore(paths.database, { busyWaitMs: SCREEN_BUSY_WAIT_MS });
    undo.push(() => store.close());
    // A customer hears the agent's number in the opening line: with none set, the agent is asked
    // who they are before the first call (the log and its lock already checked, so nothing asked is
    // asked in vain), and the screen goes on with the answers.
    settings = await settingsAfterFirstRun({ paths, settings, pack });
    const desk = new CallDesk({
      pack,
      thresholds: resolveThresholds(pack, settingsThresholds(settings)),
      strict: options.strict ?? settings.strict,
      clock: systemClock,
      store,
      agent: { name: settings.agentName, number: settings.agentNumber },
      // A call left open comes back on the pack it was taken on.
      findPack: other,
      holidays: settings.holidays,
      scoring: () => ({ instantFail: settings.instantFail }),
    });
    undo.push(() => desk.stop());
    // A call left open comes back on the pack it was taken on: its menus too.
    const restored = desk.pack === pack ? null : keysAgainstPack(desk.pack, keymap);
    if (restored) {
      throw new UserError(
        `${restored}${said({ 'zh-CN': '上次未结束的通话保留在记录中，改好按键后就会回来。', en: ' The call left open is kept in the log and comes back once the keys are changed.' })}`,
      );
    }
    // The follower puts the phone's calls on the desk, and the answer and hang-up keys of a call the
    // softphone carries go to the phone as requests; without one, the keys move the call directly.
    const phone = new PhoneFollower(desk, link);
    phone.start();
    undo.push(() => phone.stop());
    // The team (--team or the `team` setting): one link to its server for all the desk sends.
    const agent = { number: settings.agentNumber, name: settings.agentName };
    // With a team, the desk's own follow-ups leave out those a lead gave to another agent.
    let team: import('../team/desk-team.js').DeskTeam | null = null;
    const ownFollowUps = () => (team ? team.ownFollowUps(store.openFollowUps()) : store.openFollowUps());
    const overdueFollowUps = () => (team ? ownFollowUps().filter((followUp) => followUp.dueAt < Date.now()).length : store.overdueFollowUps(Date.now()));
    team = options.team
      ? new (await import('../team/desk-team.js')).DeskTeam(options.team, store, () => agent, {
          variables: () => ({ company: settings.company, hotline: settings.hotline, perPack: settings.perPack, agentNumber: agent.number, agentName: agent.name }),
          overdueFollowUps,
        })
      : null;
    const started = team;
    started?.start(desk);
    if (started) undo.push(() => started.stop());
    // Live assist (--transcript or the `transcript` setting): the matcher and its dictionaries are loaded only then.
    const assist = options.transcript ? await startAssist(desk, options.transcript, settings, agent) : null;
    if (assist) undo.push(() => assist.stop());
    await showScreen({
      desk,
      settings,
      agent: { name: settings.agentName, number: settings.agentNumber },
      phone,
      overdueFollowUps,
      // With a team, the `o` list adds the agent's team tickets, read in the background (never on a key).
      followUps: () => [...ownFollowUps(), ...(started?.followUps() ?? [])],
      team: started ?? undefined,
      assist: assist ?? undefined,
    });
  } finally {
    for (const step of undo.reverse()) await step();
  }
}

