import { Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { can } from '../../access.ts';
import { isApiError } from '../../api/client.ts';
import type { UnitGrade } from '../../api/contract-types.ts';
import { getUnitGrade } from '../../api/evaluation-api.ts';
import { fetchPolicyOnce } from '../../api/policy-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { GRADE_COLORS } from '../../components/evaluation-grade-tag.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { shanghaiToday } from '../../i18n/shanghai-time.ts';
import { flagOf } from './application-kinds.ts';

/** The unit's grade, or null when it has none or it is not the reader's to see (another unit's: not found). */
function loadGrade(unitId: string): Promise<UnitGrade | null> {
  return getUnitGrade(unitId).catch((error: unknown) => {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  });
}

/**
 * “上年度综合评价：良好（2025 年度，第 3/12 名）” beside the applicant unit: the latest published grade is an
 * important basis for deciding its applications (QP-25), where the profile says results inform them.
 */
export function UnitGradeTag({ unitId }: { unitId: string }) {
  const t = useT();
  const { me } = useMe();
  const policy = useAsync(fetchPolicyOnce);
  const informs = flagOf(policy.data, 'evaluation.resultsInformApplications', false) && can(me, 'evaluation:read');
  const grade = useAsync(useCallback(() => (informs ? loadGrade(unitId) : Promise.resolve(null)), [informs, unitId]));
  if (!informs || grade.loading) return null;
  if (grade.error) return <Typography.Text type="secondary">{t('common.loadFailed')}</Typography.Text>;
  if (!grade.data) {
    return (
      <Tag style={{ marginInlineEnd: 0 }} data-testid="unit-grade">
        {t('evaluation.applicationGrade.none')}
      </Tag>
    );
  }
  const { year, rank, units } = grade.data;
  const params = { grade: t(`evaluation.grades.${grade.data.grade}`), year, rank, units };
  return (
    <Tag color={GRADE_COLORS[grade.data.grade]} style={{ marginInlineEnd: 0 }} data-testid="unit-grade" data-grade={grade.data.grade}>
      {year === shanghaiToday().year - 1 ? t('evaluation.applicationGrade.lastYear', params) : t('evaluation.applicationGrade.latest', params)}
    </Tag>
  );
}
