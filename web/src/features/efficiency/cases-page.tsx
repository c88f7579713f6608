import type { RectificationCase, RectificationStage } from '@yunshu/shared/efficiency-cases-api';
import { Card, Col, Empty, Flex, Row, Switch, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { listRectificationCases } from '../../api/efficiency-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { RuleLabel, StageTag } from './efficiency-views.tsx';

/** The board's columns, in the order a case moves; a column may hold more than one stage. */
const COLUMNS: { key: 'open' | 'warning_proposed' | 'warning_issued' | 'responded' | 'escalated' | 'stopped' | 'closed'; stages: RectificationStage[] }[] = [
  { key: 'open', stages: ['open'] },
  { key: 'warning_proposed', stages: ['warning_proposed'] },
  { key: 'warning_issued', stages: ['warning_issued'] },
  { key: 'responded', stages: ['responded'] },
  { key: 'escalated', stages: ['escalated'] },
  { key: 'stopped', stages: ['stopped', 'reclaimed'] },
  { key: 'closed', stages: ['rectified', 'dismissed'] },
];
/** The API's largest page: a board shows every active case at once. */
const BOARD_SIZE = 200;

function CaseCard({ item }: { item: RectificationCase }) {
  const t = useT();
  return (
    <Card size="small" data-testid="case-card" data-case={item.number}>
      <Flex vertical gap={4}>
        <Link to={`/efficiency/cases/${item.id}`} data-testid="case-link">
          {item.number}
        </Link>
        <Typography.Text strong>{item.finding.resource.name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {item.finding.unit.name} · <RuleLabel rule={item.rule} />
        </Typography.Text>
        <Flex gap={4} wrap>
          <StageTag stage={item.stage} />
          {item.deadline ? (
            <Tag color={item.deadline.overdue ? 'red' : 'default'} style={{ marginInlineEnd: 0 }}>
              {t('efficiency.cases.deadline')} {item.deadline.date}
              {item.deadline.overdue ? ` · ${t('efficiency.cases.overdue')}` : ''}
            </Tag>
          ) : null}
        </Flex>
      </Flex>
    </Card>
  );
}

/** 整改案件 (QP-14, SJ-14): every case on a board by stage; a unit sees its own. */
export function CasesPage() {
  const t = useT();
  const [closed, setClosed] = useState(false);
  const cases = useAsync(useCallback(() => listRectificationCases({ state: closed ? 'all' : 'active' }, 1, BOARD_SIZE), [closed]));
  const items = cases.data?.items ?? [];
  const columns = closed ? COLUMNS : COLUMNS.filter((c) => c.key !== 'closed');
  return (
    <PageContainer
      title={t('efficiency.cases.title')}
      subtitle={t('efficiency.cases.subtitle')}
      extra={
        <Flex gap={8} align="center">
          <Switch checked={closed} onChange={setClosed} data-testid="cases-show-closed" />
          <span>{t('efficiency.cases.showClosed')}</span>
        </Flex>
      }
    >
      {cases.error ? <ApiErrorAlert error={cases.error} /> : null}
      {cases.loading && !cases.data ? <Loading /> : null}
      {cases.data && items.length === 0 ? (
        <Card data-testid="cases-empty">
          <Empty description={t('efficiency.cases.empty')} />
        </Card>
      ) : null}
      {items.length > 0 ? (
        <div style={{ overflowX: 'auto' }}>
          <Row gutter={12} wrap={false} data-testid="cases-board">
            {columns.map((column) => {
              const inColumn = items.filter((item) => column.stages.includes(item.stage));
              return (
                <Col key={column.key} flex="0 0 230px">
                  <Card size="small" title={`${t(`efficiency.cases.columns.${column.key}`)} (${inColumn.length})`} styles={{ body: { padding: 8 } }} data-testid={`cases-column-${column.key}`}>
                    <Flex vertical gap={8}>
                      {inColumn.length === 0 ? <Typography.Text type="secondary">{t('efficiency.cases.columnEmpty')}</Typography.Text> : inColumn.map((item) => <CaseCard key={item.id} item={item} />)}
                    </Flex>
                  </Card>
                </Col>
              );
            })}
          </Row>
        </div>
      ) : null}
    </PageContainer>
  );
}
