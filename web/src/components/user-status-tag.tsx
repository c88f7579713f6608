import type { User } from '@yunshu/shared/api';
import { Tag, Tooltip } from 'antd';
import { useT } from '../i18n/i18n-provider.tsx';
import { formatDateTime } from '../i18n/shanghai-time.ts';

const COLORS: Record<User['status'], string> = { active: 'green', disabled: 'default', locked: 'red' };

/** 正常 / 已停用 / 已锁定 — a locked account tells until when. */
export function UserStatusTag({ user }: { user: Pick<User, 'status' | 'lockedUntil'> }) {
  const t = useT();
  const tag = <Tag color={COLORS[user.status]}>{t(`users.statuses.${user.status}`)}</Tag>;
  if (user.status === 'locked' && user.lockedUntil) {
    return <Tooltip title={t('users.lockedUntil', { until: formatDateTime(user.lockedUntil) })}>{tag}</Tooltip>;
  }
  return tag;
}
