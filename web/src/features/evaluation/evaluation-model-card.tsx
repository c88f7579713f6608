import { Card, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { EvaluationDetail } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { EvaluationGradeTag } from '../../components/evaluation-grade-tag.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { INDICATOR_DIMENSIONS } from './evaluation-views.tsx';

type ModelIndicator = EvaluationDetail['model']['indicators'][number];

/**
 * 评价模型: the model the year was run with (a snapshot of the district's profile), each indicator with its
 * points and scoring rule, the grade thresholds, and the article it rests on (QP-24).
 */
export function EvaluationModelCard({ model }: { model: EvaluationDetail['model'] }) {
  const t = useT();
  const total = model.indicators.reduce((sum, indicator) => sum + indicator.weight, 0);
  const articles = model.article ? model.article.split(/,\s*/) : [];
  const columns: TableColumnsType<ModelIndicator> = [
    { title: t('evaluation.model.indicator'), dataIndex: 'indicator', render: (indicator: ModelIndicator['indicator']) => t(`evaluation.indicators.${indicator}`) },
    {
      title: t('evaluation.model.dimension'),
      key: 'dimension',
      render: (_, row) => <Tag style={{ marginInlineEnd: 0 }}>{t(`evaluation.dimensions.${INDICATOR_DIMENSIONS[row.indicator]}`)}</Tag>,
    },
    { title: t('evaluation.model.weight'), dataIndex: 'weight', align: 'right' },
    {
      title: t('evaluation.model.rule'),
      key: 'rule',
      render: (_, row) => (
        <Flex vertical>
          <span>{t(`evaluation.rules.${row.indicator}`)}</span>
          {row.deductPer !== null ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('evaluation.model.deductPer', { points: row.deductPer })}
            </Typography.Text>
          ) : null}
          {row.target !== null ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('evaluation.model.target', { percent: Math.round(row.target * 100) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
  ];
  const grades = model.grades;
  return (
    <Card
      size="small"
      title={t('evaluation.model.title')}
      extra={
        articles.length > 0 ? (
          <Flex gap={4} align="center">
            <Typography.Text type="secondary">{t('evaluation.model.basis')}</Typography.Text>
            {articles.map((article) => (
              <ArticleTag key={article} article={article} />
            ))}
          </Flex>
        ) : undefined
      }
      data-testid="evaluation-model"
    >
      <Flex vertical gap={12}>
        <Table<ModelIndicator>
          rowKey="indicator"
          size="small"
          columns={columns}
          dataSource={model.indicators}
          pagination={false}
          footer={() => t('evaluation.model.total', { points: total })}
        />
        <Flex gap={12} align="center" wrap>
          <Typography.Text strong>{t('evaluation.model.grades')}</Typography.Text>
          {grades.map((entry, index) => {
            const above = grades[index - 1];
            // The lowest grade is whatever falls below the one above it.
            const text = entry.min > 0 || !above ? t('evaluation.model.gradeAtLeast', { min: entry.min }) : t('evaluation.model.gradeBelow', { min: above.min });
            return (
              <Flex key={entry.grade} gap={4} align="center">
                <EvaluationGradeTag grade={entry.grade} />
                <Typography.Text type="secondary">{text}</Typography.Text>
              </Flex>
            );
          })}
        </Flex>
      </Flex>
    </Card>
  );
}
