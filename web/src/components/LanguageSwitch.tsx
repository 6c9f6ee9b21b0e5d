import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLang, setLang } from '../i18n';

/** One click toggles between 中文 and English; the label names the language it switches to. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const next = currentLang() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      data-testid="lang-switch"
      type="text"
      size={compact ? 'small' : 'middle'}
      icon={compact ? undefined : <GlobalOutlined />}
      aria-label={t('lang.switchLabel')}
      title={t('lang.switchLabel')}
      onClick={() => void setLang(next)}
    >
      {t('lang.switchTo')}
    </Button>
  );
}
