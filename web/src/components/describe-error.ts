import { ApiError, NETWORK_ERROR, UNREADABLE_RESPONSE } from '../api/client.ts';
import type { Lang, Translate } from '../i18n/i18n-provider.tsx';

export interface FieldErrorView {
  path: string;
  message: string;
}

/** An error as the console shows it: the server's message in the current language, its article, its fields. */
export interface ErrorView {
  code: string;
  message: string;
  article: string | undefined;
  requestId: string | undefined;
  fields: FieldErrorView[];
}

export function describeError(error: unknown, lang: Lang, t: Translate): ErrorView {
  if (error instanceof ApiError) {
    const { detail } = error;
    let message: string;
    if (detail.code === NETWORK_ERROR) message = t('error.network');
    else if (detail.code === UNREADABLE_RESPONSE) message = t('error.unexpected', { status: error.status });
    else message = (lang === 'zh-CN' ? detail.message : detail.messageEn) || detail.message || detail.messageEn || detail.code;
    return {
      code: detail.code,
      message,
      article: detail.article || undefined,
      requestId: detail.requestId || undefined,
      fields: (detail.fields ?? []).map((field) => ({
        path: field.path,
        message: (lang === 'zh-CN' ? field.message : field.messageEn) || field.message,
      })),
    };
  }
  return {
    code: 'client_error',
    message: error instanceof Error ? error.message : String(error),
    article: undefined,
    requestId: undefined,
    fields: [],
  };
}

/** One entry of an API error's `details` (e.g. the months a settlement is waiting for), when the error has that code. */
export function errorDetail(error: unknown, code: string, key: string): unknown {
  return error instanceof ApiError && error.code === code ? error.detail.details?.[key] : undefined;
}
