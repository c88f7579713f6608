import { Button, Card, Empty, Flex, Statistic, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { can } from '../../access.ts';
import { listPendingApplications } from '../../api/applications-api.ts';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

/** 我的待办: for approvers, the applications waiting for their role and how many are overdue. */
export function TodoCard() {
  const t = useT();
  const { me } = useMe();
  const decides = can(me, 'application:decide');
  const load = useCallback(() => (decides ? listPendingApplications(1, MAX_PAGE_SIZE) : Promise.resolve(null)), [decides]);
  const { data, error } = useAsync(load);
  const overdue = data ? data.items.filter((application) => application.currentStep?.overdue).length : 0;

  return (
    <Card title={t('home.todo')} style={{ height: '100%' }} data-testid="home-todo">
      {error ? <ApiErrorAlert error={error} /> : null}
      {data && data.total > 0 ? (
        <Flex vertical gap={12} align="flex-start">
          <Statistic title={t('home.todoPending')} value={data.total} />
          {overdue > 0 ? <Typography.Text type="danger">{t('home.todoOverdue', { count: overdue })}</Typography.Text> : null}
          <Link to="/applications/pending">
            <Button type="primary">{t('home.todoOpen')}</Button>
          </Link>
        </Flex>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.todoEmpty')}>
          {can(me, 'application:submit') ? (
            <Link to="/applications">
              <Button>{t('home.todoApplications')}</Button>
            </Link>
          ) : null}
        </Empty>
      )}
    </Card>
  );
}
