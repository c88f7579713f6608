import { DatePicker, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo } from 'react';
import type { AddedPrice, AddPriceBody } from '../../api/contract-types.ts';
import { addPriceVersion } from '../../api/price-books-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useCatalogItems } from '../../components/use-catalog-items.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { calendarDateOf, dayOfPicked, type PickedDate } from '../../i18n/shanghai-time.ts';

interface AddPriceValues {
  itemId: string;
  unitPrice: string;
  effectiveFrom: PickedDate;
  effectiveTo?: PickedDate;
  reason: string;
}

const FIELDS = ['itemId', 'unitPrice', 'effectiveFrom', 'effectiveTo', 'reason'] as const;

/** UnitPriceSchema: yuan with at most six decimal places, as text. */
const UNIT_PRICE_PATTERN = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

/** A picked day is sent as a bare date: the server reads it as 00:00 Beijing time. */
const dateOf = (value: PickedDate) => calendarDateOf(dayOfPicked(value));

function bodyOf(values: AddPriceValues): AddPriceBody {
  return {
    itemId: values.itemId,
    unitPrice: values.unitPrice.trim(),
    effectiveFrom: dateOf(values.effectiveFrom),
    ...(values.effectiveTo ? { effectiveTo: dateOf(values.effectiveTo) } : {}),
    reason: values.reason.trim(),
  };
}

interface AddPriceFormProps {
  bookId: string;
  onAdded: (added: AddedPrice) => void;
  onClose: () => void;
}

/** The form, mounted only while the modal is open so the catalog is loaded only then. */
function AddPriceForm({ bookId, onAdded, onClose }: AddPriceFormProps) {
  const t = useT();
  const { lang } = useLang();
  const [form] = Form.useForm<AddPriceValues>();
  const submit = useFormSubmit(form, FIELDS);
  const catalog = useCatalogItems();
  const itemId = Form.useWatch('itemId', form);
  const item = catalog.items.find((candidate) => candidate.id === itemId);
  const options = useMemo(
    () =>
      catalog.items.map((candidate) => ({
        value: candidate.id,
        label: `${candidate.code} · ${lang === 'zh-CN' ? candidate.nameZh : candidate.nameEn}`,
      })),
    [catalog.items, lang],
  );

  const onFinish = async (values: AddPriceValues) => {
    const result = await submit.run(() => addPriceVersion(bookId, bodyOf(values)));
    if (result.ok) onAdded(result.value);
  };

  return (
    <Modal
      open
      title={t('priceBooks.add.title')}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      <Typography.Paragraph type="secondary">{t('priceBooks.add.hint')}</Typography.Paragraph>
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      {catalog.error ? <ApiErrorAlert error={catalog.error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="itemId"
        label={t('priceBooks.versions.item')}
        rules={[{ required: true, message: t('common.requiredSelect', { field: t('priceBooks.versions.item') }) }]}
      >
        <Select showSearch={{ optionFilterProp: 'label' }} loading={catalog.loading} options={options} />
      </Form.Item>
      <Form.Item
        name="unitPrice"
        label={t('priceBooks.versions.unitPrice')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('priceBooks.versions.unitPrice') }) },
          {
            validator: async (_rule, value: string | undefined) => {
              const text = (value ?? '').trim();
              if (text && !UNIT_PRICE_PATTERN.test(text)) throw new Error(t('priceBooks.add.unitPriceFormat'));
            },
          },
        ]}
      >
        <Input inputMode="decimal" prefix="¥" suffix={item ? `/ ${unitOfMeasureLabel(t, item.unitOfMeasure)}` : undefined} />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="effectiveFrom"
          label={t('priceBooks.versions.effectiveFrom')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('priceBooks.versions.effectiveFrom') }) }]}
          style={{ flex: 1, minWidth: 200 }}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="effectiveTo"
          label={t('priceBooks.versions.effectiveTo')}
          extra={t('priceBooks.add.effectiveToHint')}
          style={{ flex: 1, minWidth: 200 }}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Flex>
      <Form.Item
        name="reason"
        label={t('priceBooks.versions.reason')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('priceBooks.versions.reason') }) },
          { min: 2, max: 500, message: t('priceBooks.add.reasonLength') },
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('priceBooks.add.reasonPlaceholder')} />
      </Form.Item>
    </Modal>
  );
}

interface AddPriceModalProps {
  open: boolean;
  bookId: string;
  onClose: () => void;
  onAdded: (added: AddedPrice) => void;
}

/**
 * Adds a price version (调价) with its reason. A version starting after an open-ended one ends that one at
 * its start; overlaps and retroactive changes are refused by the server, which says with which version.
 */
export function AddPriceModal({ open, bookId, onClose, onAdded }: AddPriceModalProps) {
  return open ? <AddPriceForm bookId={bookId} onAdded={onAdded} onClose={onClose} /> : null;
}
