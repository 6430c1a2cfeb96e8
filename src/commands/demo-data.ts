/** `ringside demo-data`: fills an empty call log with made-up calls, built aside and copied in whole. */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { printable, UserError } from '../errors.js';
import { progressBar } from '../reports/export.js';
import { localMinute } from '../local-time.js';
import { lockCallLog } from '../lock.js';
import { findPack } from '../pack/load.js';
import { replaceLog } from '../store/open.js';
import { CallStore } from '../store/sqlite.js';
import { fillDemoData } from '../demo/data.js';
import { settingsOf, type CommandContext } from './context.js';
import { formatCount, formatDay, formatNumber, type Words } from '../language.js';

const WORDS: Words<{
  realCalls: (log: string, calls: number, again: string) => string;
  filling: string;
  filled: (calls: number, pack: string, first: number, log: string, tickets: number, callBacks: number) => string;
}> = {
  'zh-CN': {
    realCalls: (log, calls, again) =>
      `通话记录 ${log} 里已有 ${formatNumber('zh-CN', calls)} 通来电，演示来电会和它们混在一起。请给演示数据单独的文件夹：${again}`,
    filling: '生成中',
    filled: (calls, pack, first, log, tickets, callBacks) =>
      `已在 ${log} 生成 ${formatNumber('zh-CN', calls)} 通演示来电（话术包 ${pack}，${formatDay('zh-CN', first)}至今），工单 ${formatNumber('zh-CN', tickets)} 条，回访 ${formatNumber('zh-CN', callBacks)} 通。试试：ringside stats、ringside follow-ups、ringside export --out calls.csv\n`,
  },
  en: {
    realCalls: (log, calls, again) =>
      `The call log ${log} already holds ${formatCount('en', calls, { one: 'call', other: 'calls' })}; demo calls would mix with them. Give demo data its own folder: ${again}`,
    filling: 'filling',
    filled: (calls, pack, first, log, tickets, callBacks) =>
      `${formatCount('en', calls, { one: 'demo call', other: 'demo calls' })} on ${pack} from ${localMinute(first).slice(0, 10)} to today in ${log}, ${formatCount('en', tickets, { one: 'ticket', other: 'tickets' })} and ${formatCount('en', callBacks, { one: 'call-back', other: 'call-backs' })}. Try: ringside stats, ringside follow-ups, ringside export --out calls.csv\n`,
  },
};

export async function demoData(context: CommandContext, options: { calls: number; pack?: string }): Promise<void> {
  const { io, paths } = context;
  const settings = await settingsOf(context);
  const pack = findPack(options.pack ?? settings().all.pack, paths.userPacks);
  const words = WORDS[context.language];
  // Real calls are never mixed with made-up ones; an old demo log is replaced.
  const refuseRealCalls = () => {
    const store = new CallStore(paths.database);
    try {
      const { calls, demo } = store.contents();
      if (calls > 0 && !demo) {
        throw new UserError(words.realCalls(printable(paths.database), calls, `RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data --calls ${options.calls}`));
      }
    } finally {
      store.close();
    }
  };
  // No screen takes calls on the log while it is replaced, and no other demo-data fills it.
  const release = lockCallLog(paths.database, 'demo-data');
  // Built aside, then copied into the log in one transaction: killed halfway, the log is as it
  // was. Not renamed over it: a command reading or training on the log meanwhile (they take no
  // lock) would go on writing to the old file's -wal, which SQLite would then replay into the
  // new one; SQLite's backup writes into the log as any connection does.
  const building = join(paths.data, 'demo-data.sqlite');
  const removeBuilding = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(building + suffix, { force: true });
  };
  try {
    refuseRealCalls();
    removeBuilding(); // left by a demo-data that was killed
    const store = new CallStore(building);
    let filled: ReturnType<typeof fillDemoData>;
    try {
      filled = fillDemoData(store, {
        calls: options.calls,
        pack,
        holidays: settings().all.holidays,
        instantFail: settings().all.instantFail,
        onProgress: process.stderr.isTTY ? progressBar(process.stderr, words.filling) : undefined,
      });
    } finally {
      store.close();
    }
    // Copied in under the log's write lock, and checked again under it: a training call saved
    // meanwhile is a real call, and none can be saved between the check and the copy.
    await replaceLog(building, paths.database, refuseRealCalls);
    io.out(words.filled(options.calls, pack.id, filled.first, printable(paths.database), filled.tickets, filled.callBacks));
  } finally {
    removeBuilding();
    release();
  }
}
