import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Select, Table, type TableColumnsType, Typography } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../access.ts';
import { isApiError } from '../../api/client.ts';
import type { EvaluationAdjustment, EvaluationDetail, EvaluationUnitResult } from '../../api/contract-types.ts';
import { evaluationExportUrl, getEvaluation, listEvaluations } from '../../api/evaluation-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { AdjustScoreModal } from './adjust-score-modal.tsx';
import { EvaluationActions } from './evaluation-actions.tsx';
import { EvaluationModelCard } from './evaluation-model-card.tsx';
import { EvaluationStatusTag, signedPoints } from './evaluation-views.tsx';
import { currentYear, yearChoices, yearOfParam } from './evaluation-year.ts';
import { GradeChart } from './grade-chart.tsx';
import { IssueRequirementModal } from './issue-requirement-modal.tsx';
import { ResultsTable } from './results-table.tsx';

/** A year not run yet — or, for a unit, not published yet — is an empty state, not an error. */
function loadYear(year: number): Promise<EvaluationDetail | null> {
  return getEvaluation(year).catch((error: unknown) => {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  });
}

function AdjustmentsTable({ adjustments }: { adjustments: EvaluationAdjustment[] }) {
  const t = useT();
  const columns: TableColumnsType<EvaluationAdjustment> = [
    { title: t('evaluation.adjustments.unit'), key: 'unit', render: (_, a) => a.unit.name },
    { title: t('evaluation.adjustments.indicator'), dataIndex: 'indicator', render: (indicator: EvaluationAdjustment['indicator']) => t(`evaluation.indicators.${indicator}`) },
    { title: t('evaluation.adjustments.points'), dataIndex: 'points', align: 'right', render: (points: string) => signedPoints(points) },
    { title: t('evaluation.adjustments.reason'), dataIndex: 'reason', render: (reason: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{reason}</span> },
    { title: t('evaluation.adjustments.actor'), dataIndex: 'actorName' },
    { title: t('evaluation.adjustments.at'), dataIndex: 'createdAt', render: (at: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(at)}</span> },
  ];
  return (
    <Table<EvaluationAdjustment>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={adjustments}
      pagination={false}
      data-testid="evaluation-adjustments"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('evaluation.adjustments.empty')} /> }}
    />
  );
}

/**
 * 综合评价 (QP-24, QP-25): a year's results — ranks, totals, grades and each indicator's score with its
 * evidence — the grades' distribution, the manual adjustments and the model. The operator runs and adjusts
 * a draft, the authority publishes it (frozen from then on) and issues rectification requirements; a unit
 * sees its own result once published.
 */
export function EvaluationPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const [params, setParams] = useSearchParams();
  const year = yearOfParam(params.get('year'));
  const unitScoped = me.scope === 'unit';
  const evaluations = useAsync(listEvaluations);
  const loaded = useAsync(useCallback(() => loadYear(year), [year]));
  // Each action answers with the year as it now is; it replaces what was loaded.
  const [updated, setUpdated] = useState<EvaluationDetail | null>(null);
  const [adjusting, setAdjusting] = useState<{ unitId?: string | undefined } | null>(null);
  const [issuing, setIssuing] = useState<EvaluationUnitResult | null>(null);
  // While another year loads, the last one's answer is still there: it is not shown under this year.
  const evaluation = updated?.year === year ? updated : loaded.data?.year === year ? loaded.data : null;

  const changed = (next: EvaluationDetail) => {
    setUpdated(next);
    evaluations.refresh();
  };
  const chooseYear = (next: number) => {
    setUpdated(null);
    setParams({ year: String(next) });
  };

  const mayAdjust = can(me, 'evaluation:run') && evaluation?.status === 'draft';
  const mayIssue = can(me, 'evaluation:publish') && evaluation?.status === 'published';
  const yearLabel = (y: number) =>
    y === currentYear() ? t('evaluation.thisYear', { year: y }) : y === currentYear() - 1 ? t('evaluation.lastYear', { year: y }) : t('evaluation.yearOption', { year: y });

  let body: ReactNode;
  if (loaded.loading && !evaluation) body = <Loading />;
  else if (loaded.error) body = <ApiErrorAlert error={loaded.error} />;
  else if (!evaluation) {
    body = (
      <Card size="small" data-testid="evaluation-empty">
        <Empty description={unitScoped ? t('evaluation.notPublished', { year }) : t('evaluation.notRun', { year })}>
          <Typography.Text type="secondary">
            {unitScoped ? t('evaluation.notPublishedHint') : can(me, 'evaluation:run') ? t('evaluation.notRunHint') : t('evaluation.notRunHintReader')}
          </Typography.Text>
        </Empty>
      </Card>
    );
  } else {
    body = (
      <>
        {evaluation.status === 'published' ? (
          <Alert
            type="success"
            showIcon
            title={t('evaluation.frozen', { year, by: evaluation.publishedBy ?? t('common.none'), at: formatDateTime(evaluation.publishedAt) })}
            data-testid="evaluation-frozen"
          />
        ) : null}
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              { key: 'status', label: t('evaluation.summary.status'), children: <EvaluationStatusTag status={evaluation.status} /> },
              { key: 'units', label: t('evaluation.summary.units'), children: <span data-testid="evaluation-units">{evaluation.units}</span> },
              { key: 'run', label: t('evaluation.summary.runAt'), children: `${formatDateTime(evaluation.runAt)} · ${evaluation.runBy}` },
              ...(evaluation.publishedAt
                ? [{ key: 'published', label: t('evaluation.summary.publishedAt'), children: `${formatDateTime(evaluation.publishedAt)} · ${evaluation.publishedBy ?? ''}` }]
                : []),
            ]}
          />
          {unitScoped ? <Typography.Text type="secondary">{t('evaluation.ownResultNote', { units: evaluation.units })}</Typography.Text> : null}
        </Card>
        <Card size="small" title={t('evaluation.results.title')}>
          <ResultsTable evaluation={evaluation} onAdjust={mayAdjust ? (unitId) => setAdjusting({ unitId }) : undefined} onIssue={mayIssue ? setIssuing : undefined} />
        </Card>
        {/* A unit sees its own row only: a distribution of one says nothing, and the adjustments are the district's. */}
        {unitScoped ? null : (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={9}>
              <GradeChart results={evaluation.results} />
            </Col>
            <Col xs={24} xl={15}>
              <Card
                size="small"
                title={t('evaluation.adjustments.title')}
                style={{ height: '100%' }}
                extra={
                  mayAdjust ? (
                    <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setAdjusting({})} data-testid="evaluation-adjust">
                      {t('evaluation.adjustments.add')}
                    </Button>
                  ) : undefined
                }
              >
                <AdjustmentsTable adjustments={evaluation.adjustments} />
              </Card>
            </Col>
          </Row>
        )}
        <EvaluationModelCard model={evaluation.model} />
        <AdjustScoreModal
          open={adjusting !== null}
          evaluation={evaluation}
          unitId={adjusting?.unitId}
          onClose={() => setAdjusting(null)}
          onDone={(next) => {
            setAdjusting(null);
            feedback.succeeded(t('evaluation.adjustments.done'));
            changed(next);
          }}
        />
        <IssueRequirementModal
          year={year}
          result={issuing}
          onClose={() => setIssuing(null)}
          onDone={() => {
            feedback.succeeded(t('evaluation.issue.done', { unit: issuing?.unit.name ?? '' }));
            setIssuing(null);
          }}
        />
      </>
    );
  }

  return (
    <PageContainer
      title={t('evaluation.title')}
      subtitle={t('evaluation.subtitle')}
      extra={
        <>
          <Select<number>
            value={year}
            onChange={chooseYear}
            loading={evaluations.loading}
            options={yearChoices(evaluations.data, year, can(me, 'evaluation:run')).map((y) => ({ value: y, label: yearLabel(y) }))}
            style={{ width: 180 }}
            aria-label={t('evaluation.year')}
            data-testid="evaluation-year"
          />
          <Link to={`/evaluation/rectifications?year=${year}`}>
            <Button data-testid="evaluation-rectifications-link">{t('evaluation.rectificationsLink')}</Button>
          </Link>
          {evaluation && !unitScoped ? (
            <Button icon={<FileExcelOutlined />} href={evaluationExportUrl(year)} data-testid="evaluation-export">
              {t('evaluation.export')}
            </Button>
          ) : null}
          {loaded.loading && !evaluation ? null : <EvaluationActions year={year} evaluation={evaluation} onChanged={changed} />}
        </>
      }
    >
      {evaluations.error ? <ApiErrorAlert error={evaluations.error} /> : null}
      {body}
    </PageContainer>
  );
}
