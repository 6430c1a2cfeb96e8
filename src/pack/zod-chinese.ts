/**
 * zod's own Chinese messages, as a pack author reads them. zod's zh-CN locale leaves the names of
 * types in English ("无效输入：期望 string，实际接收 number"; "数值过小：期望 array >=3 项"): those
 * messages are said here with Chinese names; every other message is zod's.
 */
import type { z } from 'zod';
import zodChinese from 'zod/v4/locales/zh-CN.js';

/** A value's type as a pack author knows it from YAML. */
const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  array: '列表',
  object: '键值对（键: 值）',
  null: '空值',
  undefined: '空',
  date: '日期',
  nan: '非数字',
};

/** What YAML gave, named as TYPE_NAMES names it. */
function typeOf(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  if (input instanceof Date) return 'date';
  return typeof input;
}

const typeName = (type: string) => TYPE_NAMES[type] ?? type;

/** The bound of a number, a text's length or a list's size in Chinese; null for what zod says well. */
function sizeSentence(issue: { code: 'too_small' | 'too_big'; origin?: string; inclusive?: boolean; minimum?: number | bigint; maximum?: number | bigint }): string | null {
  const small = issue.code === 'too_small';
  const bound = String(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (small && bound === '1' && inclusive) return '不能是空的；请写上内容';
      return small ? `太短：至少要 ${bound} 个字符` : `太长：最多 ${bound} 个字符`;
    case 'array':
    case 'set':
      if (small && bound === '1' && inclusive) return '列表不能是空的；至少要有 1 项';
      return small ? `太少：至少要有 ${bound} 项` : `太多：最多 ${bound} 项`;
    case 'number':
    case 'int':
    case 'bigint':
      if (small) return inclusive ? `太小：要大于或等于 ${bound}` : `太小：要大于 ${bound}`;
      return inclusive ? `太大：要小于或等于 ${bound}` : `太大：要小于 ${bound}`;
    default:
      return null;
  }
}

/** zod's Chinese locale, with the messages it leaves half English said in Chinese. */
export function chineseZodLocale(): { localeError: z.core.$ZodErrorMap } {
  const zod = zodChinese().localeError;
  return {
    localeError: (issue) => {
      if (issue.code === 'invalid_type' && !/^[A-Z]/.test(issue.expected)) {
        return `要写${typeName(issue.expected)}，这里写的是${typeName(typeOf(issue.input))}`;
      }
      if (issue.code === 'too_small' || issue.code === 'too_big') return sizeSentence(issue) ?? zod(issue);
      return zod(issue);
    },
  };
}
