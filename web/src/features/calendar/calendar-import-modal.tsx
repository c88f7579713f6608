import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { importCalendarYear } from '../../api/calendar-api.ts';
import type { ImportYearBody } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { FilePickerButton } from '../../components/file-picker-button.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';

interface ImportValues {
  json: string;
}

const FIELDS = ['json'] as const;

/** The shape public holiday datasets use, e.g. 2027: {"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]} */
const FORMAT_EXAMPLE = '{"year":2027,"days":[{"name":"…","date":"2027-01-01","isOffDay":true}]}';

type Parsed = { ok: true; body: ImportYearBody } | { ok: false; message: string };

/**
 * Reads the pasted text only far enough to send it: valid JSON holding a year and a list of days. Each
 * day is checked by the server, which names the failing entries (e.g. `days.3.date`).
 */
function parseArrangement(text: string, t: Translate): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: t('workCalendar.import.invalidJson', { reason: error instanceof Error ? error.message : String(error) }) };
  }
  if (typeof value !== 'object' || value === null || !('year' in value) || !('days' in value) || !Array.isArray(value.days)) {
    return { ok: false, message: t('workCalendar.import.invalidShape') };
  }
  return { ok: true, body: value as ImportYearBody };
}

interface CalendarImportModalProps {
  open: boolean;
  onClose: () => void;
  onImported: (result: { year: number; imported: number }) => void;
}

/** Imports a year's holiday arrangement (pasted or from a file); it replaces the year and publishes it. */
export function CalendarImportModal({ open, onClose, onImported }: CalendarImportModalProps) {
  const t = useT();
  const [form] = Form.useForm<ImportValues>();
  const submit = useFormSubmit(form, FIELDS);
  const text = Form.useWatch('json', form) ?? '';
  const [readError, setReadError] = useState<string | null>(null);
  const { clear } = submit;

  useEffect(() => {
    if (open) {
      clear();
      setReadError(null);
    }
  }, [open, clear]);

  const parsed = text.trim() ? parseArrangement(text, t) : null;
  const preview =
    parsed?.ok === true
      ? t('workCalendar.import.preview', {
          year: String(parsed.body.year),
          holidays: parsed.body.days.filter((day) => day?.isOffDay === true).length,
          workdays: parsed.body.days.filter((day) => day?.isOffDay === false).length,
        })
      : null;

  const readFile = async (file: File) => {
    try {
      form.setFieldValue('json', await file.text());
      setReadError(null);
      void form.validateFields(['json']);
    } catch (error) {
      setReadError(error instanceof Error ? error.message : String(error));
    }
  };

  const onFinish = async (values: ImportValues) => {
    const result = parseArrangement(values.json, t);
    if (!result.ok) return;
    const outcome = await submit.run(() => importCalendarYear(result.body));
    if (outcome.ok) onImported(outcome.value);
  };

  return (
    <Modal
      open={open}
      title={t('workCalendar.import.title')}
      onCancel={onClose}
      destroyOnHidden
      width={720}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={submit.submitting} data-testid="calendar-import-submit">
            {t('workCalendar.import.submit')}
          </Button>
        </Flex>
      }
      modalRender={(dom) => (
        <Form form={form} layout="vertical" onFinish={onFinish} clearOnDestroy>
          {dom}
        </Form>
      )}
    >
      <Flex vertical gap={12}>
        <Alert
          type="info"
          showIcon
          title={t('workCalendar.import.hint')}
          description={
            <span>
              {t('workCalendar.import.format')}: <Typography.Text code>{FORMAT_EXAMPLE}</Typography.Text>
            </span>
          }
        />
        {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} /> : null}
        {readError ? <Alert type="error" showIcon title={readError} /> : null}
        <Flex justify="flex-end">
          <FilePickerButton accept=".json,application/json" onPick={readFile} inputTestId="calendar-import-file">
            {t('workCalendar.import.pickFile')}
          </FilePickerButton>
        </Flex>
        <Form.Item
          name="json"
          label={t('workCalendar.import.content')}
          extra={preview}
          rules={[
            { required: true, whitespace: true, message: t('workCalendar.import.required') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value?.trim()) return;
                const result = parseArrangement(value, t);
                if (!result.ok) throw new Error(result.message);
              },
            },
          ]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea rows={12} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="calendar-import-json" />
        </Form.Item>
      </Flex>
    </Modal>
  );
}
