import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography } from 'antd';
import { Navigate, useSearchParams } from 'react-router';
import { login } from '../../api/auth-api.ts';
import { isApiError } from '../../api/client.ts';
import { useSession } from '../../auth/me-context.tsx';
import { safeRedirect } from '../../auth/redirect.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { AuthFrame } from './auth-frame.tsx';

interface LoginValues {
  username: string;
  password: string;
}

const FIELDS = ['username', 'password'] as const;

/** The time a locked account opens again, from the error's details (`lockedUntil`, ISO 8601). */
function lockedUntilOf(error: unknown): string | null {
  if (!isApiError(error, 'account_locked')) return null;
  const until = error.detail.details?.lockedUntil;
  return typeof until === 'string' ? until : null;
}

export function LoginPage() {
  const t = useT();
  const { state, signedIn } = useSession();
  const [params] = useSearchParams();
  const [form] = Form.useForm<LoginValues>();
  const submit = useFormSubmit(form, FIELDS);

  if (state.status === 'signed-in') return <Navigate to={safeRedirect(params.get('redirect'))} replace />;

  const onFinish = async (values: LoginValues) => {
    const result = await submit.run(() => login(values.username.trim(), values.password));
    if (result.ok) signedIn(result.value);
    else form.setFieldValue('password', '');
  };

  const lockedUntil = lockedUntilOf(submit.error);

  return (
    <AuthFrame title={t('auth.login.title')}>
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        {submit.error ? (
          <ApiErrorAlert
            error={submit.error}
            fields={submit.unplacedFields}
            style={{ marginBottom: 16 }}
            extra={lockedUntil ? t('auth.login.lockedUntil', { until: formatDateTime(lockedUntil) }) : undefined}
          />
        ) : null}
        <Form.Item
          name="username"
          label={t('auth.login.username')}
          rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.login.password')}
          rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" block loading={submit.submitting} data-testid="login-submit">
            {t('auth.login.submit')}
          </Button>
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12, textAlign: 'center' }}>
          {t('auth.login.footer')}
        </Typography.Paragraph>
      </Form>
    </AuthFrame>
  );
}
