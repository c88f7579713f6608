import { Tag, Tooltip } from 'antd';
import { useT } from '../i18n/i18n-provider.tsx';

/**
 * 财政预算单位 or 非预算单位: who pays a statement. A non-budget unit pays its own bill at catalog prices
 * and its figures are kept apart from the district budget's (SJ-15).
 */
export function BudgetTag({ districtBudget }: { districtBudget: boolean }) {
  const t = useT();
  if (districtBudget) {
    return (
      <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="budget-tag" data-budget="district">
        {t('billing.budget.districtBudget')}
      </Tag>
    );
  }
  return (
    <Tooltip title={t('billing.budget.nonBudgetHint')}>
      <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="budget-tag" data-budget="non-budget">
        {t('billing.budget.nonBudget')}
      </Tag>
    </Tooltip>
  );
}
