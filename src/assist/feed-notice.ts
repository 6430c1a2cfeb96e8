/**
 * A transcript feed's notice as the desk says it: one short line (it shows on one line of an
 * 80-column screen), kinds and counts only, never anything a line of the feed said.
 */
import { said } from '../language.js';
import type { FeedNotice, SkippedLines } from './feed.js';

const SKIPPED_WHY: Readonly<Record<keyof SkippedLines, { 'zh-CN': string; en: string }>> = {
  notJson: { 'zh-CN': '非 JSON', en: 'not JSON' },
  unknownShape: { 'zh-CN': '格式不明', en: 'unknown shape' },
  badField: { 'zh-CN': '字段有误', en: 'bad field' },
  badUtf8: { 'zh-CN': '编码有误', en: 'bad UTF-8' },
  tooLong: { 'zh-CN': '过长', en: 'too long' },
};

export function feedNoticeText(notice: FeedNotice): string {
  switch (notice.kind) {
    case 'waiting':
      if (notice.source === 'tcp') return said({ 'zh-CN': `转写：在本机端口 ${notice.port ?? ''} 等待连接`, en: `Transcript: waiting for a connection on local port ${notice.port ?? ''}` });
      if (notice.source === 'fifo') return said({ 'zh-CN': '转写：等待识别程序写入管道', en: 'Transcript: waiting for the recogniser to write to the FIFO' });
      return said({ 'zh-CN': '转写：等待文件出现', en: 'Transcript: waiting for the file to appear' });
    case 'live':
      return said({ 'zh-CN': '转写：已接通', en: 'Transcript: live' });
    case 'gone':
      if (notice.why === 'vanished') return said({ 'zh-CN': '转写：文件不见了，等它回来', en: 'Transcript: the file is gone; waiting for it to come back' });
      return said({ 'zh-CN': '转写：写入方已断开，等待重新接入', en: 'Transcript: the writer left; waiting for the next one' });
    case 'restarted':
      if (notice.why === 'truncated') return said({ 'zh-CN': '转写：文件被清空，从头读起', en: 'Transcript: the file was emptied; reading it from the start' });
      return said({ 'zh-CN': '转写：文件已更换，读取新文件', en: 'Transcript: the file was replaced; reading the new one' });
    case 'cannotRead':
      if (notice.why === 'notFileOrFifo') return said({ 'zh-CN': '转写：该路径不是文件或管道，读不了', en: 'Transcript: the path is not a file or a FIFO; cannot read it' });
      if (notice.why === 'denied') return said({ 'zh-CN': '转写：没有读取权限，请检查权限', en: 'Transcript: no permission to read it; check its permissions' });
      return said({ 'zh-CN': `转写：读不了（${notice.code ?? 'error'}），稍后重试`, en: `Transcript: cannot read it (${notice.code ?? 'error'}); trying again` });
    case 'portInUse':
      return said({ 'zh-CN': `转写：端口 ${notice.port} 已被占用，每秒重试`, en: `Transcript: port ${notice.port} is in use; trying again every second` });
    case 'skipped': {
      // The two commonest whys, to stay on one line; the rest as "…".
      const whys = (Object.keys(SKIPPED_WHY) as (keyof SkippedLines)[]).filter((why) => notice.lines[why] > 0).sort((a, b) => notice.lines[b] - notice.lines[a]);
      const total = whys.reduce((sum, why) => sum + notice.lines[why], 0);
      const parts = whys.slice(0, 2).map((why) => `${said(SKIPPED_WHY[why])} ${notice.lines[why]}`);
      if (whys.length > 2) parts.push('…');
      return said({ 'zh-CN': `转写：已跳过 ${total} 行（${parts.join('，')}）`, en: `Transcript: ${total} line(s) skipped (${parts.join(', ')})` });
    }
    case 'dropped':
      return said({ 'zh-CN': `转写：来得太快，已略过 ${notice.finals} 段`, en: `Transcript: coming too fast; ${notice.finals} segment(s) passed over` });
    case 'refused':
      return said({ 'zh-CN': `转写：连接太多，已拒绝 ${notice.clients} 个`, en: `Transcript: too many connections; ${notice.clients} refused` });
  }
}
