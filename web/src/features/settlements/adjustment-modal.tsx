import { Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import type { AdjustmentBody, SettlementDetail } from '../../api/contract-types.ts';
import { addAdjustment } from '../../api/settlements-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { settlementRules } from './settlement-rules.ts';

interface AdjustmentValues {
  providerUnitId: string;
  unitId: string;
  systemId?: string;
  amount: string;
  reason: string;
}

const FIELDS = ['providerUnitId', 'unitId', 'systemId', 'amount', 'reason'] as const;

function bodyOf(values: AdjustmentValues): AdjustmentBody {
  return {
    providerUnitId: values.providerUnitId,
    unitId: values.unitId,
    ...(values.systemId ? { systemId: values.systemId } : {}),
    amount: values.amount.trim(),
    reason: values.reason.trim(),
  };
}

interface AdjustmentFormProps {
  settlement: SettlementDetail;
  onClose: () => void;
  onDone: (settlement: SettlementDetail) => void;
}

/** The parties are those of the settlement: its cloud operators, its units and their systems. */
function AdjustmentForm({ settlement, onClose, onDone }: AdjustmentFormProps) {
  const t = useT();
  const [form] = Form.useForm<AdjustmentValues>();
  const submit = useFormSubmit(form, FIELDS);
  const unitId = Form.useWatch('unitId', form);
  const providers = settlement.byOperator.map((row) => ({ value: row.provider.id, label: row.provider.name }));
  const units = settlement.byUnit.map((row) => ({ value: row.unit.id, label: row.unit.name }));
  const systems = useMemo(() => {
    const seen = new Map<string, string>();
    for (const row of settlement.bySystem) if (row.system && row.unit.id === unitId) seen.set(row.system.id, row.system.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [settlement.bySystem, unitId]);
  const rules = settlementRules(t);

  const onFinish = async (values: AdjustmentValues) => {
    const result = await submit.run(() => addAdjustment(settlement.id, bodyOf(values)));
    if (result.ok) onDone(result.value);
  };

  return (
    <Modal
      open
      title={t('settlements.adjustment.title')}
      onCancel={onClose}
      width={600}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...({ 'data-testid': 'adjustment-submit' } as object) }}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          onValuesChange={(changed: Partial<AdjustmentValues>) => {
            if ('unitId' in changed) form.setFieldValue('systemId', undefined);
          }}
          clearOnDestroy
        >
          {dom}
        </Form>
      )}
    >
      <Typography.Paragraph type="secondary">{t('settlements.adjustment.hint')}</Typography.Paragraph>
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="providerUnitId" label={t('settlements.adjustment.provider')} rules={rules.provider}>
        <Select options={providers} data-testid="adjustment-provider" />
      </Form.Item>
      <Form.Item name="unitId" label={t('settlements.adjustment.unit')} rules={rules.unit}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={units} data-testid="adjustment-unit" />
      </Form.Item>
      <Form.Item name="systemId" label={t('settlements.adjustment.system')} extra={t('settlements.adjustment.systemHint')}>
        <Select allowClear options={systems} disabled={!unitId} data-testid="adjustment-system" />
      </Form.Item>
      <Form.Item
        name="amount"
        label={t('settlements.adjustment.amount')}
        rules={rules.adjustmentAmount}
      >
        <Input inputMode="decimal" prefix="¥" placeholder={t('settlements.adjustment.amountPlaceholder')} data-testid="adjustment-amount" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('settlements.adjustment.reason')}
        rules={rules.reason}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount placeholder={t('settlements.adjustment.reasonPlaceholder')} data-testid="adjustment-reason" />
      </Form.Item>
    </Modal>
  );
}

/**
 * 新增调整: the third-party auditor's correction of a unit's amount with a cloud operator (SJ-15), signed
 * and with its reason — a record beside the statements, never an edit of them.
 */
export function AdjustmentModal({ open, ...props }: AdjustmentFormProps & { open: boolean }) {
  return open ? <AdjustmentForm {...props} /> : null;
}
