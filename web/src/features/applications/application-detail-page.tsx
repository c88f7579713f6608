import { Card, Col, Descriptions, type DescriptionsProps, Empty, Flex, Row, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type ReactNode, useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { can } from '../../access.ts';
import { getApplication } from '../../api/applications-api.ts';
import { CITY_CLOUD_REASONS } from '../../api/contract-enums.ts';
import type { ApplicationDetail, ApplicationLine, CityCloudReason } from '../../api/contract-types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { type MessageKey, type Translate, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity } from '../../i18n/number-format.ts';
import { formatDate, formatDateTime } from '../../i18n/shanghai-time.ts';
import { ApplicationActions } from './application-actions.tsx';
import { ApplicationDocuments } from './application-documents.tsx';
import { ApplicationSteps } from './application-steps.tsx';
import { ApplicationTimeline } from './application-timeline.tsx';
import { DueDate } from '../../components/due-date.tsx';
import { ApplicationStatusTag, KindLabel } from './application-tags.tsx';
import { asEstimate, EstimateView } from './estimate-view.tsx';
import { ApplicationResources, asProvisioningPlan, ProvisioningPlanView } from './provisioning-plan.tsx';
import { UnitGradeTag } from './unit-grade-tag.tsx';

type DescriptionItem = NonNullable<DescriptionsProps['items']>[number];

const isCityReason = (value: unknown): value is CityCloudReason =>
  typeof value === 'string' && (CITY_CLOUD_REASONS as readonly string[]).includes(value);

const longText = (value: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{value}</span>;

/** What the applicant stated for this kind (the `payload`), each under its own label. */
function payloadItems(detail: ApplicationDetail, t: Translate): DescriptionItem[] {
  const p = detail.payload;
  const items: DescriptionItem[] = [];
  const text = (key: string, label: string) => {
    const value = p[key];
    if (typeof value === 'string' && value) items.push({ key, label, span: 'filled', children: longText(value) });
  };
  text('basis', t('applications.fields.basis'));
  text('purpose', t('applications.fields.purpose'));
  if (detail.kind === 'change') text('description', t('applications.fields.changeDescription'));
  if (detail.kind === 'migration') text('description', t('applications.fields.migrationDescription'));
  if (detail.kind === 'provider_plan') text('description', t('applications.fields.planDescription'));
  if (isCityReason(p.reason)) {
    items.push({ key: 'reason', label: t('applications.fields.cityReason'), children: t(`applications.cityReasons.${p.reason}`) });
  } else if (detail.kind === 'temporary_extension') {
    text('reason', t('applications.fields.extensionReason'));
  }
  text('explanation', t('applications.fields.explanation'));
  if (typeof p.months === 'number') items.push({ key: 'months', label: t('applications.fields.extensionMonths'), children: p.months });
  if (p.architecture === 'x86' || p.architecture === 'arm') {
    items.push({ key: 'architecture', label: t('applications.fields.architecture'), children: t(`estate.architectures.${p.architecture}`) });
  }
  if (typeof p.providerName === 'string') items.push({ key: 'provider', label: t('applications.fields.provider'), children: p.providerName });
  if (typeof p.plannedGoLive === 'string') items.push({ key: 'goLive', label: t('applications.fields.plannedGoLive'), children: formatDate(p.plannedGoLive) });
  if (typeof p.plannedStart === 'string') items.push({ key: 'start', label: t('applications.fields.plannedStart'), children: formatDateTime(p.plannedStart) });
  if (typeof p.major === 'boolean') {
    items.push({ key: 'major', label: t('applications.fields.major'), children: p.major ? <Tag color="orange">{t('common.yes')}</Tag> : t('common.no') });
  }
  const review = p.expertReview as { reviewer?: unknown; reviewedOn?: unknown; conclusion?: unknown } | null | undefined;
  if (review && typeof review.reviewer === 'string') {
    items.push({
      key: 'review',
      label: t('applications.fields.expertReview'),
      span: 'filled',
      children: (
        <Flex vertical>
          <span>
            {review.reviewer} · {typeof review.reviewedOn === 'string' ? formatDate(review.reviewedOn) : ''}
          </span>
          {typeof review.conclusion === 'string' ? longText(review.conclusion) : null}
        </Flex>
      ),
    });
  }
  if (p.backupConfirmed === true) items.push({ key: 'backup', label: t('applications.fields.backupConfirmed'), children: <Tag color="green">{t('common.yes')}</Tag> });
  if (p.irreversibleAcknowledged === true) {
    items.push({ key: 'irreversible', label: t('applications.fields.irreversibleAcknowledged'), children: <Tag color="red">{t('common.yes')}</Tag> });
  }
  return items;
}

function LinesTable({ lines }: { lines: ApplicationLine[] }) {
  const t = useT();
  const { lang } = useLang();
  const withMonths = lines.some((line) => line.months !== null);
  const columns: TableColumnsType<ApplicationLine> = [
    { title: '#', dataIndex: 'lineNo', width: 48, align: 'right' },
    {
      title: t('applications.fields.item'),
      key: 'item',
      render: (_, line) => (
        <Flex vertical>
          <span>{lang === 'zh-CN' ? line.itemName : line.itemNameEn}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {line.itemCode}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('applications.fields.quantity'),
      key: 'quantity',
      align: 'right',
      render: (_, line) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatQuantity(line.quantity)} {unitOfMeasureLabel(t, line.unitOfMeasure)}
        </span>
      ),
    },
    ...(withMonths ? [{ title: t('applications.fields.months'), dataIndex: 'months', align: 'right' as const }] : []),
  ];
  return (
    <Table<ApplicationLine>
      rowKey="lineNo"
      size="small"
      columns={columns}
      dataSource={lines}
      pagination={false}
      data-testid="application-lines"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.noLines')} /> }}
    />
  );
}

/** What became of an approved application, by its last timeline entry: provisioned, reclaimed, nothing to do, or waiting. */
function approvedNoteOf(detail: ApplicationDetail): MessageKey {
  const last = detail.timeline.at(-1)?.action;
  if (last === 'provisioned') return 'applications.provisionedNote';
  if (last === 'reclaimed') return 'applications.reclaimedNote';
  if (last === 'completed') return 'applications.completedNote';
  return 'applications.approvedNote';
}

/** `/applications/:id`: the application, its lines and estimate, its approval steps and timeline, its documents, and what one may do. */
export function ApplicationDetailPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const { id = '' } = useParams();
  const application = useAsync(useCallback(() => getApplication(id), [id]));

  const back = <BackLink to="/applications" label={t('applications.back')} />;

  const detail = application.data;
  if (!detail) return <DetailPending loading={application.loading} error={application.error} title={t('menu.applicationDetail')} back={back} />;

  const open = detail.status === 'in_review' || detail.status === 'returned';
  const mayUpload = open && can(me, 'application:submit') && me.unit.id === detail.unit.id;
  const estimate = asEstimate(detail.estimate);
  const plan = asProvisioningPlan(detail.payload.provisioning);
  const activeStep = detail.steps.find((step) => step.status === 'active');

  const headerItems: DescriptionItem[] = [
    { key: 'number', label: t('applications.fields.number'), children: <Typography.Text copyable style={{ fontFamily: 'monospace' }}>{detail.number}</Typography.Text> },
    { key: 'kind', label: t('applications.fields.kind'), children: <KindLabel kind={detail.kind} /> },
    { key: 'status', label: t('applications.fields.status'), children: <ApplicationStatusTag status={detail.status} testId="application-status" /> },
    { key: 'applicant', label: t('applications.fields.applicant'), children: detail.applicantName },
    {
      key: 'unit',
      label: t('applications.fields.unit'),
      children: (
        <Flex gap={8} align="center" wrap>
          <span>{detail.unit.name}</span>
          <UnitGradeTag unitId={detail.unit.id} />
        </Flex>
      ),
    },
    {
      key: 'system',
      label: t('applications.fields.system'),
      children: detail.systemId && detail.systemName ? <Link to={`/systems/${detail.systemId}`}>{detail.systemName}</Link> : t('common.none'),
    },
    { key: 'platform', label: t('applications.fields.platform'), children: detail.platformName ?? t('common.none') },
    { key: 'submitted', label: t('applications.fields.submittedAt'), children: formatDateTime(detail.submittedAt) },
    {
      key: 'due',
      label: t('applications.fields.dueDate'),
      children: <DueDate dueAt={detail.dueAt} provisional={detail.dueProvisional} overdue={detail.status === 'in_review' && (activeStep?.overdue ?? false)} />,
    },
    ...(detail.executionDueAt
      ? [{ key: 'execution', label: t('applications.fields.executionDueDate'), children: <DueDate dueAt={detail.executionDueAt} provisional={detail.executionDueProvisional} /> }]
      : []),
    ...(detail.expiresAt ? [{ key: 'expires', label: t('applications.fields.expiresAt'), children: formatDate(detail.expiresAt) }] : []),
    ...(detail.decidedAt ? [{ key: 'decided', label: t('applications.fields.decidedAt'), children: formatDateTime(detail.decidedAt) }] : []),
    ...(detail.relatedApplicationId
      ? [{ key: 'related', label: t('applications.fields.relatedApplication'), children: <Link to={`/applications/${detail.relatedApplicationId}`}>{t('applications.viewRelated')}</Link> }]
      : []),
    ...payloadItems(detail, t),
  ];

  let statusNote: ReactNode = null;
  if (detail.status === 'approved') statusNote = <Typography.Text type="success">{t(approvedNoteOf(detail))}</Typography.Text>;
  if (detail.status === 'returned' && detail.canResubmit) statusNote = <Typography.Text type="warning">{t('applications.returnedNote')}</Typography.Text>;

  return (
    <PageContainer
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid="application-title">{detail.title}</span>
          <ApplicationStatusTag status={detail.status} />
        </Flex>
      }
      subtitle={
        <Flex gap={8} align="center" wrap component="span">
          <span style={{ fontFamily: 'monospace' }}>{detail.number}</span>
          <KindLabel kind={detail.kind} />
          {statusNote}
        </Flex>
      }
      extra={back}
    >
      {application.error ? <ApiErrorAlert error={application.error} /> : null}
      <Card
        size="small"
        title={t('applications.detail.info')}
        extra={
          <ApplicationActions
            detail={detail}
            onDone={(_updated, message) => {
              feedback.succeeded(message);
              application.reload();
            }}
          />
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={headerItems} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            {detail.lines.length > 0 ? (
              <Card size="small" title={t('applications.detail.lines')}>
                <LinesTable lines={detail.lines} />
              </Card>
            ) : null}
            {plan ? (
              <Card size="small" title={t('applications.detail.provisioning')}>
                <ProvisioningPlanView plan={plan} />
              </Card>
            ) : null}
            {detail.status === 'approved' && plan ? (
              <Card size="small" title={t('applications.detail.resources')}>
                <ApplicationResources applicationId={detail.id} />
              </Card>
            ) : null}
            {estimate ? (
              <Card size="small" title={t('applications.detail.estimate')}>
                <EstimateView estimate={estimate} testId="application-estimate-detail" />
              </Card>
            ) : null}
            <Card size="small" title={t('applications.detail.documents')}>
              <ApplicationDocuments
                applicationId={detail.id}
                kind={detail.kind}
                documents={detail.documents}
                mayUpload={mayUpload}
                onChanged={application.reload}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('applications.detail.steps')}>
              <ApplicationSteps steps={detail.steps} />
            </Card>
            <Card size="small" title={t('applications.detail.timeline')}>
              <ApplicationTimeline events={detail.timeline} steps={detail.steps} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </PageContainer>
  );
}
