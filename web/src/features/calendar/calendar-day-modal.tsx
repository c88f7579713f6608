import { DatePicker, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect } from 'react';
import { setCalendarDay } from '../../api/calendar-api.ts';
import type { CalendarDay } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { calendarDateOf, dayOfPicked, type PickedDate } from '../../i18n/shanghai-time.ts';

interface DayValues {
  date?: PickedDate;
  isOffDay: boolean;
  name: string;
}

const FIELDS = ['date', 'isOffDay', 'name'] as const;

/** The day to edit, or `{ day: null }` to set a new one. */
export type DayEditing = { day: CalendarDay | null } | null;

interface CalendarDayModalProps {
  editing: DayEditing;
  onClose: () => void;
  onSaved: (date: string) => void;
}

/** Marks a day as a holiday (休) or a make-up working day (班), with its name. */
export function CalendarDayModal({ editing, onClose, onSaved }: CalendarDayModalProps) {
  const t = useT();
  const [form] = Form.useForm<DayValues>();
  const submit = useFormSubmit(form, FIELDS);
  const day = editing?.day ?? null;
  const open = editing !== null;
  const { clear } = submit;

  useEffect(() => {
    if (open) clear();
  }, [open, clear]);

  const onFinish = async (values: DayValues) => {
    const date = day ? day.date : values.date ? calendarDateOf(dayOfPicked(values.date)) : '';
    const result = await submit.run(() => setCalendarDay(date, { isOffDay: values.isOffDay, name: values.name.trim() }));
    if (result.ok) onSaved(date);
  };

  return (
    <Modal
      open={open}
      title={t('workCalendar.setDayTitle')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting }}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          clearOnDestroy
          initialValues={day ? { isOffDay: day.isOffDay, name: day.name } : { isOffDay: true }}
        >
          {dom}
        </Form>
      )}
    >
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      {day ? (
        <Form.Item label={t('workCalendar.dayFields.date')}>
          <Typography.Text strong>{day.date}</Typography.Text>
        </Form.Item>
      ) : (
        <Form.Item
          name="date"
          label={t('workCalendar.dayFields.date')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('workCalendar.dayFields.date') }) }]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="calendar-day-date" />
        </Form.Item>
      )}
      <Form.Item name="isOffDay" label={t('workCalendar.dayFields.kind')}>
        <Radio.Group
          options={[
            { value: true, label: t('workCalendar.offDayLong') },
            { value: false, label: t('workCalendar.workDayLong') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('workCalendar.dayFields.name')}
        rules={[
          { required: true, whitespace: true, message: t('common.required', { field: t('workCalendar.dayFields.name') }) },
          { max: 40, message: t('workCalendar.dayNameLength') },
        ]}
      >
        <Input maxLength={40} placeholder={t('workCalendar.dayNamePlaceholder')} data-testid="calendar-day-name" />
      </Form.Item>
    </Modal>
  );
}
