import { Alert, Flex, Form, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { rateBillingMonth } from '../../api/billing-api.ts';
import type { BillingMonth, MonthResult } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { errorDetail } from '../../components/describe-error.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { addMonths, shanghaiMonth } from '../../i18n/shanghai-time.ts';

const FIELDS = ['month'] as const;
/** How far back a month can be chosen: two years covers a settlement period and its stragglers. */
const MONTHS_OFFERED = 24;

interface Unpriced {
  platform: string;
  code: string;
}

/** The usage without a price in force that made the server refuse (`usage_unpriced`, details.unpriced). */
function unpricedOf(error: unknown): Unpriced[] {
  const list = errorDetail(error, 'usage_unpriced', 'unpriced');
  if (!Array.isArray(list)) return [];
  return list.filter((entry): entry is Unpriced => typeof entry?.platform === 'string' && typeof entry?.code === 'string');
}

function UnpricedList({ unpriced }: { unpriced: Unpriced[] }) {
  const t = useT();
  return (
    <Flex vertical gap={4} data-testid="billing-unpriced">
      <span>{t('billing.rate.unpricedTitle')}</span>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {unpriced.map((entry) => (
          <li key={`${entry.platform}:${entry.code}`}>
            {entry.platform} · <Typography.Text code>{entry.code}</Typography.Text>
          </li>
        ))}
      </ul>
      <span>
        {t('billing.rate.unpricedHint')} <Link to="/price-books">{t('billing.rate.goToPriceBooks')}</Link>
      </span>
    </Flex>
  );
}

interface RateMonthFormProps {
  /** The month to rate again; the user chooses one when absent. */
  month: string | undefined;
  months: BillingMonth[];
  onClose: () => void;
  onDone: (result: MonthResult) => void;
}

function RateMonthForm({ month, months, onClose, onDone }: RateMonthFormProps) {
  const t = useT();
  const [form] = Form.useForm<{ month: string }>();
  const submit = useFormSubmit(form, FIELDS);
  const current = shanghaiMonth();
  const chosen = Form.useWatch('month', form) ?? month ?? current;
  const options = useMemo(() => {
    const statuses = new Map(months.map((m) => [m.month, m.status]));
    const offered = Array.from({ length: MONTHS_OFFERED }, (_, index) => addMonths(current, -index));
    if (month && !offered.includes(month)) offered.push(month);
    return offered.map((value) => {
      const status = statuses.get(value);
      let label = value === current ? t('billing.rate.thisMonth', { month: value }) : value;
      if (status === 'draft') label = t('billing.rate.draft', { month: label });
      if (status === 'confirmed') label = t('billing.rate.confirmed', { month: value });
      return { value, label, disabled: status === 'confirmed' };
    });
  }, [months, month, current, t]);
  const unpriced = unpricedOf(submit.error);

  const onFinish = async (values: { month: string }) => {
    const result = await submit.run(() => rateBillingMonth(values.month));
    if (result.ok) onDone(result.value);
  };

  return (
    <Modal
      open
      title={month ? t('billing.rate.rerateTitle', { month }) : t('billing.rate.title')}
      onCancel={onClose}
      width={560}
      okText={t('billing.rate.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...({ 'data-testid': 'billing-rate-submit' } as object) }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ month: month ?? current }} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      {submit.error ? (
        <ApiErrorAlert
          error={submit.error}
          fields={submit.unplacedFields}
          extra={unpriced.length > 0 ? <UnpricedList unpriced={unpriced} /> : undefined}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      <Typography.Paragraph type="secondary">{t('billing.rate.note')}</Typography.Paragraph>
      <Form.Item name="month" label={t('billing.rate.month')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('billing.rate.month') }) }]}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={options} disabled={month !== undefined} data-testid="billing-rate-month" />
      </Form.Item>
      {chosen === current ? <Alert type="warning" showIcon title={t('billing.rate.currentNote')} /> : null}
    </Modal>
  );
}

interface RateMonthModalProps extends RateMonthFormProps {
  open: boolean;
}

/**
 * 生成账单 / 重新计费: rates a month into draft statements (SJ-15), replacing its earlier draft. The
 * server's refusal is shown in the dialog — for usage without a price in force, which platform and item.
 */
export function RateMonthModal({ open, ...props }: RateMonthModalProps) {
  return open ? <RateMonthForm {...props} /> : null;
}

