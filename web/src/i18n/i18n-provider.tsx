import { ConfigProvider } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
// The ESM builds: the CommonJS `antd/locale/*` entries reach the bundle wrapped as `{ default }`.
import antdEnUS from 'antd/es/locale/en_US';
import antdZhCN from 'antd/es/locale/zh_CN';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { enUS } from '../locales/en-US.ts';
import { type Messages, zhCN } from '../locales/zh-CN.ts';

export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

const STORAGE_KEY = 'yunshu.lang';
const MESSAGES: Record<Lang, Messages> = { 'zh-CN': zhCN, 'en-US': enUS };

/**
 * Ant Design's locale with the date pickers' week-day and month names from our locale files: antd takes
 * them from dayjs otherwise, which speaks English unless its own locale is loaded.
 */
function antdLocaleOf(lang: Lang): AntdLocale {
  const base = lang === 'zh-CN' ? antdZhCN : antdEnUS;
  const { calendar } = MESSAGES[lang];
  if (!base.DatePicker) return base;
  return {
    ...base,
    DatePicker: {
      ...base.DatePicker,
      lang: {
        ...base.DatePicker.lang,
        shortWeekDays: calendar.shortWeekDays.split(','),
        shortMonths: calendar.shortMonths.split(','),
      },
    },
  };
}

const ANTD_LOCALES: Record<Lang, AntdLocale> = { 'zh-CN': antdLocaleOf('zh-CN'), 'en-US': antdLocaleOf('en-US') };

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A dotted path to one string of the locale files, e.g. `units.fields.name`. */
export type MessageKey = Leaves<Messages>;
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;
/** Picks the side of a `{ zh, en }` label (from the shared package or the API) for the current language. */
export type PickLabel = (label: { zh: string; en: string }) => string;

interface I18nContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  pick: PickLabel;
}

const I18nContext = createContext<I18nContextValue | null>(null);

function lookup(messages: Messages, key: string): string {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  }
  return typeof node === 'string' ? node : key;
}

function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function storedLang(): Lang {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en-US' ? 'en-US' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }, []);

  const value = useMemo<I18nContextValue>(() => {
    const messages = MESSAGES[lang];
    return {
      lang,
      setLang,
      t: (key, params) => interpolate(lookup(messages, key), params),
      pick: (label) => (lang === 'zh-CN' ? label.zh : label.en),
    };
  }, [lang, setLang]);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = value.t('app.fullName');
  }, [lang, value]);

  return (
    <I18nContext value={value}>
      <ConfigProvider locale={ANTD_LOCALES[lang]}>{children}</ConfigProvider>
    </I18nContext>
  );
}

function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

export function useLang(): { lang: Lang; setLang: (lang: Lang) => void; pick: PickLabel } {
  const { lang, setLang, pick } = useI18n();
  return { lang, setLang, pick };
}
