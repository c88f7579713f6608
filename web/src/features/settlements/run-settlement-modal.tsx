import { Alert, Flex, Form, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { fetchPolicyOnce } from '../../api/policy-api.ts';
import { runSettlement } from '../../api/settlements-api.ts';
import type { SettlementDetail } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { isApiError } from '../../api/client.ts';
import { Loading } from '../../components/loading.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { shanghaiMonth } from '../../i18n/shanghai-time.ts';
import { type SettlementPeriodRule, settlementPeriodRuleOf, settlementPeriods } from './settlement-period.ts';

const FIELDS = ['firstMonth'] as const;

interface RunFormProps {
  onClose: () => void;
  onDone: (settlement: SettlementDetail) => void;
}

/** Where the period comes from: the profile's rule in its own words, with its article (SJ-15) when it has one. */
function PeriodNote({ rule }: { rule: SettlementPeriodRule }) {
  const t = useT();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="settlement-period-note"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{t('settlements.run.periodNote', { period: rule.display })}</span>
          {rule.article ? <ArticleTag article={rule.article} /> : null}
        </Flex>
      }
      description={rule.article ? undefined : t('settlements.run.periodNoArticle')}
    />
  );
}

function RunForm({ rule, onClose, onDone }: RunFormProps & { rule: SettlementPeriodRule }) {
  const t = useT();
  const [form] = Form.useForm<{ firstMonth: string }>();
  const submit = useFormSubmit(form, FIELDS);
  const periods = useMemo(() => settlementPeriods(rule, shanghaiMonth()), [rule]);
  // The latest period that has ended is the one settled; the one in progress is offered for a preview.
  const initial = periods.find((period) => !period.current) ?? periods[0];
  const options = periods.map((period) => ({
    value: period.firstMonth,
    label: t(period.current ? 'settlements.run.current' : 'settlements.run.span', { first: period.firstMonth, last: period.lastMonth }),
  }));

  const onFinish = async (values: { firstMonth: string }) => {
    const result = await submit.run(() => runSettlement(values.firstMonth));
    if (result.ok) onDone(result.value);
  };

  return (
    <Modal
      open
      title={t('settlements.run.title')}
      onCancel={onClose}
      width={560}
      okText={t('settlements.run.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...({ 'data-testid': 'settlement-run-submit' } as object) }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ firstMonth: initial?.firstMonth }} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      <Flex vertical gap={16}>
        {submit.error ? (
          <ApiErrorAlert
            error={submit.error}
            fields={submit.unplacedFields}
            extra={isApiError(submit.error, 'settlement_months_unconfirmed') ? <Link to="/billing/statements">{t('settlements.run.goToMonths')}</Link> : undefined}
          />
        ) : null}
        <PeriodNote rule={rule} />
        <Form.Item
          name="firstMonth"
          label={t('settlements.run.firstMonth')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('settlements.run.firstMonth') }) }]}
          style={{ marginBottom: 0 }}
        >
          <Select options={options} data-testid="settlement-first-month" />
        </Form.Item>
        <Typography.Text type="secondary">{t('settlements.run.note')}</Typography.Text>
      </Flex>
    </Modal>
  );
}

/** The form once the policy profile is known: the periods to choose from follow its `settlement.period`. */
function RunSettlementDialog({ onClose, onDone }: RunFormProps) {
  const t = useT();
  const policy = useAsync(fetchPolicyOnce);
  const rule = settlementPeriodRuleOf(policy.data);
  if (rule) return <RunForm rule={rule} onClose={onClose} onDone={onDone} />;
  return (
    <Modal open title={t('settlements.run.title')} onCancel={onClose} footer={null}>
      {policy.error ? <ApiErrorAlert error={policy.error} /> : null}
      {policy.loading ? <Loading /> : null}
      {policy.data ? <Alert type="error" showIcon title={t('settlements.run.policyMissing')} /> : null}
    </Modal>
  );
}

/**
 * 生成结算方案: runs (or re-runs) the settlement of a period chosen among those the district's policy
 * profile defines (松江 SJ-15: 7月1日 – 6月30日), summing its confirmed months. The refusal while months
 * are unconfirmed names them.
 */
export function RunSettlementModal({ open, ...props }: RunFormProps & { open: boolean }) {
  return open ? <RunSettlementDialog {...props} /> : null;
}
