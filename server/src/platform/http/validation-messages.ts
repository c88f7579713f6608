/** Turns zod issues into field errors in Chinese and English, naming the field and the rule. */
import type { z } from 'zod';
import type { FieldError } from '../errors.ts';

const CUSTOM: Record<string, { zh: string; en: string }> = {
  credit_code_invalid: {
    zh: '统一社会信用代码无效：须为 18 位（数字或大写字母，不含 I、O、S、V、Z），且校验位正确（GB 32100-2015）',
    en: 'Invalid unified social credit code: 18 characters (digits or capitals except I, O, S, V, Z) with a correct check character (GB 32100-2015)',
  },
  username_invalid: {
    zh: '用户名须为 3–32 位小写字母、数字、点、下划线或连字符，以字母开头',
    en: 'Username: 3–32 lower-case letters, digits, dots, underscores or hyphens, starting with a letter',
  },
  phone_invalid: { zh: '电话号码格式不正确', en: 'Invalid phone number' },
  instant_invalid: { zh: '时间格式不正确：应为日期 YYYY-MM-DD（北京时间零点）或带时区的 ISO 8601 时间', en: 'Invalid instant: a date YYYY-MM-DD (00:00 Asia/Shanghai) or an ISO 8601 date-time with offset' },
  unit_price_invalid: { zh: '单价须为非负数，最多 6 位小数（以文本传递，单位：元）', en: 'Unit price: a non-negative decimal with up to 6 places, as text (CNY)' },
  estimate_quantity_invalid: { zh: '数量须大于 0，最多 6 位小数（以文本传递）', en: 'Quantity: greater than 0, up to 6 decimal places, as text' },
  xlsx_body_required: { zh: '请求体须为 .xlsx 文件内容（Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet）', en: 'The body must be the .xlsx file (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)' },
  item_code_invalid: { zh: '服务编码须为大写字母开头的大写字母、数字和连字符，如 ECS-X86-VCPU', en: 'Item code: capitals, digits and dashes starting with a capital, e.g. ECS-X86-VCPU' },
  quantity_invalid: { zh: '数量须为非负数，最多 3 位小数（以文本传递）', en: 'Quantity: a non-negative decimal with up to 3 places, as text' },
  amount_invalid: { zh: '金额须为非负数，最多 2 位小数（以文本传递）', en: 'Amount: a non-negative decimal with up to 2 places, as text' },
  file_body_required: { zh: '请求体须为文件内容（PDF/PNG/JPEG，以文件自身的内容类型上传）', en: 'The body must be the file (PDF/PNG/JPEG, sent with its own content type)' },
};

const TYPE_ZH: Record<string, string> = { string: '文本', number: '数字', boolean: '是/否', array: '列表', object: '对象' };

function sizeMessage(issue: { origin?: string; minimum?: unknown; maximum?: unknown }, small: boolean) {
  const n = String(small ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case 'string':
      return small ? { zh: `至少 ${n} 个字符`, en: `at least ${n} characters` } : { zh: `最多 ${n} 个字符`, en: `at most ${n} characters` };
    case 'array':
    case 'set':
      return small ? { zh: `至少 ${n} 项`, en: `at least ${n} items` } : { zh: `最多 ${n} 项`, en: `at most ${n} items` };
    default:
      return small ? { zh: `不能小于 ${n}`, en: `must be ≥ ${n}` } : { zh: `不能大于 ${n}`, en: `must be ≤ ${n}` };
  }
}

function describe(issue: z.core.$ZodIssue): { zh: string; en: string } {
  switch (issue.code) {
    case 'invalid_type':
      // A schema's own message (e.g. a file body expected) says more than the generic one.
      if (CUSTOM[issue.message]) return CUSTOM[issue.message] as { zh: string; en: string };
      if (issue.input === undefined) return { zh: '必填', en: 'required' };
      return { zh: `类型错误，应为${TYPE_ZH[issue.expected] ?? issue.expected}`, en: `expected ${issue.expected}` };
    case 'too_small':
      return sizeMessage(issue as never, true);
    case 'too_big':
      return sizeMessage(issue as never, false);
    case 'invalid_format': {
      const custom = CUSTOM[issue.message];
      if (custom) return custom;
      return { zh: `格式不正确（应为 ${issue.format}）`, en: `invalid format (expected ${issue.format})` };
    }
    case 'invalid_value':
      return {
        zh: `取值无效，可选：${issue.values.map(String).join('、')}`,
        en: `invalid value, expected one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'unrecognized_keys':
      return { zh: `不允许的字段：${issue.keys.join('、')}`, en: `unknown fields: ${issue.keys.join(', ')}` };
    default: {
      const custom = CUSTOM[issue.message];
      return custom ?? { zh: `无效：${issue.message}`, en: `invalid: ${issue.message}` };
    }
  }
}

export function fieldErrorsOf(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.map((issue) => {
    const { zh, en } = describe(issue);
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path, message: `${path}：${zh}`, messageEn: `${path}: ${en}` };
  });
}
