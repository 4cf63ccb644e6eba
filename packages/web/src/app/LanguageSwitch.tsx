import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, LOCALES, type Locale, switchLocale } from '../i18n/i18n.ts';

/** Chinese or English. Signed in, the choice is also kept on the server (`onChange`). */
export function LanguageSwitch({ onChange }: { onChange?: (locale: Locale) => void }) {
  const { i18n, t } = useTranslation();
  return (
    <Segmented<Locale>
      aria-label={t('app.language')}
      size="small"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={LOCALES.map((locale) => ({ value: locale, label: LOCALE_NAMES[locale] }))}
      onChange={(locale) => (onChange ? onChange(locale) : switchLocale(locale))}
    />
  );
}
