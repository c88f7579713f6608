import { Alert, App, Button, Flex, Form, Input } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { changePassword } from '../../api/auth-api.ts';
import { useMe, useSession } from '../../auth/me-context.tsx';
import { safeRedirect } from '../../auth/redirect.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { AuthFrame } from './auth-frame.tsx';
import { PASSWORD_RULE_KEYS, passwordRuleViolations } from './password-rule.ts';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

export function ChangePasswordPage() {
  const t = useT();
  const { me, refresh } = useMe();
  const { logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ChangePasswordValues>();
  const submit = useFormSubmit(form, FIELDS);
  const forced = me.mustChangePassword;

  const onFinish = async (values: ChangePasswordValues) => {
    const result = await submit.run(() => changePassword(values.currentPassword, values.newPassword));
    if (!result.ok) return;
    void message.success(t('auth.changePassword.success'));
    // A lost session (some servers end all sessions on a password change) leads to the sign-in page.
    const fresh = await refresh();
    if (fresh) void navigate(safeRedirect(params.get('redirect')), { replace: true });
  };

  return (
    <AuthFrame title={t('auth.changePassword.title')}>
      <Flex vertical gap={16}>
        {forced ? <Alert type="warning" showIcon title={t('auth.changePassword.forced')} /> : null}
        <Alert
          type="info"
          title={t('auth.changePassword.ruleTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="password-rule">
              <li>{t('auth.changePassword.ruleLength')}</li>
              <li>{t('auth.changePassword.ruleClasses')}</li>
              <li>{t('auth.changePassword.ruleNoUsername')}</li>
            </ul>
          }
        />
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} /> : null}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="currentPassword"
            label={t('auth.changePassword.current')}
            rules={[{ required: true, message: t('auth.changePassword.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('auth.changePassword.next')}
            rules={[
              { required: true, message: t('auth.changePassword.nextRequired') },
              ...PASSWORD_RULE_KEYS.map((key) => ({
                validator: async (_rule: unknown, value: string | undefined) => {
                  if (value && passwordRuleViolations(value, me.username).includes(key)) throw new Error(t(key));
                },
              })),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('auth.changePassword.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('auth.changePassword.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) {
                    throw new Error(t('auth.changePassword.mismatch'));
                  }
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="confirm-password" />
          </Form.Item>
          <Flex gap={8}>
            <Button
              type="primary"
              htmlType="submit"
              loading={submit.submitting}
              style={{ flex: 1 }}
              data-testid="change-password-submit"
            >
              {t('auth.changePassword.submit')}
            </Button>
            {forced ? (
              <Button onClick={() => void logout()}>
                {t('header.logout')}
              </Button>
            ) : (
              <Button onClick={() => navigate(-1)}>{t('auth.changePassword.back')}</Button>
            )}
          </Flex>
        </Form>
      </Flex>
    </AuthFrame>
  );
}
