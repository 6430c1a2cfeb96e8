/**
 * The rules' titles in the desk's language (src/rules.ts holds the IDs and the English titles
 * `ringside rules` has always listed). A report names a rule by its ID and this title.
 */
import type { Language } from './language.js';
import { RULES } from './rules.js';

/** The Chinese titles, as the service codes say them. */
const ZH: Readonly<Record<string, string>> = {
  'R-RING-3': '三声内接听；超过则须致歉（R-LATE-SORRY）',
  'R-LATE-SORRY': '接听晚了或让客户久等：说“让您久等了”',
  'R-OPEN': '标准开场白：问候、公司、报工号、请问有什么可以帮您',
  'R-OPEN-NOW': '接通后立即说开场白',
  'R-SURNAME': '询问客户贵姓并以姓氏称呼',
  'R-POLITE': '全程使用礼貌用语',
  'R-REPEAT': '没听清时请客户重复（备用话术）',
  'R-NO-INTERRUPT': '不打断、不抢话',
  'R-RESTATE': '复述客户的问题并确认',
  'R-HOLD-ASK': '保持前请客户稍等',
  'R-HOLD-BACK': '保持后致谢或致歉；到时限回线询问',
  'R-SUPPORT': '问题不清楚：保持并求助，确认后再答复',
  'R-REMIND': '主动提醒相关注意事项',
  'R-NO-PROMISE': '不随意承诺，给出方案和时间',
  'R-ANYTHING-ELSE': '询问还有什么需要帮助',
  'R-RECIPROCATE': '客户致谢或道别时回应',
  'R-FAREWELL': '标准结束语并致谢',
  'R-THEY-HANG-UP': '等客户先挂机',
  'R-REASON': '每通来电选择来电原因',
  'R-LOG': '每通来电记录来电人、处理人和摘要',
  'R-LOG-NOW': '挂机后立即记录',
  'R-TICKET': '投诉和建议生成工单',
  'R-FOLLOW-UP': '未解决事项两个工作日内回访',
  'R-CALLBACK': '回访：时间合适、征得同意、说明来意、简短',
  'R-FIRST-ASK': '首问负责，直到移交',
  'R-ESCALATE': '客户要找领导：安抚话术',
  'R-CROSS-REGION': '其他地区的问题：说明并告知当地区号',
  'R-OUT-OF-SCOPE': '非本业务：解释三次后结束',
  'R-WRONG-NUMBER': '打错电话：标准话术',
  'R-FIND-PERSON': '找人：先问来电人是谁；不在则留言',
  'R-NON-BUSINESS-3MIN': '非业务来电不超过三分钟',
  'R-OUTBOUND': '外呼：自我介绍、说明来意、确认时间方便、简短',
  'R-NIGHT': '夜间服务时段流程不同',
  'R-HOLIDAY': '周末和节假日在开场白或结束语中致以问候',
  'R-FLAG-CALLER': '为骚扰或问题来电做标记，交主管处理',
  'R-PRIVACY': '客户资料保密',
};

/** A rule's title in the language; the English title when there is no other, empty for an unknown ID. */
export function ruleTitle(id: string, language: Language): string {
  const english = RULES.find((rule) => rule.id === id)?.title ?? '';
  return language === 'zh-CN' ? (ZH[id] ?? english) : english;
}

/** The IDs with a Chinese title (a test checks every rule has one). */
export const ZH_TITLED = Object.keys(ZH);
