import { Form, Input } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useT } from '../i18n/i18n-provider.tsx';
import { calendarDateOf, shanghaiToday } from '../i18n/shanghai-time.ts';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Beijing as the API writes a date, `2026-03-05`: the default of a day something happened. */
export function todayDate(): string {
  return calendarDateOf(shanghaiToday());
}

interface DateFieldProps {
  name: string | (string | number)[];
  label: ReactNode;
  required?: boolean;
  /** The latest day offered (e.g. today for something that has happened); none by default. */
  max?: string;
  extra?: ReactNode;
  testId?: string;
  style?: CSSProperties;
}

/**
 * A calendar date in a form, held as `YYYY-MM-DD` — the string the API takes — through the browser's own
 * date input, so no date library is needed and no time zone is involved.
 */
export function DateField({ name, label, required = false, max, extra, testId, style }: DateFieldProps) {
  const t = useT();
  const field = typeof label === 'string' ? label : '';
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      style={style}
      rules={[
        ...(required ? [{ required: true, message: t('common.requiredSelect', { field }) }] : []),
        {
          validator: async (_rule, value: string | undefined) => {
            if (value && !DATE_PATTERN.test(value)) throw new Error(t('projects.validation.dateFormat'));
          },
        },
      ]}
    >
      <Input type="date" max={max} data-testid={testId} />
    </Form.Item>
  );
}
