import { CalculatorOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Descriptions, Flex, Form, InputNumber, Tag, Typography } from 'antd';
import { useState } from 'react';
import { computeDeadline } from '../../api/calendar-api.ts';
import type { Deadline } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { dayOfPicked, formatDateTime, type PickedDate, shanghaiInstant, weekdayOf } from '../../i18n/shanghai-time.ts';

interface DeadlineValues {
  from: PickedDate;
  workingDays: number;
}

const FIELDS = ['from', 'workingDays'] as const;

/** N working days after a moment, by the server's one deadline function (QP-9, QP-10, QP-11 count so). */
export function DeadlineCalculator() {
  const t = useT();
  const [form] = Form.useForm<DeadlineValues>();
  const submit = useFormSubmit(form, FIELDS);
  const [result, setResult] = useState<Deadline | null>(null);
  const weekdays = t('workCalendar.weekdays').split(',');

  const onFinish = async (values: DeadlineValues) => {
    const from = shanghaiInstant(dayOfPicked(values.from), values.from.hour(), values.from.minute());
    const outcome = await submit.run(() => computeDeadline(from, values.workingDays));
    setResult(outcome.ok ? outcome.value : null);
  };

  return (
    <Card size="small" title={t('workCalendar.deadline.title')} data-testid="deadline-calculator">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('workCalendar.deadline.hint')}</Typography.Text>
        <Form form={form} layout="inline" onFinish={onFinish} initialValues={{ workingDays: 7 }} style={{ rowGap: 12 }}>
          <Form.Item
            name="from"
            label={t('workCalendar.deadline.from')}
            rules={[{ required: true, message: t('workCalendar.deadline.fromRequired') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="deadline-from" />
          </Form.Item>
          <Form.Item
            name="workingDays"
            label={t('workCalendar.deadline.workingDays')}
            rules={[{ required: true, message: t('workCalendar.deadline.workingDaysRequired') }]}
          >
            <InputNumber min={1} max={250} precision={0} style={{ width: 100 }} data-testid="deadline-working-days" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<CalculatorOutlined />} loading={submit.submitting} data-testid="deadline-compute">
              {t('workCalendar.deadline.compute')}
            </Button>
          </Form.Item>
        </Form>
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} /> : null}
        {result ? (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 3 }}
            data-testid="deadline-result"
            items={[
              {
                key: 'dueDate',
                label: t('workCalendar.deadline.dueDate'),
                children: (
                  <Typography.Text strong>
                    {result.dueDate} {weekdays[weekdayOf(result.dueDate)]}
                  </Typography.Text>
                ),
              },
              { key: 'dueAt', label: t('workCalendar.deadline.dueAt'), children: formatDateTime(result.dueAt) },
              {
                key: 'status',
                label: t('workCalendar.columns.published'),
                children: result.provisional ? (
                  <Flex vertical gap={2} align="flex-start">
                    <Tag color="orange">{t('workCalendar.deadline.provisional')}</Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('workCalendar.deadline.provisionalHint', { years: result.unpublishedYears.join(t('common.listSeparator')) })}
                    </Typography.Text>
                  </Flex>
                ) : (
                  <Tag color="green">{t('workCalendar.deadline.final')}</Tag>
                ),
              },
            ]}
          />
        ) : null}
      </Flex>
    </Card>
  );
}
