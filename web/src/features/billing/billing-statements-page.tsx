import { CalculatorOutlined } from '@ant-design/icons';
import { Button, Card, Form, type TableColumnsType, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../access.ts';
import { listBillingMonths, listStatements, type StatementFilters } from '../../api/billing-api.ts';
import type { Statement } from '../../api/contract-types.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BudgetTag } from '../../components/budget-tag.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { PagedTable } from '../../components/paged-table.tsx';
import { SearchBar } from '../../components/search-bar.tsx';
import { FilterSelect } from '../../components/search-fields.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { usePagedList } from '../../components/use-paged-list.ts';
import { useUnitOptions } from '../../components/use-unit-options.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatYuan } from '../../i18n/number-format.ts';
import { BillingMonthsCard } from './billing-months-card.tsx';
import { MonthStatusTag } from './billing-views.tsx';
import { RateMonthModal } from './rate-month-modal.tsx';

interface SearchValues {
  month?: string;
  districtBudget?: 'true' | 'false';
  unitId?: string;
}

/** The address of a statement, remembering the month the list showed so 返回 comes back to it. */
export function statementPath(statement: Pick<Statement, 'id' | 'month'>): string {
  return `/billing/statements/${statement.id}?month=${encodeURIComponent(statement.month)}`;
}

/**
 * 月度账单: the rated months, and the statements per unit — district-budget and non-budget units apart
 * (SJ-15) — with the FOCUS export of each month. Those who bill (billing:manage) rate a month into draft
 * statements and confirm an ended one, which freezes it. A unit sees its own statements (QP-19).
 */
export function BillingStatementsPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const mayManage = can(me, 'billing:manage');
  const allUnits = me.scope === 'all';
  const [params] = useSearchParams();
  const [initialFilters] = useState<StatementFilters>(() => ({ month: params.get('month') ?? undefined }));
  const [searchForm] = Form.useForm<SearchValues>();
  const months = useAsync(useCallback(() => listBillingMonths(), []));
  const list = usePagedList(listStatements, initialFilters);
  const units = useUnitOptions({ type: 'user_unit', enabled: allUnits });
  // null: closed; '': choose a month; a month: rate it again.
  const [rating, setRating] = useState<string | null>(null);

  const searchOf = (values: SearchValues): StatementFilters => ({ month: values.month, districtBudget: values.districtBudget, unitId: values.unitId });
  const showMonth = (month: string) => {
    searchForm.setFieldsValue({ month });
    list.search(searchOf(searchForm.getFieldsValue(true) as SearchValues));
  };
  const refreshAll = () => {
    months.reload();
    list.reload();
  };

  const columns: TableColumnsType<Statement> = [
    { title: t('billing.statements.month'), dataIndex: 'month' },
    {
      title: t('billing.statements.unit'),
      key: 'unit',
      render: (_, statement) => (
        <Link to={statementPath(statement)} data-testid="statement-link">
          {statement.unit.name}
        </Link>
      ),
    },
    { title: t('billing.statements.budget'), dataIndex: 'districtBudget', render: (budget: boolean) => <BudgetTag districtBudget={budget} /> },
    {
      title: t('billing.statements.total'),
      dataIndex: 'total',
      align: 'right',
      render: (total: string) => (
        <Typography.Text strong data-testid="statement-total">
          {formatYuan(total)}
        </Typography.Text>
      ),
    },
    { title: t('billing.statements.lines'), dataIndex: 'lineCount', align: 'right' },
    { title: t('billing.statements.status'), dataIndex: 'status', render: (status: Statement['status']) => <MonthStatusTag status={status} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, statement) => (
        <Link to={statementPath(statement)}>
          <Button size="small" type="link">
            {t('billing.statements.view')}
          </Button>
        </Link>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('billing.months.title')}
      subtitle={t('billing.months.subtitle')}
      extra={
        mayManage ? (
          <Button type="primary" icon={<CalculatorOutlined />} onClick={() => setRating('')} data-testid="billing-rate">
            {t('billing.months.rate')}
          </Button>
        ) : undefined
      }
    >
      <BillingMonthsCard
        months={months.data}
        loading={months.loading}
        error={months.error}
        onView={showMonth}
        onRerate={(month) => setRating(month)}
        onChanged={refreshAll}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('billing.statements.title')}
      </Typography.Title>
      <SearchBar form={searchForm} initialValues={{ month: initialFilters.month }} onSearch={(values) => list.search(searchOf(values))}>
        <FilterSelect
          name="month"
          label={t('billing.statements.month')}
          width={140}
          testId="statements-month"
          options={(months.data ?? []).map((month) => ({ value: month.month, label: month.month }))}
        />
        <FilterSelect
          name="districtBudget"
          label={t('billing.statements.budget')}
          width={150}
          options={[
            { value: 'true', label: t('billing.budget.districtBudget') },
            { value: 'false', label: t('billing.budget.nonBudget') },
          ]}
        />
        {allUnits ? (
          <FilterSelect name="unitId" label={t('billing.statements.unit')} width={220} loading={units.loading} options={units.options} />
        ) : null}
      </SearchBar>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Card size="small" data-testid="statements-table">
        <PagedTable<Statement> rowKey="id" columns={columns} list={list} scroll={{ x: 'max-content' }} empty={t('billing.statements.empty')} />
      </Card>
      <RateMonthModal
        open={rating !== null}
        month={rating || undefined}
        months={months.data ?? []}
        onClose={() => setRating(null)}
        onDone={(result) => {
          setRating(null);
          feedback.succeeded(
            t('billing.rate.done', { month: result.month, statements: result.statements, lines: result.lines, total: formatYuan(result.total) }),
          );
          refreshAll();
        }}
      />
    </PageContainer>
  );
}
