import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select, Typography } from 'antd';
import { ASSESSMENT_RESULTS } from '../../api/contract-enums.ts';
import type { Assessment, CreateAssessmentBody, MlpsStatus, RecordMlpsBody, RectificationItem } from '../../api/contract-types.ts';
import { createAssessment, recordMlps, updateRectification } from '../../api/security-api.ts';
import { DateField, todayDate } from '../../components/date-field.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { mlpsLevelLabel } from '../../components/mlps-level-tag.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

/** Levels offered; the server refuses one above what the cloud hosts (QP-5, QP-7) with its article. */
const LEVELS = [1, 2, 3, 4, 5];

interface MlpsValues {
  mlpsLevel: number;
  gradedOn: string;
  filingNumber?: string;
  filedOn?: string;
  filingAuthority?: string;
}

const MLPS_FIELDS = ['mlpsLevel', 'gradedOn', 'filingNumber', 'filedOn', 'filingAuthority'] as const;

function MlpsForm({ systemId, status, onClose, onDone }: { systemId: string; status: MlpsStatus; onClose: () => void; onDone: (status: MlpsStatus) => void }) {
  const t = useT();
  const toBody = (values: MlpsValues): RecordMlpsBody => ({
    mlpsLevel: values.mlpsLevel,
    gradedOn: values.gradedOn,
    filingNumber: values.filingNumber?.trim() || null,
    filedOn: values.filedOn || null,
    filingAuthority: values.filingAuthority?.trim() || null,
  });
  return (
    <FormModal<MlpsValues, MlpsStatus>
      title={t('securityRecord.mlps.record')}
      okText={t('common.save')}
      testId="mlps"
      fields={MLPS_FIELDS}
      initialValues={{
        mlpsLevel: status.mlpsLevel,
        gradedOn: status.gradedOn ?? undefined,
        filingNumber: status.filingNumber ?? undefined,
        filedOn: status.filedOn ?? undefined,
        filingAuthority: status.filingAuthority ?? undefined,
      }}
      onSubmit={(values) => recordMlps(systemId, toBody(values))}
      onClose={onClose}
      onDone={onDone}
    >
      <Flex gap={16} wrap>
        <Form.Item name="mlpsLevel" label={t('securityRecord.mlps.level')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 160 }}>
          <Select options={LEVELS.map((level) => ({ value: level, label: mlpsLevelLabel(t, level) }))} data-testid="mlps-level" />
        </Form.Item>
        <DateField name="gradedOn" label={t('securityRecord.mlps.gradedOn')} required max={todayDate()} testId="mlps-graded-on" style={{ flex: 1, minWidth: 160 }} />
      </Flex>
      <Typography.Paragraph type="secondary">{t('securityRecord.mlps.filingHint')}</Typography.Paragraph>
      <Flex gap={16} wrap>
        <Form.Item name="filingNumber" label={t('securityRecord.mlps.filingNumber')} style={{ flex: 1, minWidth: 160 }}>
          <Input maxLength={60} data-testid="mlps-filing-number" />
        </Form.Item>
        <DateField name="filedOn" label={t('securityRecord.mlps.filedOn')} max={todayDate()} testId="mlps-filed-on" style={{ flex: 1, minWidth: 160 }} />
      </Flex>
      <Form.Item name="filingAuthority" label={t('securityRecord.mlps.filingAuthority')}>
        <Input maxLength={100} data-testid="mlps-filing-authority" />
      </Form.Item>
    </FormModal>
  );
}

/** 登记定级备案: the level, grading date and, from level 2, the filing (QP-22, SJ-18). */
export function MlpsModal({ open, ...props }: { open: boolean; systemId: string; status: MlpsStatus; onClose: () => void; onDone: (status: MlpsStatus) => void }) {
  return open ? <MlpsForm {...props} /> : null;
}

interface AssessmentValues {
  assessedOn: string;
  assessor: string;
  result: Assessment['result'];
  score?: string;
  findings?: string;
  rectifications?: { description?: string; dueOn?: string }[];
}

const ASSESSMENT_FIELDS = ['assessedOn', 'assessor', 'result', 'score', 'findings', 'rectifications'] as const;

function AssessmentForm({ systemId, onClose, onDone }: { systemId: string; onClose: () => void; onDone: (assessment: Assessment) => void }) {
  const t = useT();
  const toBody = (values: AssessmentValues): CreateAssessmentBody => ({
    assessedOn: values.assessedOn,
    assessor: values.assessor.trim(),
    result: values.result,
    ...(values.score?.trim() ? { score: values.score.trim() } : {}),
    ...(values.findings?.trim() ? { findings: values.findings.trim() } : {}),
    rectifications: (values.rectifications ?? [])
      .filter((item) => item.description?.trim())
      .map((item) => ({ description: item.description!.trim(), ...(item.dueOn ? { dueOn: item.dueOn } : {}) })),
  });
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <FormModal<AssessmentValues, Assessment>
      width={720}
      title={t('securityRecord.assessments.create')}
      okText={t('common.save')}
      testId="assessment"
      fields={ASSESSMENT_FIELDS}
      initialValues={{ assessedOn: todayDate(), result: 'pass', rectifications: [] }}
      onSubmit={(values) => createAssessment(systemId, toBody(values))}
      onClose={onClose}
      onDone={onDone}
    >
      <Flex gap={16} wrap>
        <DateField name="assessedOn" label={t('securityRecord.assessments.assessedOn')} required max={todayDate()} testId="assessment-date" style={{ flex: 1, minWidth: 160 }} />
        <Form.Item name="assessor" label={t('securityRecord.assessments.assessor')} rules={required(t('securityRecord.assessments.assessor'))} style={{ flex: 2, minWidth: 240 }}>
          <Input maxLength={100} data-testid="assessment-assessor" />
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap>
        <Form.Item name="result" label={t('securityRecord.assessments.result')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 160 }}>
          <Select options={ASSESSMENT_RESULTS.map((value) => ({ value, label: t(`securityRecord.assessments.results.${value}`) }))} data-testid="assessment-result" />
        </Form.Item>
        <Form.Item name="score" label={t('securityRecord.assessments.score')} extra={t('securityRecord.assessments.scoreHint')} style={{ flex: 1, minWidth: 160 }}>
          <Input inputMode="decimal" maxLength={6} data-testid="assessment-score" />
        </Form.Item>
      </Flex>
      <Form.Item name="findings" label={t('securityRecord.assessments.findings')}>
        <Input.TextArea rows={3} maxLength={4000} showCount data-testid="assessment-findings" />
      </Form.Item>
      <Typography.Text strong>{t('securityRecord.assessments.rectifications')}</Typography.Text>
      <Form.List name="rectifications">
        {(fields, { add, remove }) => (
          <Flex vertical gap={0} style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline">
                <Form.Item name={[field.name, 'description']} style={{ flex: 3 }} rules={required(t('securityRecord.assessments.description'))}>
                  <Input maxLength={1000} placeholder={t('securityRecord.assessments.description')} data-testid={`assessment-rectification-${field.name}`} />
                </Form.Item>
                <DateField name={[field.name, 'dueOn']} label={null} style={{ flex: 1 }} />
                <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="assessment-add-rectification">
              {t('securityRecord.assessments.addRectification')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </FormModal>
  );
}

/** 登记测评: an assessment at the system's current level, with the rectification items it requires. */
export function AssessmentModal({ open, ...props }: { open: boolean; systemId: string; onClose: () => void; onDone: (assessment: Assessment) => void }) {
  return open ? <AssessmentForm {...props} /> : null;
}

const DONE_FIELDS = ['doneOn', 'note'] as const;

function RectificationDoneForm({ item, onClose, onDone }: { item: RectificationItem; onClose: () => void; onDone: (item: RectificationItem) => void }) {
  const t = useT();
  return (
    <FormModal<{ doneOn: string; note?: string }, RectificationItem>
      title={t('securityRecord.assessments.markDoneTitle', { description: item.description })}
      okText={t('common.confirm')}
      testId="rectification-done"
      fields={DONE_FIELDS}
      initialValues={{ doneOn: todayDate() }}
      onSubmit={(values) => updateRectification(item.id, { status: 'done', doneOn: values.doneOn, ...(values.note?.trim() ? { note: values.note.trim() } : {}) })}
      onClose={onClose}
      onDone={onDone}
    >
      <DateField name="doneOn" label={t('securityRecord.assessments.doneOn')} required max={todayDate()} testId="rectification-done-on" />
      <Form.Item name="note" label={t('securityRecord.goLive.note')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </FormModal>
  );
}

/** Marks a rectification item done on a day. */
export function RectificationDoneModal({ item, ...props }: { item: RectificationItem | null; onClose: () => void; onDone: (item: RectificationItem) => void }) {
  return item ? <RectificationDoneForm item={item} {...props} /> : null;
}
