import { Alert, Flex, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import type { CompleteWorkOrderBody, ResourceKind, WorkOrder } from '../../api/contract-types.ts';
import { completeWorkOrder, getResource } from '../../api/resources-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';

interface CompleteValues {
  providerReference?: string;
  addresses?: string;
  vcpus?: number;
  memoryGiB?: number;
  diskGiB?: number;
  sizeGiB?: number;
  note?: string;
}

const FIELDS = ['providerReference', 'addresses', 'vcpus', 'memoryGiB', 'diskGiB', 'sizeGiB', 'note'] as const;

type ShapeField = 'vcpus' | 'memoryGiB' | 'diskGiB' | 'sizeGiB';

/** The shape an order that delivers one (create, resize) records, with the contract's bounds (CompleteWorkOrderBodySchema). */
const SHAPE_FIELDS: Record<ResourceKind, readonly (readonly [ShapeField, number])[]> = {
  server: [
    ['vcpus', 256],
    ['memoryGiB', 4096],
    ['diskGiB', 65536],
  ],
  volume: [['sizeGiB', 65536]],
};

/** `10.0.0.1, 10.0.0.2` or one a line → the addresses, blanks dropped. */
function addressesOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,，;；]+/)
    .map((address) => address.trim())
    .filter(Boolean);
}

function addressRules(t: Translate) {
  return [
    {
      validator: async (_rule: unknown, value: string | undefined) => {
        const addresses = addressesOf(value);
        if (addresses.length > 16) throw new Error(t('workOrders.validation.tooManyAddresses'));
        if (addresses.some((address) => address.length < 3 || address.length > 64)) throw new Error(t('workOrders.validation.address'));
      },
    },
  ];
}

function bodyOf(order: WorkOrder, values: CompleteValues): CompleteWorkOrderBody {
  const note = values.note?.trim();
  const shape: Partial<Record<ShapeField, number>> = {};
  for (const [field] of SHAPE_FIELDS[order.resourceKind]) {
    const value = values[field];
    if (typeof value === 'number') shape[field] = value;
  }
  return {
    providerReference: (values.providerReference ?? '').trim(),
    addresses: addressesOf(values.addresses),
    ...shape,
    ...(note ? { note } : {}),
  };
}

interface CompleteWorkOrderModalProps {
  order: WorkOrder | null;
  onClose: () => void;
  onDone: (number: string) => void;
}

/**
 * 办结: the provider's engineer records what was done — the resource's identifier on the provider's side,
 * its addresses and, for a create or resize, the shape delivered (prefilled from the order; a shortfall is
 * refused by the server on the field it concerns).
 */
export function CompleteWorkOrderModal({ order, onClose, onDone }: CompleteWorkOrderModalProps) {
  const t = useT();
  const [form] = Form.useForm<CompleteValues>();
  const submit = useFormSubmit(form, FIELDS);
  // The resource as recorded: a stop, start or reclaim names the identifier it already has.
  const loadResource = useCallback(() => (order ? getResource(order.resourceId) : Promise.resolve(null)), [order]);
  const resource = useAsync(loadResource);
  const delivers = order !== null && (order.action === 'create' || order.action === 'resize');

  useEffect(() => {
    const recorded = resource.data;
    if (!recorded || recorded.id !== order?.resourceId || form.getFieldValue('providerReference')) return;
    form.setFieldsValue({ providerReference: recorded.providerId ?? undefined, addresses: recorded.addresses.join('\n') || undefined });
  }, [resource.data, order, form]);

  const onFinish = async (values: CompleteValues) => {
    if (!order) return;
    const result = await submit.run(() => completeWorkOrder(order.id, bodyOf(order, values)));
    if (result.ok) onDone(result.value.number);
  };

  const number = (name: ShapeField, max: number) => (
    <Form.Item
      key={name}
      name={name}
      label={t(`workOrders.complete.${name}`)}
      rules={[{ type: 'number', min: 1, max, message: t('applications.validation.numberRange', { field: t(`workOrders.complete.${name}`), max }) }]}
      style={{ flex: 1, minWidth: 120 }}
    >
      <InputNumber min={1} max={max} precision={0} style={{ width: '100%' }} data-testid={`work-order-${name}`} />
    </Form.Item>
  );

  return (
    <Modal
      open={order !== null}
      title={order ? t('workOrders.complete.title', { number: order.number }) : undefined}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: submit.submitting, ...({ 'data-testid': 'work-order-complete-submit' } as object) }}
      onOk={() => form.submit()}
    >
      {order ? (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          initialValues={{ ...order.spec }}
          clearOnDestroy
          preserve={false}
          data-testid="work-order-complete-form"
        >
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('workOrders.complete.intro', { action: t(`workOrders.actions.${order.action}`), resource: order.resourceName, unit: order.unit.name })}
          />
          {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
          {resource.error ? <ApiErrorAlert error={resource.error} style={{ marginBottom: 16 }} /> : null}
          <Form.Item
            name="providerReference"
            label={t('workOrders.complete.providerReference')}
            extra={t('workOrders.complete.providerReferenceHint')}
            rules={[
              { required: true, whitespace: true, message: t('common.required', { field: t('workOrders.complete.providerReference') }) },
              { max: 200, message: t('applications.validation.tooLong', { field: t('workOrders.complete.providerReference'), max: 200 }) },
            ]}
          >
            <Input maxLength={200} style={{ fontFamily: 'monospace' }} data-testid="work-order-provider-reference" />
          </Form.Item>
          <Form.Item name="addresses" label={t('workOrders.complete.addresses')} extra={t('workOrders.complete.addressesHint')} rules={addressRules(t)}>
            <Input.TextArea rows={2} style={{ fontFamily: 'monospace' }} data-testid="work-order-addresses" />
          </Form.Item>
          {delivers ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {t('workOrders.complete.specHint')}
              </Typography.Paragraph>
              <Flex gap={12} wrap>
                {SHAPE_FIELDS[order.resourceKind].map(([name, max]) => number(name, max))}
              </Flex>
            </>
          ) : null}
          <Form.Item
            name="note"
            label={t('workOrders.complete.note')}
            rules={[{ max: 1000, message: t('applications.validation.tooLong', { field: t('workOrders.complete.note'), max: 1000 }) }]}
          >
            <Input.TextArea rows={2} maxLength={1000} showCount data-testid="work-order-note" />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
