import { Form, Input, Modal, Select, Typography } from 'antd';
import type { EvaluationDetail, EvaluationIndicator } from '../../api/contract-types.ts';
import { adjustEvaluation } from '../../api/evaluation-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { evaluationRules } from './evaluation-rules.ts';

interface AdjustValues {
  unitId: string;
  indicator: EvaluationIndicator;
  points: string;
  reason: string;
}

const FIELDS = ['unitId', 'indicator', 'points', 'reason'] as const;

interface AdjustScoreFormProps {
  evaluation: EvaluationDetail;
  /** The unit of the row the dialog was opened from, if any. */
  unitId?: string | undefined;
  onClose: () => void;
  onDone: (evaluation: EvaluationDetail) => void;
}

function AdjustScoreForm({ evaluation, unitId, onClose, onDone }: AdjustScoreFormProps) {
  const t = useT();
  const [form] = Form.useForm<AdjustValues>();
  const submit = useFormSubmit(form, FIELDS);
  const rules = evaluationRules(t);
  const units = evaluation.results.map((result) => ({ value: result.unit.id, label: result.unit.name }));
  const indicators = evaluation.model.indicators.map((entry) => ({
    value: entry.indicator,
    label: `${t(`evaluation.indicators.${entry.indicator}`)}（${entry.weight}）`,
  }));

  const onFinish = async (values: AdjustValues) => {
    const body = { unitId: values.unitId, indicator: values.indicator, points: values.points.trim(), reason: values.reason.trim() };
    const result = await submit.run(() => adjustEvaluation(evaluation.year, body));
    if (result.ok) onDone(result.value);
  };

  return (
    <Modal
      open
      title={t('evaluation.adjustments.dialogTitle', { year: evaluation.year })}
      onCancel={onClose}
      width={600}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...({ 'data-testid': 'evaluation-adjust-submit' } as object) }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={unitId ? { unitId } : {}} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      <Typography.Paragraph type="secondary">{t('evaluation.adjustments.hint')}</Typography.Paragraph>
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="unitId" label={t('evaluation.adjustments.unit')} rules={rules.unit}>
        <Select showSearch={{ optionFilterProp: 'label' }} options={units} data-testid="evaluation-adjust-unit" />
      </Form.Item>
      <Form.Item name="indicator" label={t('evaluation.adjustments.indicator')} rules={rules.indicator}>
        <Select options={indicators} data-testid="evaluation-adjust-indicator" />
      </Form.Item>
      <Form.Item name="points" label={t('evaluation.adjustments.points')} rules={rules.points}>
        <Input inputMode="decimal" placeholder={t('evaluation.adjustments.pointsPlaceholder')} data-testid="evaluation-adjust-points" />
      </Form.Item>
      <Form.Item name="reason" label={t('evaluation.adjustments.reason')} rules={rules.reason}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('evaluation.adjustments.reasonPlaceholder')} data-testid="evaluation-adjust-reason" />
      </Form.Item>
    </Modal>
  );
}

/**
 * 调整得分: the operator's signed change of one unit's indicator score, with its reason (audited), while
 * the year is a draft; the score stays within the indicator's points (QP-24).
 */
export function AdjustScoreModal({ open, ...props }: AdjustScoreFormProps & { open: boolean }) {
  return open ? <AdjustScoreForm {...props} /> : null;
}
