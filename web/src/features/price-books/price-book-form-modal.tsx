import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { PRICE_BOOK_KINDS } from '../../api/contract-enums.ts';
import type { CreatePriceBookBody, PriceBook, PriceBookKind, UpdatePriceBookBody } from '../../api/contract-types.ts';
import { createPriceBook, updatePriceBook } from '../../api/price-books-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

interface PriceBookValues {
  kind: PriceBookKind;
  name: string;
  providerUnitId?: string;
  tenderReference?: string;
  description?: string;
}

/** The save button's test id (a data attribute, passed through to the button). */
const SUBMIT_TEST_ID = { 'data-testid': 'price-book-form-submit' };

const FIELDS = ['kind', 'name', 'providerUnitId', 'tenderReference', 'description'] as const;

function createBodyOf(values: PriceBookValues): CreatePriceBookBody {
  const description = values.description?.trim();
  const tender = values.kind === 'city_tender';
  return {
    kind: values.kind,
    name: values.name.trim(),
    ...(tender && values.providerUnitId ? { providerUnitId: values.providerUnitId } : {}),
    ...(tender && values.tenderReference?.trim() ? { tenderReference: values.tenderReference.trim() } : {}),
    ...(description ? { description } : {}),
  };
}

function updateBodyOf(values: PriceBookValues, book: PriceBook): UpdatePriceBookBody {
  const description = values.description?.trim();
  const reference = values.tenderReference?.trim();
  return {
    name: values.name.trim(),
    ...(book.kind === 'city_tender' && reference ? { tenderReference: reference } : {}),
    description: description || null,
  };
}

interface PriceBookFormProps {
  book: PriceBook | undefined;
  onClose: () => void;
  onSaved: (book: PriceBook) => void;
}

/** The form, mounted only while the modal is open so the providers are loaded only then. */
function PriceBookForm({ book, onClose, onSaved }: PriceBookFormProps) {
  const t = useT();
  const [form] = Form.useForm<PriceBookValues>();
  const submit = useFormSubmit(form, FIELDS);
  const kind = Form.useWatch('kind', form) ?? book?.kind;
  const providers = useUnitOptions({ type: 'provider', enabled: book === undefined });
  const tender = kind === 'city_tender';

  const onFinish = async (values: PriceBookValues) => {
    const result = await submit.run(() =>
      book ? updatePriceBook(book.id, updateBodyOf(values, book)) : createPriceBook(createBodyOf(values)),
    );
    if (result.ok) onSaved(result.value);
  };

  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });

  return (
    <Modal
      open
      title={book ? `${t('priceBooks.editTitle')} · ${book.name}` : t('priceBooks.createTitle')}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', loading: submit.submitting, ...SUBMIT_TEST_ID }}
      modalRender={(dom) => (
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          disabled={submit.submitting}
          initialValues={
            book
              ? {
                  kind: book.kind,
                  name: book.name,
                  ...(book.provider ? { providerUnitId: book.provider.id } : {}),
                  ...(book.tenderReference ? { tenderReference: book.tenderReference } : {}),
                  ...(book.description ? { description: book.description } : {}),
                }
              : { kind: 'city_tender' }
          }
          clearOnDestroy
        >
          {dom}
        </Form>
      )}
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('priceBooks.form.kindHint')} />
      {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
      {providers.error ? <ApiErrorAlert error={providers.error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="kind" label={t('priceBooks.fields.kind')}>
        <Radio.Group
          disabled={book !== undefined}
          optionType="button"
          options={PRICE_BOOK_KINDS.map((value) => ({ value, label: t(`estate.priceBookKinds.${value}`) }))}
          data-testid="price-book-kind"
        />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('priceBooks.fields.name')}
        rules={[required(t('priceBooks.fields.name')), { max: 100, message: t('priceBooks.form.nameLength') }]}
      >
        <Input maxLength={100} data-testid="price-book-name" />
      </Form.Item>
      {tender ? (
        <>
          <Form.Item
            name="providerUnitId"
            label={t('priceBooks.fields.provider')}
            extra={book ? undefined : t('priceBooks.form.providerHint')}
            rules={[{ required: true, message: t('common.requiredSelect', { field: t('priceBooks.fields.provider') }) }]}
          >
            {book ? (
              <Select disabled options={book.provider ? [{ value: book.provider.id, label: book.provider.name ?? book.provider.id }] : []} />
            ) : (
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={providers.loading}
                options={providers.options.filter((unit) => !unit.disabled)}
                data-testid="price-book-provider"
              />
            )}
          </Form.Item>
          <Form.Item
            name="tenderReference"
            label={t('priceBooks.fields.tenderReference')}
            rules={[required(t('priceBooks.fields.tenderReference')), { max: 200, message: t('priceBooks.form.tenderReferenceLength') }]}
          >
            <Input maxLength={200} data-testid="price-book-tender-reference" />
          </Form.Item>
        </>
      ) : null}
      <Form.Item
        name="description"
        label={t('priceBooks.fields.description')}
        rules={[{ max: 1000, message: t('priceBooks.form.descriptionLength') }]}
      >
        <Input.TextArea rows={3} maxLength={1000} showCount data-testid="price-book-description" />
      </Form.Item>
    </Modal>
  );
}

interface PriceBookFormModalProps {
  open: boolean;
  /** The book to edit; without it a new one is created. Its kind and provider are never changed. */
  book?: PriceBook | undefined;
  onClose: () => void;
  onSaved: (book: PriceBook) => void;
}

/**
 * Creates a price book — the district list, or a city tender list with its provider and tender
 * reference (SJ-10) — or edits its name, tender reference and description.
 */
export function PriceBookFormModal({ open, book, onClose, onSaved }: PriceBookFormModalProps) {
  return open ? <PriceBookForm book={book} onClose={onClose} onSaved={onSaved} /> : null;
}
