import { Form, Input, Modal, Typography } from 'antd';
import type { EvaluationRectification, EvaluationUnitResult } from '../../api/contract-types.ts';
import { issueRectification } from '../../api/evaluation-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { todayDate } from '../../components/date-field.tsx';
import { requiredSelectRule } from '../../components/form-rules.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { addCalendarDays } from '../../i18n/shanghai-time.ts';
import { evaluationRules } from './evaluation-rules.ts';

interface IssueValues {
  requirement: string;
  dueOn: string;
}

const FIELDS = ['requirement', 'dueOn'] as const;
/** A month to rectify unless the authority sets otherwise. */
const DEFAULT_DAYS = 30;

interface IssueFormProps {
  year: number;
  result: EvaluationUnitResult;
  onClose: () => void;
  onDone: (requirement: EvaluationRectification) => void;
}

function IssueForm({ year, result, onClose, onDone }: IssueFormProps) {
  const t = useT();
  const [form] = Form.useForm<IssueValues>();
  const submit = useFormSubmit(form, FIELDS);
  const rules = evaluationRules(t);
  const tomorrow = addCalendarDays(todayDate(), 1);

  const onFinish = async (values: IssueValues) => {
    const body = { unitId: result.unit.id, requirement: values.requirement.trim(), dueOn: values.dueOn };
    const answer = await submit.run(() => issueRectification(year, body));
    if (answer.ok) onDone(answer.value);
  };

  return (
    <Modal
      open
      title={t('evaluation.issue.title', { unit: result.unit.name })}
      onCancel={onClose}
      width={600}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...({ 'data-testid': 'evaluation-issue-submit' } as object) }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ dueOn: addCalendarDays(todayDate(), DEFAULT_DAYS) }} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      <Typography.Paragraph type="secondary">{t('evaluation.issue.hint', { year })}</Typography.Paragraph>
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="requirement" label={t('evaluation.issue.requirement')} rules={rules.requirement}>
        <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('evaluation.issue.requirementPlaceholder')} data-testid="evaluation-issue-requirement" />
      </Form.Item>
      <Form.Item
        name="dueOn"
        label={t('evaluation.issue.dueOn')}
        rules={[
          requiredSelectRule(t, t('evaluation.issue.dueOn')),
          // The server takes a due date after today (ISO dates compare as text).
          {
            validator: async (_rule, value: string | undefined) => {
              if (value && value < tomorrow) throw new Error(t('evaluation.issue.dueAfterToday'));
            },
          },
        ]}
      >
        <Input type="date" min={tomorrow} data-testid="evaluation-issue-due" />
      </Form.Item>
    </Modal>
  );
}

/** 下达整改要求: the authority's requirement to a unit of a published year, with a due date (QP-25). */
export function IssueRequirementModal({ result, ...props }: Omit<IssueFormProps, 'result'> & { result: EvaluationUnitResult | null }) {
  return result ? <IssueForm result={result} {...props} /> : null;
}
