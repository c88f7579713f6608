import { ClockCircleOutlined } from '@ant-design/icons';
import { UNIT_TYPE_LABELS } from '@yunshu/shared/roles';
import { Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { can } from '../../access.ts';
import { getUnit } from '../../api/units-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { RoleTags } from '../../components/role-tags.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { AuditActionsChart } from './audit-actions-chart.tsx';
import { TodoCard } from './todo-card.tsx';
import { UnitsByTypeChart } from './units-by-type-chart.tsx';

export function HomePage() {
  const t = useT();
  const { pick } = useLang();
  const { me } = useMe();
  const loadUnit = useCallback(() => getUnit(me.unit.id), [me.unit.id]);
  const unit = useAsync(loadUnit);

  const lastLogin = me.lastLoginAt
    ? t('home.lastLogin', { time: formatDateTime(me.lastLoginAt), ip: me.lastLoginIp ?? t('common.none') })
    : t('home.firstLogin');

  const showUnitsChart = can(me, 'unit:manage');
  const showAuditChart = can(me, 'audit:read');

  return (
    <PageContainer
      title={t('home.greeting', { name: me.displayName })}
      subtitle={
        <span data-testid="last-login">
          <ClockCircleOutlined /> {lastLogin}
        </span>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          <Card title={t('home.myUnit')} style={{ height: '100%' }} data-testid="home-my-unit">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'name', label: t('home.unitName'), children: me.unit.name },
                { key: 'type', label: t('home.unitType'), children: pick(UNIT_TYPE_LABELS[me.unit.type]) },
                {
                  key: 'budget',
                  label: t('home.districtBudget'),
                  children: unit.data ? (
                    <Tag color={unit.data.districtBudget ? 'green' : 'default'}>
                      {unit.data.districtBudget ? t('common.yes') : t('common.no')}
                    </Tag>
                  ) : (
                    t('common.none')
                  ),
                },
              ]}
            />
            {unit.error ? <ApiErrorAlert error={unit.error} /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('home.myRoles')} style={{ height: '100%' }} data-testid="home-my-roles">
            {me.roles.length > 0 ? (
              <RoleTags roles={me.roles} withArticles />
            ) : (
              <Typography.Text type="secondary">{t('home.noRoles')}</Typography.Text>
            )}
            <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
              {t('home.scope')}: {me.scope === 'all' ? t('home.scopeAll') : t('home.scopeUnit')}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <TodoCard />
        </Col>
        {showUnitsChart ? (
          <Col xs={24} lg={12}>
            <UnitsByTypeChart />
          </Col>
        ) : null}
        {showAuditChart ? (
          <Col xs={24} lg={12}>
            <AuditActionsChart />
          </Col>
        ) : null}
      </Row>
    </PageContainer>
  );
}
