import { Alert, Form, type FormInstance, Select, Tag, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { CITY_CLOUD_REASONS } from '../../api/contract-enums.ts';
import type { Project } from '../../api/contract-types.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity } from '../../i18n/number-format.ts';
import { formatDate } from '../../i18n/shanghai-time.ts';
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
  useSystemProjects,
} from './form-controls.tsx';

interface ResourceFieldsProps {
  form: FormInstance<ApplicationFormValues>;
  context: FormContext;
  /** `city_cloud`: a city-level platform at the city tender prices, with its SJ-10 reason. */
  variant: 'resource' | 'city_cloud';
}

/** The lines of a project's quota, the quantities left for the applicant to fill in (QP-9: within the quota). */
function linesFromQuota(project: Project) {
  return project.quotas.map((quota) => ({ itemId: quota.itemId }));
}

/**
 * 资源申请 (QP-9) and 市政务云资源申请 (SJ-10): system → one of its project approvals (with evidence) → a
 * platform of the project's architecture (district, or city for SJ-10) → lines from the project's quota.
 */
export function ResourceFields({ form, context, variant }: ResourceFieldsProps) {
  const t = useT();
  const rules = applicationRules(t);
  const systemId = Form.useWatch('systemId', form);
  const projectId = Form.useWatch('projectId', form);
  const platformId = Form.useWatch('platformId', form);
  const { projects, loading, error } = useSystemProjects(systemId);
  const project = projects.find((candidate) => candidate.id === projectId);

  // A system with one project approval needs no choice: it is taken with its quota lines.
  useEffect(() => {
    const only = projects.length === 1 ? projects[0] : undefined;
    if (only && !form.getFieldValue('projectId')) form.setFieldsValue({ projectId: only.id, lines: linesFromQuota(only) });
  }, [projects, form]);

  const platforms = context.platforms.filter(
    (platform) =>
      (variant === 'city_cloud' ? platform.level === 'city' : platform.level !== 'city') &&
      (!project || platform.architecture === project.architecture),
  );
  const quotaOf = useMemo(() => new Map((project?.quotas ?? []).map((quota) => [quota.itemId, quota])), [project]);
  const items = context.items.filter((item) => quotaOf.has(item.id) && offeredOn(item, platformId));

  return (
    <>
      <SystemField
        context={context}
        onChange={() => form.setFieldsValue({ projectId: undefined, platformId: undefined, lines: [{}] })}
      />
      {error ? <ApiErrorAlert error={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="projectId"
        label={t('applications.fields.project')}
        rules={rules.projectId}
        extra={t('applications.form.projectHint')}
      >
        <Select
          loading={loading}
          disabled={!systemId}
          data-testid="application-project"
          placeholder={systemId ? undefined : t('applications.form.chooseSystemFirst')}
          notFoundContent={t('applications.form.noProjects')}
          options={projects.map((candidate) => ({
            value: candidate.id,
            label: `${candidate.documentNumber} · ${formatDate(candidate.approvedOn)} · ${t(`estate.architectures.${candidate.architecture}`)}`,
          }))}
          onChange={(value: string) => {
            const chosen = projects.find((candidate) => candidate.id === value);
            form.setFieldsValue({ platformId: undefined, lines: chosen ? linesFromQuota(chosen) : [{}] });
          }}
        />
      </Form.Item>
      {project && project.documents.length === 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('applications.form.projectWithoutEvidence')} />
      ) : null}
      <PlatformField
        platforms={platforms}
        loading={context.platformsLoading}
        disabled={!project}
        placeholder={project ? undefined : t('applications.form.chooseProjectFirst')}
        extra={
          variant === 'city_cloud'
            ? t('applications.form.cityPlatformHint')
            : project
              ? t('applications.form.districtPlatformHint', { architecture: t(`estate.architectures.${project.architecture}`) })
              : undefined
        }
      />
      {variant === 'city_cloud' ? (
        <>
          <Form.Item name="reason" label={t('applications.fields.cityReason')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('applications.fields.cityReason') }) }]}>
            <Select
              data-testid="application-city-reason"
              options={CITY_CLOUD_REASONS.map((value) => ({ value, label: t(`applications.cityReasons.${value}`) }))}
            />
          </Form.Item>
          <TextAreaField name="explanation" label={t('applications.fields.explanation')} max={1000} testId="application-explanation" />
        </>
      ) : null}
      <LinesField
        items={items}
        loading={context.itemsLoading}
        disabled={!project}
        disabledHint={t('applications.form.chooseProjectFirst')}
        hintOf={(itemId) => {
          const quota = quotaOf.get(itemId);
          return quota ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('applications.form.quotaOfProject')} <Tag style={{ marginInlineEnd: 0 }}>{formatQuantity(quota.quantity)} {unitOfMeasureLabel(t, quota.unitOfMeasure)}</Tag>
            </Typography.Text>
          ) : null;
        }}
      />
      <ServersField />
    </>
  );
}
