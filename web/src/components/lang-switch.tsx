import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useLang, useT } from '../i18n/i18n-provider.tsx';

/** Switches between 中文 and English; its label names the other language. */
export function LangSwitch() {
  const t = useT();
  const { lang, setLang } = useLang();
  return (
    <Button
      type="text"
      data-testid="lang-switch"
      icon={<TranslationOutlined />}
      autoInsertSpace={false}
      onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
    >
      {t('lang.switch')}
    </Button>
  );
}
