import { EditOutlined, FilePdfOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Input, Table, type TableColumnsType, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { EvaluationDetail, EvaluationUnitResult, IndicatorScore } from '../../api/contract-types.ts';
import { unitReportUrl } from '../../api/evaluation-api.ts';
import { EvaluationGradeTag } from '../../components/evaluation-grade-tag.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { evidenceText, ScoreCell, signedPoints } from './evaluation-views.tsx';

/** Each indicator of one unit: its points, computed score, adjustment, score and evidence. */
function ScoreTable({ scores }: { scores: IndicatorScore[] }) {
  const t = useT();
  const columns: TableColumnsType<IndicatorScore> = [
    { title: t('evaluation.model.indicator'), dataIndex: 'indicator', render: (indicator: IndicatorScore['indicator']) => t(`evaluation.indicators.${indicator}`) },
    { title: t('evaluation.score.weight'), dataIndex: 'weight', align: 'right' },
    { title: t('evaluation.score.computed'), dataIndex: 'computed', align: 'right' },
    { title: t('evaluation.score.adjustment'), dataIndex: 'adjustment', align: 'right', render: (points: string) => signedPoints(points) },
    { title: t('evaluation.score.score'), dataIndex: 'score', align: 'right', render: (points: string) => <Typography.Text strong>{points}</Typography.Text> },
    { title: t('evaluation.score.evidence'), key: 'evidence', render: (_, score) => evidenceText(score.evidence, t) },
  ];
  return <Table<IndicatorScore> rowKey="indicator" size="small" columns={columns} dataSource={scores} pagination={false} data-testid="evaluation-score-table" />;
}

interface ResultsTableProps {
  evaluation: EvaluationDetail;
  /** The operator adjusts scores of a draft. */
  onAdjust?: ((unitId: string) => void) | undefined;
  /** The authority issues requirements once published. */
  onIssue?: ((result: EvaluationUnitResult) => void) | undefined;
}

const PAGE_SIZE = 20;

/**
 * 评价结果: best first, each unit's total, grade and indicator scores (the breakdown in a tooltip and in
 * the expanded row), its report, and what the signed-in user may do; filtered by unit name in the page.
 */
export function ResultsTable({ evaluation, onAdjust, onIssue }: ResultsTableProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const rows = useMemo(() => {
    const q = query.trim();
    return q ? evaluation.results.filter((result) => result.unit.name.includes(q)) : evaluation.results;
  }, [evaluation.results, query]);

  const columns: TableColumnsType<EvaluationUnitResult> = [
    { title: t('evaluation.results.rank'), dataIndex: 'rank', align: 'right', width: 64, render: (rank: number) => <span data-testid="result-rank">{rank}</span> },
    { title: t('evaluation.results.unit'), key: 'unit', render: (_, result) => <span data-testid="result-unit">{result.unit.name}</span> },
    {
      title: t('evaluation.results.total'),
      dataIndex: 'total',
      align: 'right',
      render: (total: string) => (
        <Typography.Text strong data-testid="result-total">
          {total}
        </Typography.Text>
      ),
    },
    { title: t('evaluation.results.grade'), dataIndex: 'grade', render: (grade: EvaluationUnitResult['grade']) => <EvaluationGradeTag grade={grade} testId="result-grade" /> },
    ...evaluation.model.indicators.map((entry) => ({
      title: (
        <Flex vertical>
          <span>{t(`evaluation.indicators.${entry.indicator}`)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {entry.weight}
          </Typography.Text>
        </Flex>
      ),
      key: entry.indicator,
      align: 'right' as const,
      render: (_: unknown, result: EvaluationUnitResult) => {
        const score = result.scores.find((s) => s.indicator === entry.indicator);
        return score ? <ScoreCell score={score} /> : t('common.none');
      },
    })),
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, result) => (
        <Flex gap={4} wrap={false}>
          <Button size="small" type="link" icon={<FilePdfOutlined />} href={unitReportUrl(evaluation.year, result.unit.id)} data-testid="result-report">
            {t('evaluation.report')}
          </Button>
          {onAdjust ? (
            <Button size="small" type="link" icon={<EditOutlined />} onClick={() => onAdjust(result.unit.id)} data-testid="result-adjust">
              {t('evaluation.results.adjust')}
            </Button>
          ) : null}
          {onIssue ? (
            <Button size="small" type="link" icon={<SendOutlined />} onClick={() => onIssue(result)} data-testid="result-issue">
              {t('evaluation.results.issue')}
            </Button>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={12}>
      {evaluation.results.length > 1 ? (
        <Input.Search
          allowClear
          placeholder={t('evaluation.results.searchPlaceholder')}
          aria-label={t('evaluation.results.search')}
          onSearch={setQuery}
          onChange={(event) => setQuery(event.target.value)}
          style={{ maxWidth: 320 }}
          data-testid="evaluation-search"
        />
      ) : null}
      <Table<EvaluationUnitResult>
        rowKey={(result) => result.unit.id}
        size="small"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
        pagination={rows.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) } : false}
        expandable={{ expandedRowRender: (result) => <ScoreTable scores={result.scores} /> }}
        data-testid="evaluation-results"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query.trim() ? t('evaluation.results.noMatch', { q: query.trim() }) : t('evaluation.results.empty')} /> }}
      />
    </Flex>
  );
}
