import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/i18n-provider.tsx';

/** The header's bell: the unread count, opening the inbox. */
export function NotificationBell({ unread }: { unread: number | null }) {
  const t = useT();
  const navigate = useNavigate();
  const label = unread ? t('header.notificationsUnread', { count: unread }) : t('header.notifications');
  return (
    <Tooltip title={label}>
      <Badge count={unread ?? 0} size="small" overflowCount={99} data-testid="notification-count">
        <Button type="text" icon={<BellOutlined />} aria-label={label} onClick={() => navigate('/notifications')} data-testid="notification-bell" />
      </Badge>
    </Tooltip>
  );
}
