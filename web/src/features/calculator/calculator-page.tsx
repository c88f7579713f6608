import { CalculatorOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Select,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { estimateCost } from '../../api/catalog-api.ts';
import type { Estimate, EstimateBody } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { EstimatePriceBook, EstimateTable } from '../../components/estimate-table.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useCatalogItems } from '../../components/use-catalog-items.ts';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { calendarDateOf, dayOfPicked, formatMoment, type PickedDate } from '../../i18n/shanghai-time.ts';

interface LineValues {
  itemId?: string;
  quantity?: string;
  months?: number;
}

interface CalculatorValues {
  platformId: string;
  at?: PickedDate;
  lines: LineValues[];
}

const FIELDS = ['platformId', 'at', 'lines'] as const;

/** EstimateQuantitySchema: more than zero, at most six decimal places, as text. */
const QUANTITY_PATTERN = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

function bodyOf(values: CalculatorValues): EstimateBody {
  return {
    platformId: values.platformId,
    // A bare date: the prices in effect at 00:00 Beijing time that day.
    ...(values.at ? { at: calendarDateOf(dayOfPicked(values.at)) } : {}),
    lines: values.lines.map((line) => ({
      itemId: line.itemId ?? '',
      quantity: (line.quantity ?? '').trim(),
      months: line.months ?? 1,
    })),
  };
}

/**
 * 费用测算: what catalog items would cost on a platform, priced by the book that applies to it (district
 * prices, or the city provider's tender prices, SJ-10) at one date. Every amount is the server's: unit
 * price × quantity × months rounded to the fen per line, the total the sum of the lines.
 */
export function CalculatorPage() {
  const t = useT();
  const { lang } = useLang();
  const [form] = Form.useForm<CalculatorValues>();
  const submit = useFormSubmit(form, FIELDS);
  const { platforms, loading: platformsLoading, error: platformsError } = usePlatforms();
  const catalog = useCatalogItems();
  const platformId = Form.useWatch('platformId', form);
  const lines = Form.useWatch('lines', form);
  const [estimate, setEstimate] = useState<Estimate | null>(null);

  // The items the chosen platform offers.
  const itemOptions = useMemo(
    () =>
      catalog.items
        .filter((item) => !platformId || item.platforms.some((platform) => platform.id === platformId))
        .map((item) => ({ value: item.id, label: `${item.code} · ${lang === 'zh-CN' ? item.nameZh : item.nameEn}` })),
    [catalog.items, platformId, lang],
  );

  const onFinish = async (values: CalculatorValues) => {
    const result = await submit.run(() => estimateCost(bodyOf(values)));
    setEstimate(result.ok ? result.value : null);
  };

  const enabledPlatforms = platforms.filter((platform) => !platform.disabled);

  return (
    <PageContainer title={t('calculator.title')} subtitle={t('calculator.subtitle')}>
      {platformsError ? <ApiErrorAlert error={platformsError} /> : null}
      {catalog.error ? <ApiErrorAlert error={catalog.error} /> : null}
      <Card size="small" title={t('calculator.inputTitle')}>
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          disabled={submit.submitting}
          initialValues={{ lines: [{ months: 12 }] }}
          onValuesChange={(changed: Partial<CalculatorValues>) => {
            if (changed.platformId) setEstimate(null);
          }}
        >
          {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
          <Flex gap={16} wrap>
            <Form.Item
              name="platformId"
              label={t('calculator.platform')}
              rules={[{ required: true, message: t('common.requiredSelect', { field: t('calculator.platform') }) }]}
              style={{ flex: 2, minWidth: 280 }}
            >
              <Select
                loading={platformsLoading}
                data-testid="calculator-platform"
                options={enabledPlatforms.map((platform) => ({
                  value: platform.id,
                  label: `${platform.name} · ${t(`estate.levels.${platform.level}`)}`,
                }))}
              />
            </Form.Item>
            <Form.Item name="at" label={t('calculator.at')} extra={t('calculator.atHint')} style={{ flex: 1, minWidth: 200 }}>
              <DatePicker style={{ width: '100%' }} data-testid="calculator-at" />
            </Form.Item>
          </Flex>
          <Form.List
            name="lines"
            rules={[
              {
                validator: async (_rule, value: LineValues[] | undefined) => {
                  if (!value || value.length === 0) throw new Error(t('calculator.linesRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Flex vertical gap={0}>
                {fields.map((field, index) => {
                  const item = catalog.items.find((candidate) => candidate.id === lines?.[index]?.itemId);
                  return (
                    <Flex key={field.key} gap={12} align="flex-start" wrap>
                      <Form.Item
                        name={[field.name, 'itemId']}
                        label={index === 0 ? t('calculator.columns.item') : undefined}
                        rules={[{ required: true, message: t('common.requiredSelect', { field: t('calculator.columns.item') }) }]}
                        style={{ flex: 3, minWidth: 280 }}
                      >
                        <Select
                          showSearch={{ optionFilterProp: 'label' }}
                          loading={catalog.loading}
                          disabled={!platformId}
                          placeholder={platformId ? undefined : t('calculator.choosePlatformFirst')}
                          options={itemOptions}
                          data-testid={`calculator-item-${index}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'quantity']}
                        label={index === 0 ? t('calculator.columns.quantity') : undefined}
                        rules={[
                          { required: true, whitespace: true, message: t('common.required', { field: t('calculator.columns.quantity') }) },
                          {
                            validator: async (_rule, value: string | undefined) => {
                              const text = (value ?? '').trim();
                              if (text && (!QUANTITY_PATTERN.test(text) || !/[1-9]/.test(text))) {
                                throw new Error(t('calculator.quantityFormat'));
                              }
                            },
                          },
                        ]}
                        style={{ flex: 1, minWidth: 160 }}
                      >
                        <Input
                          inputMode="decimal"
                          suffix={item ? unitOfMeasureLabel(t, item.unitOfMeasure) : undefined}
                          data-testid={`calculator-quantity-${index}`}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'months']}
                        label={index === 0 ? t('calculator.columns.months') : undefined}
                        rules={[{ required: true, message: t('common.required', { field: t('calculator.columns.months') }) }]}
                        style={{ width: 120 }}
                      >
                        <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} data-testid={`calculator-months-${index}`} />
                      </Form.Item>
                      <Form.Item label={index === 0 ? ' ' : undefined}>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          aria-label={t('calculator.removeLine')}
                          onClick={() => remove(field.name)}
                        />
                      </Form.Item>
                    </Flex>
                  );
                })}
                <Form.ErrorList errors={errors} />
                <Flex gap={8} wrap>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ months: 12 })} data-testid="calculator-add-line">
                    {t('calculator.addLine')}
                  </Button>
                  <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={submit.submitting} data-testid="calculator-submit">
                    {t('calculator.compute')}
                  </Button>
                </Flex>
              </Flex>
            )}
          </Form.List>
        </Form>
      </Card>
      <Card size="small" title={t('calculator.resultTitle')} data-testid="calculator-result">
        {submit.submitting && !estimate ? (
          <Loading />
        ) : estimate ? (
          <Flex vertical gap={12}>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 3 }}
              items={[
                {
                  key: 'platform',
                  label: t('calculator.platform'),
                  children: (
                    <Flex gap={6} wrap>
                      <span>{estimate.platform.name}</span>
                      <Tag>{t(`estate.levels.${estimate.platform.level}`)}</Tag>
                    </Flex>
                  ),
                },
                {
                  key: 'book',
                  label: t('calculator.priceBook'),
                  children: <EstimatePriceBook estimate={estimate} />,
                },
                { key: 'at', label: t('calculator.pricedAt'), children: formatMoment(estimate.at) },
              ]}
            />
            <EstimateTable estimate={estimate} variant="calculator" totalTestId="calculator-total" />
            <Alert type="info" showIcon title={t('calculator.roundingNote')} />
          </Flex>
        ) : (
          <Empty description={t('calculator.empty')} />
        )}
      </Card>
    </PageContainer>
  );
}
