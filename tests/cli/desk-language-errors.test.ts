/**
 * The sentences made deep inside speak the desk's language too (issue 17, items 1 and 7): a
 * folder or file refused (a link, another user's, others may write), the YAML parser's and zod's
 * own words about a pack, the lock and a damaged call log, a softphone address. Run through the
 * real bin: on a Chinese desk (a fresh one) no English word outside the allowlist of
 * tests/desk-words.ts (plus the error codes said in brackets, which are codes: ENOTDIR,
 * SQLITE_NOTADB, and `chmod`, a command typed); on an English desk the English sentences as they were.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockCallLog } from '../../src/lock.js';
import { englishWords, HAN } from '../desk-words.js';
import { englishDesk, runBin, tempDir } from '../helpers.js';

const CODES = ['chmod', 'ENOENT', 'SQLITE_NOTADB'];

let home: ReturnType<typeof tempDir>;
/** A second desk, set to English, beside the fresh (Chinese) one. */
let english: ReturnType<typeof tempDir>;
beforeEach(() => {
  home = tempDir();
  english = tempDir();
  englishDesk(english.path);
});
afterEach(() => {
  home.remove();
  english.remove();
});

/** Pack files broken in the ways the YAML parser and zod find, each with what a Chinese and an English desk say of it. */
function brokenPacks(): { file: string; zh: string; en: string }[] {
  const dir = join(home.path, 'drafts');
  mkdirSync(dir, { recursive: true });
  const cases = [
    // A Chinese line with ": " in it, not quoted: the parser's "Nested mappings are not allowed…".
    { name: 'colon', text: 'id: my-pack\nlanguage: zh-CN\nname: 草稿\nphases:\n  greeting:\n    - id: open\n      line: 您好: 请问\n', zh: ':7:13: 不是有效的 YAML：一行里只能有一个「键: 值」', en: ':7:13: not valid YAML: Nested mappings are not allowed in compact mappings' },
    { name: 'twice', text: 'id: my-pack\nid: other\n', zh: ':2:1: 不是有效的 YAML：同一个键写了两次', en: ':2:1: not valid YAML: Map keys must be unique' },
    { name: 'tab', text: 'id: my-pack\nphases:\n\t- open\n', zh: ':3:1: 不是有效的 YAML：缩进里有制表符', en: ':3:1: not valid YAML: Tabs are not allowed as indentation' },
    { name: 'quote', text: "id: 'my-pack\nname: x\n", zh: ':1:5: 不是有效的 YAML：引号没有闭合', en: ":1:5: not valid YAML: Missing closing 'quote" },
    // zod's Chinese locale said the types in English: "期望 string，实际接收 number".
    { name: 'types', text: 'id: my-pack\nlanguage: zh-CN\nname: 5\nreasons: []\nbranches: {}\n', zh: ':3:7: name：要写文字，这里写的是数字', en: ':3:7: name: Invalid input: expected string, received number' },
    { name: 'types', text: '', zh: 'branches：要写列表，这里写的是键值对', en: 'branches: Invalid input: expected array, received object' },
    { name: 'types', text: '', zh: 'reasons：话术包至少要有 3 个来电原因组', en: 'reasons: a pack needs at least 3 reason groups' },
  ];
  return cases.map(({ name, text, zh, en }) => {
    const file = join(dir, `${name}.yaml`);
    if (text) writeFileSync(file, text);
    // file:line:column where the case says it; else a line of the same file's problems.
    const at = (sentence: string) => (sentence.startsWith(':') ? `${file}${sentence}` : sentence);
    return { file, zh: at(zh), en: at(en) };
  });
}

describe('sentences made deep inside: Chinese on a Chinese desk, English as before on an English one', () => {
  it('a broken pack: the YAML parser\'s errors and zod\'s type names, file:line:column kept', { timeout: 60_000 }, () => {
    for (const { file, zh, en } of brokenPacks()) {
      const chinese = runBin(home.path, 'packs', 'check', file);
      expect(chinese.code, file).toBe(2);
      expect(chinese.err, file).toContain(zh);
      expect(englishWords(chinese.err), file).toEqual([]);
      const inEnglish = runBin(english.path, 'packs', 'check', file);
      expect(inEnglish.code, file).toBe(2);
      expect(inEnglish.err, file).toContain(en);
      // (the file's own Chinese is not quoted back)
      expect(inEnglish.err, file).not.toMatch(HAN);
    }
  });

  it('folders and files refused: others may write, a link, a home that cannot be reached (exit 1)', { timeout: 60_000 }, () => {
    // The packs folder of the desk's own home, writable by anyone.
    for (const desk of [home.path, english.path]) {
      mkdirSync(join(desk, 'config', 'packs'), { recursive: true, mode: 0o700 });
      chmodSync(join(desk, 'config'), 0o700);
      chmodSync(join(desk, 'config', 'packs'), 0o777);
    }
    const packs = join(home.path, 'config', 'packs');
    const open = runBin(home.path, 'packs');
    expect(open.code).toBe(1);
    expect(open.err).toBe(`ringside: 你的话术包文件夹 ${packs} 别的用户也能改动（权限 777）：他们能换掉里面的文件。请用 \`chmod 700 ${packs}\` 让它只归你，或用 RINGSIDE_HOME=文件夹 另选一个。\n`);
    const theirPacks = join(english.path, 'config', 'packs');
    expect(runBin(english.path, 'packs').err).toBe(
      `ringside: Your packs folder ${theirPacks} can be changed by other users (mode 777): they could swap its files. Make it yours alone with \`chmod 700 ${theirPacks}\`, or choose another folder with RINGSIDE_HOME=DIR.\n`,
    );
    chmodSync(packs, 0o700);
    // An export written through a link.
    const link = join(home.path, 'calls.csv');
    symlinkSync(join(home.path, 'elsewhere.csv'), link);
    const out = runBin(home.path, 'export', '--out', link);
    expect(out.code).toBe(1);
    expect(out.err).toBe(`ringside: ${link} 是一个链接；Ringside 不经过链接写入（来电会写进它指向的文件）。请给 --out 一个不是链接的路径。\n`);
    chmodSync(theirPacks, 0o700);
    expect(runBin(english.path, 'export', '--out', link).err).toBe(
      `ringside: ${link} is a link; Ringside does not write through links (the file it points to would get the calls). Give --out a path that is not a link.\n`,
    );
    // The call log a link (the export made one: gone first).
    rmSync(join(home.path, 'data'), { recursive: true, force: true });
    mkdirSync(join(home.path, 'data'), { mode: 0o700 });
    const log = join(home.path, 'data', 'calls.sqlite');
    symlinkSync(join(home.path, 'elsewhere.sqlite'), log);
    const history = runBin(home.path, 'history');
    expect(history.code).toBe(1);
    expect(history.err).toBe(`ringside: 通话记录 ${log} 是一个链接；Ringside 只把来电人资料存在自己的文件里，从不经过链接写入。请删掉这个链接（或把它指向的文件移到这里）。\n`);
    // A RINGSIDE_HOME that cannot be reached (it has no settings: a fresh desk).
    const unreachable = runBin(join(link, 'sub'), 'history');
    expect(unreachable.code).toBe(1);
    for (const run of [open, out, history, unreachable]) expect(englishWords(run.err, CODES), run.err).toEqual([]);
  });

  it('the lock held, a damaged call log and a softphone address', { timeout: 60_000 }, () => {
    const logs = [home.path, english.path].map((desk) => join(desk, 'data', 'calls.sqlite'));
    const releases = logs.map((log) => lockCallLog(log, 'screen'));
    let held;
    let heldInEnglish;
    try {
      held = runBin(home.path, 'demo-data', '--calls', '10');
      heldInEnglish = runBin(english.path, 'demo-data', '--calls', '10');
    } finally {
      for (const release of releases) release();
    }
    expect(held.code).toBe(2);
    expect(held.err).toBe(`ringside: Ringside 正在用通话记录 ${logs[0]}（进程 ${process.pid}）：演示数据会替换掉它界面下的来电。请先退出它，或给演示数据单独的文件夹：RINGSIDE_HOME=/tmp/ringside-demo ringside demo-data\n`);
    expect(heldInEnglish.err).toMatch(/^ringside: Ringside is running on the call log \S+ \(process \d+\): demo data would replace the calls under its screen\./);
    for (const log of logs) writeFileSync(log, 'not a database, only text that is long enough to be read as a header of a file'.repeat(20));
    const damaged = runBin(home.path, 'history');
    expect(damaged.code).toBe(2);
    expect(damaged.err).toMatch(/^ringside: 通话记录 \S+ 打不开（不是完好的通话记录文件，SQLITE_NOTADB）。/);
    expect(runBin(english.path, 'history').err).toMatch(/^ringside: The call log \S+ cannot be opened \(file is not a database\)\. Check that the folder is yours/);
    const address = runBin(home.path, 'config', 'set', 'softphone', 'nowhere');
    expect(address.code).toBe(2);
    expect(address.err).toBe('ringside: "nowhere" 不是话机地址。请写成 baresip://主机:端口，例如 baresip://127.0.0.1:4444（即 baresip 的 ctrl_tcp_listen）。\n');
    expect(runBin(english.path, 'config', 'set', 'softphone', 'nowhere').err).toBe(
      `ringside: "nowhere" is not a softphone address. Write it as baresip://HOST:PORT, for example baresip://127.0.0.1:4444 (baresip's ctrl_tcp_listen).\n`,
    );
    const port = runBin(home.path, 'config', 'set', 'softphone', 'baresip://');
    expect(port.err).toBe('ringside: "baresip://" 要有主机和端口，例如 baresip://127.0.0.1:4444。\n');
    for (const run of [held, damaged, address, port]) expect(englishWords(run.err, CODES), run.err).toEqual([]);
  });
});
