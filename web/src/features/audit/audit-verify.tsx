import { SafetyOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { type ReactNode, useState } from 'react';
import { verifyAuditChain } from '../../api/audit-api.ts';
import type { AuditVerification } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

type VerifyState =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'done'; result: AuditVerification }
  | { status: 'failed'; error: unknown };

/** The “verify chain” button and its outcome: intact, or the first record where the hash chain breaks. */
export function useAuditVerify() {
  const t = useT();
  const [state, setState] = useState<VerifyState>({ status: 'idle' });

  const run = async () => {
    setState({ status: 'running' });
    try {
      setState({ status: 'done', result: await verifyAuditChain() });
    } catch (error) {
      setState({ status: 'failed', error });
    }
  };

  const button = (
    <Button icon={<SafetyOutlined />} loading={state.status === 'running'} onClick={run} data-testid="audit-verify">
      {t('audit.verify')}
    </Button>
  );

  let outcome: ReactNode = null;
  if (state.status === 'failed') outcome = <ApiErrorAlert error={state.error} />;
  if (state.status === 'done') {
    const { result } = state;
    outcome = result.ok ? (
      <Alert
        type="success"
        showIcon
        closable
        data-testid="audit-verify-result"
        title={t('audit.verifyOk', { checked: result.checked })}
      />
    ) : (
      <Alert
        type="error"
        showIcon
        closable
        data-testid="audit-verify-result"
        title={t('audit.verifyBroken', { seq: result.firstBrokenSeq ?? t('common.none'), checked: result.checked })}
        description={result.reason ? t('audit.verifyReason', { reason: result.reason }) : undefined}
      />
    );
  }
  return { button, outcome };
}
