import { Flex, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useT } from '../i18n/i18n-provider.tsx';
import { dueDateOf, formatDateTime } from '../i18n/shanghai-time.ts';

export interface DueDateProps {
  dueAt: string | null;
  provisional?: boolean;
  overdue?: boolean;
}

/** The last day of a working-day deadline, “暂定” while its year's holidays are unpublished, red when passed. */
export function DueDate({ dueAt, provisional = false, overdue = false }: DueDateProps) {
  const t = useT();
  if (!dueAt) return <span>{t('common.none')}</span>;
  return (
    <Flex gap={4} align="center" wrap>
      <Tooltip title={t('applications.dueAtHint', { at: formatDateTime(dueAt) })}>
        <Typography.Text type={overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {dueDateOf(dueAt)}
        </Typography.Text>
      </Tooltip>
      {provisional ? (
        <Tooltip title={t('applications.provisionalHint')}>
          <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="due-provisional">
            {t('applications.provisional')}
          </Tag>
        </Tooltip>
      ) : null}
      {overdue ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="overdue-tag">
          {t('applications.overdue')}
        </Tag>
      ) : null}
    </Flex>
  );
}

/** The props of a table row whose deadline has passed (a step, a work order): tinted, and marked for tests and assistive styles. */
export function overdueRow(overdue: boolean, background: string): HTMLAttributes<HTMLElement> {
  return overdue ? ({ style: { background }, 'data-overdue': 'true' } as HTMLAttributes<HTMLElement>) : {};
}
