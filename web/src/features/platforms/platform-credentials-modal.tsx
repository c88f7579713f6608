import { Alert, Descriptions, Form, Input, Modal, Radio, Tag } from 'antd';
import { useEffect } from 'react';
import type { Platform, SetCredentialsBody } from '../../api/contract-types.ts';
import { setPlatformCredentials } from '../../api/platforms-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

type CredentialsKind = SetCredentialsBody['kind'];

interface CredentialsValues {
  kind: CredentialsKind;
  secret: string;
}

const FIELDS = ['kind', 'secret'] as const;

function bodyOf(values: CredentialsValues): SetCredentialsBody {
  return values.kind === 'password'
    ? { kind: 'password', password: values.secret }
    : { kind: 'application_credential', secret: values.secret };
}

/** The kind the connection settings call for: a username means password authentication. */
function kindFor(platform: Platform): CredentialsKind {
  if (platform.credentialsKind) return platform.credentialsKind;
  return platform.connection.applicationCredentialId && !platform.connection.username ? 'application_credential' : 'password';
}

interface PlatformCredentialsModalProps {
  platform: Platform | null;
  onClose: () => void;
  onSaved: (platform: Platform) => void;
}

/**
 * Sets the driver credentials of a platform. The server seals them (SM4) and never returns them: this
 * modal shows only whether credentials are set and when, and its secret field always starts empty.
 */
export function PlatformCredentialsModal({ platform, onClose, onSaved }: PlatformCredentialsModalProps) {
  const t = useT();
  const [form] = Form.useForm<CredentialsValues>();
  const submit = useFormSubmit(form, FIELDS);
  const kind = Form.useWatch('kind', form);
  const open = platform !== null;
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: CredentialsValues) => {
    if (!platform) return;
    const result = await submit.run(() => setPlatformCredentials(platform.id, bodyOf(values)));
    if (result.ok) onSaved(result.value);
  };

  return (
    <Modal
      open={open}
      title={platform ? t('platforms.credentials.title', { name: platform.name }) : null}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting }}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          clearOnDestroy
          initialValues={platform ? { kind: kindFor(platform) } : undefined}
          autoComplete="off"
        >
          {dom}
        </Form>
      )}
    >
      {platform ? (
        <>
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'status',
                label: t('platforms.credentials.status'),
                children: platform.hasCredentials ? (
                  <Tag color="green" data-testid="platform-credentials-status">
                    {t('platforms.credentials.configured')}
                  </Tag>
                ) : (
                  <Tag data-testid="platform-credentials-status">{t('platforms.credentials.notConfigured')}</Tag>
                ),
              },
              ...(platform.hasCredentials
                ? [
                    {
                      key: 'kind',
                      label: t('platforms.credentials.kind'),
                      children: platform.credentialsKind ? t(`platforms.credentials.kinds.${platform.credentialsKind}`) : t('common.none'),
                    },
                    {
                      key: 'updatedAt',
                      label: t('platforms.credentials.updatedAt'),
                      children: formatDateTime(platform.credentialsUpdatedAt),
                    },
                  ]
                : []),
            ]}
          />
          <Alert type="info" showIcon title={t('platforms.credentials.sealed')} style={{ marginBottom: 16 }} />
          {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
          <Form.Item name="kind" label={t('platforms.credentials.kind')}>
            <Radio.Group
              options={[
                { value: 'password', label: t('platforms.credentials.kinds.password') },
                { value: 'application_credential', label: t('platforms.credentials.kinds.application_credential') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="secret"
            label={kind === 'application_credential' ? t('platforms.credentials.secret') : t('platforms.credentials.password')}
            rules={[{ required: true, message: t('platforms.credentials.secretRequired') }, { max: 1024 }]}
            extra={platform.hasCredentials ? t('platforms.credentials.replaceHint') : undefined}
          >
            <Input.Password autoComplete="new-password" data-testid="platform-credentials-secret" />
          </Form.Item>
        </>
      ) : null}
    </Modal>
  );
}
