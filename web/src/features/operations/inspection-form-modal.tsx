import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select, Typography } from 'antd';
import { INSPECTION_RESULTS } from '../../api/contract-enums.ts';
import type { CreateInspectionBody, InspectionReport, InspectionResult } from '../../api/contract-types.ts';
import { fileInspection } from '../../api/operations-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { DateField, todayDate } from '../../components/date-field.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

interface InspectionValues {
  platformId: string;
  inspectedOn: string;
  items: { name?: string; result?: InspectionResult; note?: string }[];
  summary?: string;
}

const FIELDS = ['platformId', 'inspectedOn', 'items', 'summary'] as const;

function InspectionForm({ onClose, onDone }: { onClose: () => void; onDone: (report: InspectionReport) => void }) {
  const t = useT();
  const { me } = useMe();
  const { platforms, loading } = usePlatforms();
  // A provider reports on the platforms it runs (SJ-19); the server refuses others on the field.
  const own = platforms.filter((platform) => platform.provider.id === me.unit.id);
  const defaults = t('operations.inspections.defaultItems')
    .split(',')
    .map((name) => ({ name, result: 'normal' as const }));
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const toBody = (values: InspectionValues): CreateInspectionBody => ({
    platformId: values.platformId,
    inspectedOn: values.inspectedOn,
    items: values.items.map((item) => ({ name: item.name?.trim() ?? '', result: item.result ?? 'normal', ...(item.note?.trim() ? { note: item.note.trim() } : {}) })),
    ...(values.summary?.trim() ? { summary: values.summary.trim() } : {}),
  });
  return (
    <FormModal<InspectionValues, InspectionReport>
      width={760}
      title={t('operations.inspections.create')}
      okText={t('common.submit')}
      testId="inspection"
      fields={FIELDS}
      initialValues={{ inspectedOn: todayDate(), items: defaults, platformId: own.length === 1 ? own[0]?.id : undefined }}
      onSubmit={(values) => fileInspection(toBody(values))}
      onClose={onClose}
      onDone={onDone}
    >
      <Flex gap={16} wrap>
        <Form.Item
          name="platformId"
          label={t('operations.inspections.platform')}
          extra={t('operations.inspections.platformHint')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('operations.inspections.platform') }) }]}
          style={{ flex: 2, minWidth: 240 }}
        >
          <Select loading={loading} options={own.map((platform) => ({ value: platform.id, label: platform.name }))} data-testid="inspection-platform" />
        </Form.Item>
        <DateField name="inspectedOn" label={t('operations.inspections.inspectedOn')} required max={todayDate()} testId="inspection-date" style={{ flex: 1, minWidth: 160 }} />
      </Flex>
      <Typography.Text strong>{t('operations.inspections.items')}</Typography.Text>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <Flex vertical style={{ marginTop: 8 }}>
            {fields.map((field) => (
              <Flex key={field.key} gap={8} align="baseline">
                <Form.Item name={[field.name, 'name']} style={{ flex: 2 }} rules={required(t('operations.inspections.itemName'))}>
                  <Input maxLength={100} placeholder={t('operations.inspections.itemName')} data-testid={`inspection-item-name-${field.name}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'result']} style={{ width: 110 }}>
                  <Select options={INSPECTION_RESULTS.map((value) => ({ value, label: t(`operations.inspections.results.${value}`) }))} data-testid={`inspection-item-result-${field.name}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'note']} style={{ flex: 3 }}>
                  <Input maxLength={1000} placeholder={t('operations.inspections.note')} data-testid={`inspection-item-note-${field.name}`} />
                </Form.Item>
                {fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} /> : null}
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ result: 'normal' })}>
              {t('operations.inspections.addItem')}
            </Button>
          </Flex>
        )}
      </Form.List>
      <Form.Item name="summary" label={t('operations.inspections.summary')} style={{ marginTop: 16 }}>
        <Input.TextArea rows={2} maxLength={4000} data-testid="inspection-summary" />
      </Form.Item>
    </FormModal>
  );
}

/** 提交巡检报告: a provider's daily report of one platform it runs, item by item (SJ-19). */
export function InspectionFormModal({ open, ...props }: { open: boolean; onClose: () => void; onDone: (report: InspectionReport) => void }) {
  return open ? <InspectionForm {...props} /> : null;
}
