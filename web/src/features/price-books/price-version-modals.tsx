import { Checkbox, Flex, Form, Input, Modal, Typography } from 'antd';
import type { CorrectPriceBody, PriceVersion } from '../../api/contract-types.ts';
import { correctPrice, withdrawPrice } from '../../api/price-books-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { formatDate } from '../../i18n/shanghai-time.ts';

/** UnitPriceSchema: yuan with at most six decimal places, as text. */
const UNIT_PRICE_PATTERN = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Test ids of the modals' confirm buttons (data attributes, passed through to the buttons). */
const CORRECT_SUBMIT = { 'data-testid': 'price-correct-submit' };
const WITHDRAW_SUBMIT = { 'data-testid': 'price-withdraw-submit' };

interface CorrectValues {
  unitPrice: string;
  /** Beijing calendar dates, `YYYY-MM-DD`: the server reads one as 00:00 Beijing time. */
  effectiveFrom: string;
  effectiveTo?: string;
  openEnded: boolean;
  reason: string;
}

const CORRECT_FIELDS = ['unitPrice', 'effectiveFrom', 'effectiveTo', 'reason'] as const;
const WITHDRAW_FIELDS = ['reason'] as const;

/** Only what changed is sent, so an untouched start or end keeps its exact instant. */
function correctBodyOf(values: CorrectValues, version: PriceVersion): CorrectPriceBody | null {
  const unitPrice = values.unitPrice.trim();
  const from = values.effectiveFrom.trim();
  const to = values.openEnded ? null : (values.effectiveTo ?? '').trim() || null;
  const body: CorrectPriceBody = { reason: values.reason.trim() };
  if (unitPrice !== version.unitPrice) body.unitPrice = unitPrice;
  if (from !== formatDate(version.effectiveFrom, '')) body.effectiveFrom = from;
  if (to !== (version.effectiveTo ? formatDate(version.effectiveTo, '') : null)) body.effectiveTo = to;
  const changed = body.unitPrice !== undefined || body.effectiveFrom !== undefined || body.effectiveTo !== undefined;
  return changed ? body : null;
}

function VersionSummary({ version }: { version: PriceVersion }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <Flex vertical style={{ marginBottom: 12 }}>
      <Typography.Text style={{ fontFamily: 'monospace' }}>{version.item.code}</Typography.Text>
      <Typography.Text type="secondary">
        {lang === 'zh-CN' ? version.item.nameZh : version.item.nameEn} · {formatYuan(version.unitPrice)} /{' '}
        {unitOfMeasureLabel(t, version.item.unitOfMeasure)}
      </Typography.Text>
    </Flex>
  );
}

const reasonRules = (t: ReturnType<typeof useT>, field: string) => [
  { required: true, whitespace: true, message: t('common.required', { field }) },
  { min: 2, max: 500, message: t('priceBooks.add.reasonLength') },
];

interface VersionModalProps {
  version: PriceVersion;
  onClose: () => void;
  onDone: (version: PriceVersion) => void;
}

/** Corrects a version not yet in effect: its unit price, start or end, with the reason (PATCH /api/prices/:id). */
export function CorrectPriceModal({ version, onClose, onDone }: VersionModalProps) {
  const t = useT();
  const [form] = Form.useForm<CorrectValues>();
  const submit = useFormSubmit(form, CORRECT_FIELDS);
  const openEnded = Form.useWatch('openEnded', form);

  const onFinish = async (values: CorrectValues) => {
    const body = correctBodyOf(values, version);
    if (!body) {
      form.setFields([{ name: 'unitPrice', errors: [t('priceBooks.correct.nothingChanged')] }]);
      return;
    }
    const result = await submit.run(() => correctPrice(version.id, body));
    if (result.ok) onDone(result.value);
  };

  const dateRule = {
    validator: async (_rule: unknown, value: string | undefined) => {
      if (value && !DATE_PATTERN.test(value)) throw new Error(t('projects.validation.dateFormat'));
    },
  };

  return (
    <Modal
      open
      title={t('priceBooks.correct.title')}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...CORRECT_SUBMIT }}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          disabled={submit.submitting}
          initialValues={{
            unitPrice: version.unitPrice,
            effectiveFrom: formatDate(version.effectiveFrom, ''),
            ...(version.effectiveTo ? { effectiveTo: formatDate(version.effectiveTo, '') } : {}),
            openEnded: version.effectiveTo === null,
          }}
          clearOnDestroy
        >
          {dom}
        </Form>
      )}
    >
      <Typography.Paragraph type="secondary">{t('priceBooks.correct.hint')}</Typography.Paragraph>
      <VersionSummary version={version} />
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
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
        <Input inputMode="decimal" prefix="¥" suffix={`/ ${unitOfMeasureLabel(t, version.item.unitOfMeasure)}`} data-testid="price-correct-unit-price" />
      </Form.Item>
      <Flex gap={16} wrap>
        <Form.Item
          name="effectiveFrom"
          label={t('priceBooks.versions.effectiveFrom')}
          rules={[
            { required: true, message: t('common.requiredSelect', { field: t('priceBooks.versions.effectiveFrom') }) },
            dateRule,
          ]}
          style={{ flex: 1, minWidth: 200 }}
        >
          <Input type="date" data-testid="price-correct-effective-from" />
        </Form.Item>
        <Form.Item label={t('priceBooks.versions.effectiveTo')} style={{ flex: 1, minWidth: 200 }}>
          <Form.Item
            name="effectiveTo"
            noStyle
            rules={
              openEnded
                ? []
                : [{ required: true, message: t('common.requiredSelect', { field: t('priceBooks.versions.effectiveTo') }) }, dateRule]
            }
          >
            <Input type="date" disabled={openEnded} data-testid="price-correct-effective-to" />
          </Form.Item>
          <Form.Item name="openEnded" valuePropName="checked" noStyle>
            <Checkbox style={{ marginTop: 8 }} data-testid="price-correct-open-ended">
              {t('priceBooks.correct.openEnded')}
            </Checkbox>
          </Form.Item>
        </Form.Item>
      </Flex>
      <Form.Item name="reason" label={t('priceBooks.correct.reason')} rules={reasonRules(t, t('priceBooks.correct.reason'))}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('priceBooks.correct.reasonPlaceholder')} data-testid="price-correct-reason" />
      </Form.Item>
    </Modal>
  );
}

/** Withdraws a version not yet in effect, with the reason (POST /api/prices/:id/withdraw). */
export function WithdrawPriceModal({ version, onClose, onDone }: VersionModalProps) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const submit = useFormSubmit(form, WITHDRAW_FIELDS);

  const onFinish = async (values: { reason: string }) => {
    const result = await submit.run(() => withdrawPrice(version.id, { reason: values.reason.trim() }));
    if (result.ok) onDone(result.value);
  };

  return (
    <Modal
      open
      title={t('priceBooks.withdraw.title')}
      onCancel={onClose}
      destroyOnHidden
      width={560}
      okText={t('priceBooks.withdraw.button')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', danger: true, loading: submit.submitting, ...WITHDRAW_SUBMIT }}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} disabled={submit.submitting} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      <Typography.Paragraph type="secondary">{t('priceBooks.withdraw.hint')}</Typography.Paragraph>
      <VersionSummary version={version} />
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="reason" label={t('priceBooks.withdraw.reason')} rules={reasonRules(t, t('priceBooks.withdraw.reason'))}>
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('priceBooks.withdraw.reasonPlaceholder')} data-testid="price-withdraw-reason" />
      </Form.Item>
    </Modal>
  );
}
