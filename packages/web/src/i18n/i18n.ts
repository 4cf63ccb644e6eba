import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Each language's name in that language, whatever the page's language. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

const STORED = 'pipewise.locale';

/**
 * The language before anyone signs in: the one chosen last on this browser,
 * else the browser's (Chinese for any zh-*, English otherwise). After sign-in
 * the user's own choice, kept on the server, wins.
 */
export function initialLocale(
  stored: string | null = globalThis.localStorage?.getItem(STORED) ?? null,
  browser: readonly string[] = globalThis.navigator?.languages ?? [],
): Locale {
  if (stored === 'zh-CN' || stored === 'en') return stored;
  for (const language of browser) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export const i18n = i18next.createInstance();
// Date pickers name months and weekdays in the app's language.
i18n.on('languageChanged', (locale) => dayjs.locale(locale === 'en' ? 'en' : 'zh-cn'));
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: initialLocale(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the language on this page and remembers it on this browser. */
export function switchLocale(locale: Locale): void {
  globalThis.localStorage?.setItem(STORED, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}
