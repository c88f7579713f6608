/**
 * The one error type: an HTTP status, a stable code, a Chinese and an English message, and — when a
 * regulation is behind the rule — the article (e.g. QP-10).
 */
export interface FieldError {
  path: string;
  message: string;
  messageEn: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly article: string | undefined;
  readonly fields: FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: {
    status: number;
    code: string;
    zh: string;
    en: string;
    article?: string;
    fields?: FieldError[];
    details?: Record<string, unknown>;
  }) {
    super(init.en);
    this.name = 'AppError';
    this.status = init.status;
    this.code = init.code;
    this.messageZh = init.zh;
    this.messageEn = init.en;
    this.article = init.article;
    this.fields = init.fields;
    this.details = init.details;
  }
}

export const errors = {
  validation: (fields: FieldError[]) =>
    new AppError({ status: 400, code: 'validation_failed', zh: '请求数据校验未通过', en: 'The request is not valid', fields }),
  unauthenticated: () =>
    new AppError({ status: 401, code: 'unauthenticated', zh: '未登录或会话已过期，请重新登录', en: 'Not signed in, or the session has expired' }),
  forbidden: () => new AppError({ status: 403, code: 'forbidden', zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' }),
  /** Also the answer to another unit's object: its existence is not disclosed (QP-19). */
  notFound: (what: { zh: string; en: string }) =>
    new AppError({ status: 404, code: 'not_found', zh: `${what.zh}不存在`, en: `${what.en} not found` }),
  conflict: (code: string, zh: string, en: string, article?: string) =>
    new AppError({ status: 409, code, zh, en, ...(article ? { article } : {}) }),
  field: (path: string, message: string, messageEn: string, article?: string) =>
    new AppError({
      status: 400,
      code: 'validation_failed',
      zh: message,
      en: messageEn,
      fields: [{ path, message, messageEn }],
      ...(article ? { article } : {}),
    }),
};
