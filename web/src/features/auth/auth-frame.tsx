import { CloudServerOutlined } from '@ant-design/icons';
import { Card, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { LangSwitch } from '../../components/lang-switch.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

/** The page around the sign-in and change-password forms: platform name, the language switch, one card. */
export function AuthFrame({ title, children }: { title: ReactNode; children: ReactNode }) {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 24,
        background: `linear-gradient(160deg, ${token.colorPrimaryBg} 0%, ${token.colorBgLayout} 60%)`,
      }}
    >
      <div style={{ position: 'fixed', top: 16, right: 24 }}>
        <LangSwitch />
      </div>
      <Flex vertical align="center" gap={8} style={{ marginBottom: 24, textAlign: 'center' }}>
        <CloudServerOutlined style={{ fontSize: 40, color: token.colorPrimary }} />
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="platform-name">
          {t('app.fullName')}
        </Typography.Title>
      </Flex>
      <Card title={title} style={{ width: '100%', maxWidth: 440 }}>
        {children}
      </Card>
    </Flex>
  );
}
