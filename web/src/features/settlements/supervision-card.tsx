import { Button, Card, Descriptions, Flex, Form, Input, Typography } from 'antd';
import { isApiError } from '../../api/client.ts';
import type { SettlementDetail } from '../../api/contract-types.ts';
import { setSupervisionBudget } from '../../api/settlements-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan, ratioToPercent } from '../../i18n/number-format.ts';
import { settlementRules } from './settlement-rules.ts';

const FIELDS = ['amount'] as const;

interface SupervisionCardProps {
  settlement: SettlementDetail;
  onChanged: (settlement: SettlementDetail) => void;
}

/**
 * 监管专项费用 (SJ-16): at most the profile's share of the settlement total. The cap is shown as the server
 * computed it; an amount above it is refused by the server, whose message stands on the field.
 */
export function SupervisionCard({ settlement, onChanged }: SupervisionCardProps) {
  const t = useT();
  const feedback = useFeedback();
  const [form] = Form.useForm<{ amount: string }>();
  const submit = useFormSubmit(form, FIELDS);
  const cap = settlement.supervisionCap;
  const percent = ratioToPercent(cap.ratio);
  // A refusal about the amount (over the cap) stands on the field; any other in an alert under the form.
  const onField = isApiError(submit.error) && (submit.error.detail.fields ?? []).length > submit.unplacedFields.length;

  const onFinish = async (values: { amount: string }) => {
    const result = await submit.run(() => setSupervisionBudget(settlement.id, values.amount.trim()));
    if (!result.ok) return;
    feedback.succeeded(t('settlements.supervision.saved'));
    onChanged(result.value);
  };

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>{t('settlements.supervision.title')}</span>
          {cap.article ? <ArticleTag article={cap.article} /> : null}
        </Flex>
      }
      data-testid="settlement-supervision"
    >
      <Typography.Paragraph type="secondary">{t('settlements.supervision.hint', { percent })}</Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'cap',
            label: t('settlements.supervision.cap'),
            children: (
              <Flex vertical>
                <Typography.Text strong data-testid="supervision-cap">
                  {formatYuan(cap.amount)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('settlements.supervision.capLine', { percent, total: formatYuan(settlement.total) })}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            key: 'current',
            label: t('settlements.supervision.current'),
            children: settlement.supervisionBudget === null ? t('settlements.supervision.notSet') : formatYuan(settlement.supervisionBudget),
          },
        ]}
      />
      {settlement.workflow.canSetSupervision ? (
        <Form form={form} layout="inline" onFinish={onFinish} initialValues={{ amount: settlement.supervisionBudget ?? '' }} style={{ marginTop: 12, rowGap: 8 }}>
          <Form.Item
            name="amount"
            label={t('settlements.supervision.amount')}
            rules={settlementRules(t).supervisionAmount}
          >
            <Input inputMode="decimal" prefix="¥" style={{ width: 200 }} data-testid="supervision-amount" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={submit.submitting} data-testid="supervision-save">
              {t('settlements.supervision.save')}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
      {submit.error && !onField ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginTop: 12 }} /> : null}
    </Card>
  );
}
