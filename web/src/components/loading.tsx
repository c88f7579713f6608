import { Flex, Spin } from 'antd';
import { useT } from '../i18n/i18n-provider.tsx';

/** While the session or a page's code is loading. */
export function Loading({ fullPage = false }: { fullPage?: boolean }) {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ minHeight: fullPage ? '100vh' : 240 }}>
      <Spin description={t('app.loading')} />
    </Flex>
  );
}
