import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, type FormInstance, Input, Result, Row } from 'antd';
import { useCallback } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { PolicyView } from '@yunshu/shared/api';
import { submitApplication } from '../../api/applications-api.ts';
import type { ApplicationKind } from '../../api/contract-types.ts';
import { announceInboxChanged } from '../../api/notifications-api.ts';
import { fetchPolicy } from '../../api/policy-api.ts';
import { getQuotaUsage } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { NotFoundResult } from '../../components/result-pages.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useCatalogItems } from '../../components/use-catalog-items.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useFormSubmit } from '../../components/use-form-submit.ts';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { bodyOf } from './application-body.ts';
import {
  isApplicationKind,
  KIND_QUOTA_MODES,
  numberOf,
  PRICED_KINDS,
  parameterOf,
  SYSTEM_KINDS,
  submittableKinds,
} from './application-kinds.ts';
import { applicationRules } from './application-rules.ts';
import { KindLabel } from './application-tags.tsx';
import { EstimateCard } from './estimate-card.tsx';
import { NewProjectFilingFields, ProviderPlanFields } from './filing-and-plan-fields.tsx';
import { type ApplicationFormValues, FORM_FIELDS, type FormContext, useOwnSystems } from './form-controls.tsx';
import { PolicyRulesCard } from './policy-rules-card.tsx';
import { QuotaGauge } from './quota-gauge.tsx';
import { ExpansionFields, ReclamationFields } from './quota-kind-fields.tsx';
import { ResourceFields } from './resource-fields.tsx';
import { ChangeFields, MigrationFields } from './system-change-fields.tsx';
import { TemporaryExtensionFields, TemporaryFields } from './temporary-fields.tsx';

/** What a link into the form chooses beforehand (a resource's page: `?systemId=…&resourceId=…`). */
interface Preset {
  systemId: string | undefined;
  resourceId: string | undefined;
}

/** The system and the resource a link chose: the resource to resize (扩容, 变更) or to reclaim (回收). */
function presetValuesOf(kind: ApplicationKind, preset: Preset): ApplicationFormValues {
  if (!preset.systemId || !SYSTEM_KINDS.includes(kind)) return {};
  const { resourceId } = preset;
  if (resourceId && kind === 'reclamation') return { systemId: preset.systemId, resourceIds: [resourceId] };
  if (resourceId && (kind === 'expansion' || kind === 'change')) return { systemId: preset.systemId, resizes: [{ resourceId }] };
  return { systemId: preset.systemId };
}

/** The first values of a kind's form: one empty line to fill in (a temporary line with the longest term). */
function initialValuesOf(kind: ApplicationKind, maxMonths: number | undefined): ApplicationFormValues {
  switch (kind) {
    case 'temporary':
      return { lines: [maxMonths ? { months: maxMonths } : {}] };
    case 'new_project_filing':
      return { architecture: 'x86', lines: [{}] };
    case 'provider_plan':
      return { major: false };
    case 'reclamation':
      return { lines: [{}], backupConfirmed: false, irreversibleAcknowledged: false };
    default:
      return { lines: [{}] };
  }
}

function KindFields({ kind, form, context }: { kind: ApplicationKind; form: FormInstance<ApplicationFormValues>; context: FormContext }) {
  switch (kind) {
    case 'resource':
      return <ResourceFields form={form} context={context} variant="resource" />;
    case 'city_cloud':
      return <ResourceFields form={form} context={context} variant="city_cloud" />;
    case 'expansion':
      return <ExpansionFields form={form} context={context} />;
    case 'reclamation':
      return <ReclamationFields form={form} context={context} />;
    case 'change':
      return <ChangeFields context={context} />;
    case 'migration':
      return <MigrationFields context={context} />;
    case 'temporary':
      return <TemporaryFields form={form} context={context} />;
    case 'temporary_extension':
      return <TemporaryExtensionFields form={form} context={context} />;
    case 'new_project_filing':
      return <NewProjectFilingFields form={form} context={context} />;
    case 'provider_plan':
      return <ProviderPlanFields form={form} context={context} />;
  }
}

/** The form of one kind, mounted once the kind is known to be one the user may submit. */
function ApplicationForm({ kind, policy, preset }: { kind: ApplicationKind; policy: PolicyView | undefined; preset: Preset }) {
  const t = useT();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const { me } = useMe();
  const [form] = Form.useForm<ApplicationFormValues>();
  const submit = useFormSubmit(form, FORM_FIELDS);
  const rules = applicationRules(t);
  const platforms = usePlatforms();
  const catalog = useCatalogItems();
  const withSystem = SYSTEM_KINDS.includes(kind);
  const systems = useOwnSystems(withSystem);
  const systemId = Form.useWatch('systemId', form);
  const platformId = Form.useWatch('platformId', form);
  const lines = Form.useWatch('lines', form);
  const loadUsage = useCallback(() => (systemId ? getQuotaUsage(systemId) : Promise.resolve(undefined)), [systemId]);
  const usage = useAsync(loadUsage);
  const currentUsage = usage.data && usage.data.systemId === systemId ? usage.data : undefined;

  const context: FormContext = {
    me,
    policy,
    platforms: platforms.platforms.filter((platform) => !platform.disabled),
    platformsLoading: platforms.loading,
    items: catalog.items,
    itemsLoading: catalog.loading,
    systems: systems.systems,
    systemsLoading: systems.loading,
    usage: currentUsage,
  };

  const onFinish = async (values: ApplicationFormValues) => {
    const result = await submit.run(() => submitApplication(bodyOf(kind, values)));
    if (!result.ok) return;
    feedback.succeeded(t('applications.form.submitted', { number: result.value.number }));
    announceInboxChanged();
    void navigate(`/applications/${result.value.id}`);
  };

  const loadErrors = [platforms.error, catalog.error, systems.error].filter(Boolean);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('applications.form.fieldsTitle')}>
          <Form
            form={form}
            layout="vertical"
            onFinish={onFinish}
            disabled={submit.submitting}
            initialValues={{ ...initialValuesOf(kind, numberOf(policy, 'temporary.maxMonths')), ...presetValuesOf(kind, preset) }}
            scrollToFirstError
            data-testid={`application-form-${kind}`}
          >
            {loadErrors.map((error, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of the page's loaders
              <ApiErrorAlert key={index} error={error} style={{ marginBottom: 16 }} />
            ))}
            {submit.error ? <ApiErrorAlert error={submit.error} fields={submit.unplacedFields} style={{ marginBottom: 16 }} /> : null}
            <Form.Item name="title" label={t('applications.fields.title')} rules={rules.title}>
              <Input maxLength={120} showCount placeholder={t(`applications.titlePlaceholders.${kind}`)} data-testid="application-title" />
            </Form.Item>
            <KindFields kind={kind} form={form} context={context} />
            <Flex gap={8} justify="flex-end" style={{ marginTop: 8 }}>
              <Link to="/applications">
                <Button>{t('common.cancel')}</Button>
              </Link>
              {/* Not a submit button: Enter in a field (e.g. confirming a typed date) must not send the application. */}
              <Button type="primary" icon={<SendOutlined />} loading={submit.submitting} onClick={() => form.submit()} data-testid="application-submit">
                {t('applications.form.submit')}
              </Button>
            </Flex>
          </Form>
        </Card>
        {PRICED_KINDS.includes(kind) ? (
          <div style={{ marginTop: 16 }}>
            <EstimateCard platformId={platformId} lines={lines} ownMonths={kind === 'temporary'} />
          </div>
        ) : null}
      </Col>
      <Col xs={24} xl={10}>
        <Flex vertical gap={16}>
          <PolicyRulesCard kind={kind} policy={policy} />
          {withSystem ? (
            <QuotaGauge
              systemId={systemId}
              usage={currentUsage}
              loading={usage.loading}
              error={usage.error}
              mode={KIND_QUOTA_MODES[kind]}
              lines={lines}
            />
          ) : null}
        </Flex>
      </Col>
    </Row>
  );
}

/** `/applications/new/:kind`: the form of one kind of application (SJ-9: every lifecycle step through the platform). */
export function ApplicationFormPage() {
  const t = useT();
  const { me } = useMe();
  const { kind } = useParams();
  const [search] = useSearchParams();
  const preset: Preset = { systemId: search.get('systemId') ?? undefined, resourceId: search.get('resourceId') ?? undefined };
  const policy = useAsync(fetchPolicy);

  if (!isApplicationKind(kind)) return <NotFoundResult />;
  const back = (
    <Link to="/applications">
      <Button icon={<ArrowLeftOutlined />}>{t('applications.back')}</Button>
    </Link>
  );
  const title = (
    <Flex gap={8} align="center">
      <span>{t('applications.form.title')}</span>
      <KindLabel kind={kind} />
    </Flex>
  );
  if (policy.loading && !policy.data) return <Loading />;
  const allowed = submittableKinds(me, policy.data).includes(kind);
  // The profile parameter that closes a kind in this district (SJ-10 city cloud, QP-12 temporary resources).
  const closedBy = parameterOf(policy.data, kind === 'city_cloud' ? 'cityCloud.allowed' : 'temporary.allowed');

  return (
    <PageContainer title={title} subtitle={t(`applications.kindHints.${kind}`)} extra={back}>
      {policy.error ? <ApiErrorAlert error={policy.error} /> : null}
      {allowed ? (
        <ApplicationForm key={kind} kind={kind} policy={policy.data} preset={preset} />
      ) : (
        <Card>
          <Result
            status="warning"
            title={t('applications.form.notAvailable')}
            subTitle={
              <Alert
                type="info"
                showIcon
                title={
                  me.unit.type === 'provider' || kind === 'provider_plan' ? (
                    t('applications.form.notForUnit')
                  ) : (
                    <Flex gap={6} align="center" justify="center" wrap>
                      <span>{t('applications.form.notInPolicy')}</span>
                      {closedBy?.article ? <ArticleTag article={closedBy.article} /> : null}
                    </Flex>
                  )
                }
              />
            }
          />
        </Card>
      )}
    </PageContainer>
  );
}
