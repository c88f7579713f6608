import { CloudServerOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Flex, Layout, Menu, Tooltip, Typography, theme } from 'antd';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { can } from '../access.ts';
import { fetchPolicy } from '../api/policy-api.ts';
import { useMe, useSession } from '../auth/me-context.tsx';
import { LangSwitch } from '../components/lang-switch.tsx';
import { Loading } from '../components/loading.tsx';
import { RoleTags } from '../components/role-tags.tsx';
import { useAsync } from '../components/use-async.ts';
import { useLang, useT } from '../i18n/i18n-provider.tsx';
import { menuFor, menuGroupKey, routeOf } from '../routes.ts';
import { NotificationBell } from './notification-bell.tsx';
import { useAttentionCounts } from './use-attention-counts.ts';

const SIDER_WIDTH = 220;

/** The frame of the signed-in console: side menu, header with district, user and language, the page. */
export function AppLayout() {
  const { me } = useMe();
  const { logout } = useSession();
  const t = useT();
  const { pick } = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const attention = useAttentionCounts();

  const mayReadPolicy = can(me, 'policy:read');
  const loadPolicy = useCallback(() => (mayReadPolicy ? fetchPolicy() : Promise.resolve(null)), [mayReadPolicy]);
  const { data: policy } = useAsync(loadPolicy);

  const current = routeOf(location.pathname);
  const selected = current?.path;
  const currentGroup = current?.group ? menuGroupKey(current.group) : undefined;
  // The sub-menu of the page on screen is open; others stay as the user left them.
  const [openKeys, setOpenKeys] = useState<string[]>(currentGroup ? [currentGroup] : []);
  useEffect(() => {
    if (currentGroup) setOpenKeys((keys) => (keys.includes(currentGroup) ? keys : [...keys, currentGroup]));
  }, [currentGroup]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={SIDER_WIDTH}
        breakpoint="lg"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Flex
          align="center"
          justify={collapsed ? 'center' : 'flex-start'}
          gap={10}
          style={{ height: 64, paddingInline: collapsed ? 0 : 24, color: '#fff' }}
        >
          <CloudServerOutlined style={{ fontSize: 22 }} />
          {collapsed ? null : (
            <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
              {t('app.name')}
            </Typography.Text>
          )}
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          // Collapsed, the sub-menus pop up on hover by themselves; what was open comes back on expanding.
          {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
          items={menuFor(me, t, attention.pending ? { '/applications/pending': attention.pending } : {})}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            paddingInline: 24,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={16} style={{ height: '100%' }}>
            <Flex align="baseline" gap={8} style={{ minWidth: 0, overflow: 'hidden', whiteSpace: 'nowrap' }}>
              <Typography.Text strong style={{ fontSize: 16 }} data-testid="district-name">
                {policy ? pick(policy.district) : null}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis>
                {t('app.tagline')}
              </Typography.Text>
            </Flex>
            <Flex align="center" gap={12} style={{ whiteSpace: 'nowrap' }}>
              <Flex align="center" gap={6}>
                <UserOutlined />
                <Typography.Text strong data-testid="current-user">
                  {me.displayName}
                </Typography.Text>
                <Typography.Text type="secondary">{me.unit.name}</Typography.Text>
              </Flex>
              <RoleTags roles={me.roles} />
              <NotificationBell unread={attention.unread} />
              <Tooltip title={t('header.changePassword')}>
                <Button
                  type="text"
                  icon={<LockOutlined />}
                  aria-label={t('header.changePassword')}
                  onClick={() => navigate('/change-password')}
                />
              </Tooltip>
              <LangSwitch />
              <Button data-testid="logout" icon={<LogoutOutlined />} onClick={() => void logout()}>
                {t('header.logout')}
              </Button>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
