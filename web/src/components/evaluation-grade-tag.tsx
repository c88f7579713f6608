import { Tag } from 'antd';
import type { EvaluationGrade } from '../api/contract-types.ts';
import { useT } from '../i18n/i18n-provider.tsx';

/** Best to worst, as the chart and the tags colour them. */
export const GRADE_COLORS: Record<EvaluationGrade, string> = { excellent: 'green', good: 'blue', pass: 'gold', fail: 'red' };

/** 优秀 / 良好 / 合格 / 不合格: a unit's grade in the yearly evaluation (QP-24). */
export function EvaluationGradeTag({ grade, testId }: { grade: EvaluationGrade; testId?: string }) {
  const t = useT();
  return (
    <Tag color={GRADE_COLORS[grade]} style={{ marginInlineEnd: 0 }} data-testid={testId} data-grade={grade}>
      {t(`evaluation.grades.${grade}`)}
    </Tag>
  );
}
