import { Flex, Form, Input, Select, Typography } from 'antd';
import { useCallback } from 'react';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import { FAULT_SEVERITIES } from '../../api/contract-enums.ts';
import type { CreateFaultBody, FaultSeverity, FaultTicket } from '../../api/contract-types.ts';
import { raiseFault } from '../../api/operations-api.ts';
import { listSystems } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { FormModal } from '../../components/form-modal.tsx';
import { useAsync } from '../../components/use-async.ts';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

interface FaultValues {
  platformId: string;
  unitId?: string;
  systemId?: string;
  severity: FaultSeverity;
  title: string;
  description: string;
}

const FIELDS = ['platformId', 'unitId', 'systemId', 'severity', 'title', 'description'] as const;

function FaultForm({ onClose, onDone }: { onClose: () => void; onDone: (ticket: FaultTicket) => void }) {
  const t = useT();
  const { me } = useMe();
  const [form] = Form.useForm<FaultValues>();
  const { platforms, loading } = usePlatforms();
  // A provider reports faults of its own platforms, for no unit; a unit for itself; the operator for any unit.
  const provider = me.unit.type === 'provider';
  const districtWide = me.scope === 'all';
  const offered = provider ? platforms.filter((platform) => platform.provider.id === me.unit.id) : platforms;
  const units = useUnitOptions({ type: 'user_unit', enabled: districtWide && !provider });
  const unitId = Form.useWatch('unitId', form);
  const systemsUnit = provider ? undefined : districtWide ? unitId : me.unit.id;
  const systems = useAsync(useCallback(() => (systemsUnit ? listSystems({ unitId: systemsUnit }, 1, MAX_PAGE_SIZE) : Promise.resolve(null)), [systemsUnit]));
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const toBody = (values: FaultValues): CreateFaultBody => ({
    platformId: values.platformId,
    severity: values.severity,
    title: values.title.trim(),
    description: values.description.trim(),
    ...(values.unitId ? { unitId: values.unitId } : {}),
    ...(values.systemId ? { systemId: values.systemId } : {}),
  });
  return (
    <FormModal<FaultValues, FaultTicket>
      width={640}
      title={t('operations.faults.create')}
      okText={t('common.submit')}
      testId="fault"
      fields={FIELDS}
      form={form}
      initialValues={{ severity: 'major' }}
      onValuesChange={(changed) => {
        if ('unitId' in changed) form.setFieldValue('systemId', undefined);
      }}
      onSubmit={(values) => raiseFault(toBody(values))}
      onClose={onClose}
      onDone={onDone}
    >
      <Typography.Paragraph type="secondary">{t('operations.faults.deadlineHint')}</Typography.Paragraph>
      <Flex gap={16} wrap>
        <Form.Item
          name="platformId"
          label={t('operations.faults.platform')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('operations.faults.platform') }) }]}
          style={{ flex: 2, minWidth: 240 }}
        >
          <Select loading={loading} options={offered.map((platform) => ({ value: platform.id, label: platform.name }))} data-testid="fault-platform" />
        </Form.Item>
        <Form.Item name="severity" label={t('operations.faults.severity')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 140 }}>
          <Select options={FAULT_SEVERITIES.map((value) => ({ value, label: t(`operations.faults.severities.${value}`) }))} data-testid="fault-severity" />
        </Form.Item>
      </Flex>
      {districtWide && !provider ? (
        <Form.Item name="unitId" label={t('operations.faults.unit')} extra={t('operations.faults.unitHint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={units.options} loading={units.loading} data-testid="fault-unit" />
        </Form.Item>
      ) : null}
      {provider ? null : (
        <Form.Item name="systemId" label={t('operations.faults.system')} extra={t('operations.faults.systemHint')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!systemsUnit}
            loading={systems.loading}
            options={(systems.data?.items ?? []).map((system) => ({ value: system.id, label: system.name }))}
            data-testid="fault-system"
          />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('operations.faults.name')} rules={required(t('operations.faults.name'))}>
        <Input maxLength={200} data-testid="fault-title" />
      </Form.Item>
      <Form.Item name="description" label={t('operations.faults.description')} rules={required(t('operations.faults.description'))}>
        <Input.TextArea rows={3} maxLength={4000} showCount data-testid="fault-description" />
      </Form.Item>
    </FormModal>
  );
}

/** 报告故障 (QP-16, SJ-19): the deadlines follow from the severity when it is raised. */
export function FaultFormModal({ open, ...props }: { open: boolean; onClose: () => void; onDone: (ticket: FaultTicket) => void }) {
  return open ? <FaultForm {...props} /> : null;
}
