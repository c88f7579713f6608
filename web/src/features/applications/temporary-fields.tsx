import { Alert, Descriptions, Form, type FormInstance, InputNumber, Select, Tag } from 'antd';
import { useCallback } from 'react';
import { getApplication, listApplications } from '../../api/applications-api.ts';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import type { ApplicationDetail } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDate } from '../../i18n/shanghai-time.ts';
import { numberOf, parameterOf } from './application-kinds.ts';
import { applicationRules } from './application-rules.ts';
import { ServersField } from './provisioning-fields.tsx';
import {
  type ApplicationFormValues,
  type FormContext,
  LinesField,
  offeredOn,
  PlatformField,
  SystemField,
  TextAreaField,
} from './form-controls.tsx';

/** The contract's own bound of a term in months, while the profile is loading. */
const CONTRACT_MAX_MONTHS = 120;

interface TemporaryFieldsProps {
  form: FormInstance<ApplicationFormValues>;
  context: FormContext;
}

/**
 * 临时资源 (QP-12): no project approval needed; each line runs for a term of at most the profile's
 * `temporary.maxMonths`, counted from provisioning; the authority reviews it.
 */
export function TemporaryFields({ form, context }: TemporaryFieldsProps) {
  const t = useT();
  const platformId = Form.useWatch('platformId', form);
  const maxMonths = numberOf(context.policy, 'temporary.maxMonths') ?? CONTRACT_MAX_MONTHS;
  return (
    <>
      <PlatformField
        platforms={context.platforms}
        loading={context.platformsLoading}
        onChange={() => form.setFieldsValue({ lines: [{ months: maxMonths }] })}
      />
      <SystemField context={context} required={false} extra={t('applications.form.temporarySystemHint')} />
      <TextAreaField name="purpose" label={t('applications.fields.purpose')} max={1000} testId="application-purpose" placeholder={t('applications.form.purposePlaceholder')} />
      <LinesField
        items={context.items.filter((item) => offeredOn(item, platformId))}
        loading={context.itemsLoading}
        disabled={!platformId}
        disabledHint={t('applications.form.choosePlatformFirst')}
        months={{ max: maxMonths }}
      />
      <ServersField />
    </>
  );
}

/** The expiry and the latest day to ask for an extension (QP-12: the lead days before expiry). */
function ExpiryOf({ detail, leadDays }: { detail: ApplicationDetail; leadDays: number | undefined }) {
  const t = useT();
  if (!detail.expiresAt) return <Alert type="warning" showIcon title={t('applications.form.notProvisionedYet')} style={{ marginBottom: 16 }} />;
  // The same instant arithmetic as the server: the expiry less the lead days, shown as a Beijing date.
  const latest = leadDays === undefined ? null : new Date(Date.parse(detail.expiresAt) - leadDays * 86_400_000);
  const late = latest !== null && Date.now() > latest.getTime();
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      style={{ marginBottom: 16 }}
      data-testid="extension-expiry"
      items={[
        { key: 'expires', label: t('applications.fields.expiresAt'), children: formatDate(detail.expiresAt) },
        {
          key: 'latest',
          label: t('applications.form.latestExtension'),
          children: latest ? (
            <span>
              {formatDate(latest.toISOString())}{' '}
              {late ? <Tag color="red">{t('applications.form.tooLate')}</Tag> : null}
            </span>
          ) : (
            t('common.none')
          ),
        },
      ]}
    />
  );
}

/** 临时资源延期 (QP-12): an approved temporary application of the unit, requested the lead days before expiry. */
export function TemporaryExtensionFields({ form, context }: TemporaryFieldsProps) {
  const t = useT();
  const rules = applicationRules(t);
  const relatedId = Form.useWatch('relatedApplicationId', form);
  const maxMonths = numberOf(context.policy, 'temporary.maxMonths') ?? CONTRACT_MAX_MONTHS;
  const lead = parameterOf(context.policy, 'temporary.extensionLeadDays');
  const loadTemporary = useCallback(() => listApplications({ kind: 'temporary', status: 'approved' }, 1, MAX_PAGE_SIZE), []);
  const temporary = useAsync(loadTemporary);
  const loadRelated = useCallback(() => (relatedId ? getApplication(relatedId) : Promise.resolve(null)), [relatedId]);
  const related = useAsync<ApplicationDetail | null>(loadRelated);

  return (
    <>
      {temporary.error ? <ApiErrorAlert error={temporary.error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="relatedApplicationId"
        label={t('applications.fields.relatedApplication')}
        rules={rules.relatedApplicationId}
        extra={
          lead ? (
            <span>
              {t('applications.form.extensionLeadHint', { days: typeof lead.value === 'number' ? lead.value : lead.display })}{' '}
              {lead.article ? <ArticleTag article={lead.article} /> : null}
            </span>
          ) : undefined
        }
      >
        <Select
          loading={temporary.loading}
          data-testid="application-related"
          notFoundContent={t('applications.form.noTemporary')}
          options={(temporary.data?.items ?? []).map((application) => ({
            value: application.id,
            label: `${application.number} · ${application.title}`,
          }))}
        />
      </Form.Item>
      {related.error ? <ApiErrorAlert error={related.error} style={{ marginBottom: 16 }} /> : null}
      {related.data && related.data.id === relatedId ? (
        <ExpiryOf detail={related.data} leadDays={typeof lead?.value === 'number' ? lead.value : undefined} />
      ) : null}
      <Form.Item name="months" label={t('applications.fields.extensionMonths')} rules={rules.months(maxMonths)}>
        <InputNumber min={1} max={maxMonths} precision={0} suffix={t('applications.form.monthsSuffix')} style={{ width: 160 }} data-testid="application-months" />
      </Form.Item>
      <TextAreaField name="reason" label={t('applications.fields.extensionReason')} max={1000} testId="application-reason" />
    </>
  );
}
