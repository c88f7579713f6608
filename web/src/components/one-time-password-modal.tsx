import { Alert, Button, Flex, Modal, Typography } from 'antd';
import { useT } from '../i18n/i18n-provider.tsx';

export interface OneTimePassword {
  title: string;
  displayName: string;
  username: string;
  password: string;
}

/**
 * Shows an initial or temporary password once. The server keeps only its hash, so closing the modal
 * loses it; the user must change it at first sign-in.
 */
export function OneTimePasswordModal({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={value !== null}
      title={value?.title}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="one-time-password-done">
          {t('users.oneTime.done')}
        </Button>
      }
    >
      {value ? (
        <Flex vertical gap={16}>
          <Typography.Text>
            {t('users.oneTime.intro', { name: value.displayName, username: value.username })}
          </Typography.Text>
          <Flex align="center" gap={12} wrap>
            <Typography.Text type="secondary">{t('users.oneTime.label')}</Typography.Text>
            <Typography.Text
              code
              strong
              style={{ fontSize: 20, letterSpacing: 1 }}
              data-testid="one-time-password"
              copyable={{ text: value.password, tooltips: [t('common.copy'), t('common.copied')] }}
            >
              {value.password}
            </Typography.Text>
          </Flex>
          <Alert type="warning" showIcon title={t('users.oneTime.warning')} />
        </Flex>
      ) : null}
    </Modal>
  );
}
