import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { type Lang, type Translate, useLang, useT } from '../i18n/i18n-provider.tsx';
import { describeError, type FieldErrorView } from './describe-error.ts';

type NamePath = (string | number)[];

/**
 * Where a field error of the API (`path`, dotted, e.g. `creditCode` or `body.roles.0`) belongs in the
 * form: from the first segment that names one of the form's fields.
 */
function namePathOf(path: string, fieldNames: readonly string[]): NamePath | null {
  const segments = path.split('.').filter(Boolean);
  const start = segments.findIndex((segment) => fieldNames.includes(segment));
  if (start < 0) return null;
  return segments.slice(start).map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** Puts the API's field errors onto the form's fields; returns those that fit no field. */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  fieldNames: readonly string[],
  view: { lang: Lang; t: Translate },
): FieldErrorView[] {
  const { fields } = describeError(error, view.lang, view.t);
  const unplaced: FieldErrorView[] = [];
  const placed = new Map<string, { name: NamePath; errors: string[] }>();
  for (const field of fields) {
    const name = namePathOf(field.path, fieldNames);
    if (!name) {
      unplaced.push(field);
      continue;
    }
    const key = name.join('.');
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(field.message);
    placed.set(key, entry);
  }
  if (placed.size > 0) form.setFields([...placed.values()]);
  return unplaced;
}

export type SubmitResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs a form's API call: tracks submitting, maps field errors onto the form, keeps the rest for an Alert. */
export function useFormSubmit(form: FormInstance, fieldNames: readonly string[]) {
  const t = useT();
  const { lang } = useLang();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplacedFields, setUnplacedFields] = useState<FieldErrorView[]>([]);

  const run = useCallback(
    async <T>(action: () => Promise<T>): Promise<SubmitResult<T>> => {
      setSubmitting(true);
      setError(null);
      setUnplacedFields([]);
      // The previous answer's field errors stop applying; the client rules have just passed.
      form.setFields(fieldNames.map((name) => ({ name, errors: [] })));
      try {
        const value = await action();
        return { ok: true, value };
      } catch (caught) {
        setUnplacedFields(applyFieldErrors(form, caught, fieldNames, { lang, t }));
        setError(caught);
        return { ok: false, error: caught };
      } finally {
        setSubmitting(false);
      }
    },
    [form, fieldNames, lang, t],
  );

  const clear = useCallback(() => {
    setError(null);
    setUnplacedFields([]);
  }, []);

  return { submitting, error, unplacedFields, run, clear };
}
