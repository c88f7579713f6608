import type { PolicyView } from '@yunshu/shared/api';
import { Card, Empty, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { ArticleTag } from '../../components/article-tag.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { type MessageKey, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDate } from '../../i18n/shanghai-time.ts';
import { fetchPolicy } from '../../api/policy-api.ts';

type Parameter = PolicyView['parameters'][number];

/** Titles of the parameter groups the policy files use; a group not listed here shows its own name. */
const GROUP_TITLES: Record<string, MessageKey> = {
  approval: 'policy.groups.approval',
  expansion: 'policy.groups.expansion',
  change: 'policy.groups.change',
  reclamation: 'policy.groups.reclamation',
  temporary: 'policy.groups.temporary',
  migration: 'policy.groups.migration',
  cityCloud: 'policy.groups.cityCloud',
  efficiency: 'policy.groups.efficiency',
  dataSync: 'policy.groups.dataSync',
  settlement: 'policy.groups.settlement',
  security: 'policy.groups.security',
  operations: 'policy.groups.operations',
  evaluation: 'policy.groups.evaluation',
};

/** Groups in the order the policy profile lists them. */
function groupsOf(parameters: Parameter[]): [string, Parameter[]][] {
  const groups = new Map<string, Parameter[]>();
  for (const parameter of parameters) {
    const members = groups.get(parameter.group) ?? [];
    members.push(parameter);
    groups.set(parameter.group, members);
  }
  return [...groups.entries()];
}

export function PolicyPage() {
  const t = useT();
  const { pick } = useLang();
  const { data: policy, error, loading } = useAsync(fetchPolicy);

  const columns: TableColumnsType<Parameter> = [
    {
      title: t('policy.columns.label'),
      key: 'label',
      width: '28%',
      render: (_, parameter) => (
        <Flex vertical>
          <Typography.Text>{pick(parameter.label)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {parameter.key}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('policy.columns.value'),
      dataIndex: 'display',
      width: '18%',
      render: (display: string) => <Typography.Text strong>{display}</Typography.Text>,
    },
    {
      title: t('policy.columns.article'),
      dataIndex: 'article',
      width: 120,
      render: (article: string | null) =>
        article ? <ArticleTag article={article} /> : <Typography.Text type="secondary">{t('policy.districtFixed')}</Typography.Text>,
    },
    {
      title: t('policy.columns.basis'),
      dataIndex: 'basis',
      render: (basis: string | null) => basis ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
    },
  ];

  if (loading && !policy) return <Loading />;

  return (
    <PageContainer
      title={t('policy.title')}
      subtitle={
        policy ? (
          <Flex vertical gap={2} component="span">
            <span data-testid="policy-subtitle">
              {t('policy.subtitle', {
                district: pick(policy.district),
                title: policy.regulation.title,
                number: policy.regulation.number,
              })}
            </span>
            <span>
              {t('policy.issuedOn', { date: formatDate(policy.regulation.issuedOn) })} · {t('policy.readOnly')}
            </span>
          </Flex>
        ) : undefined
      }
    >
      {error ? <ApiErrorAlert error={error} /> : null}
      {policy && policy.parameters.length === 0 ? (
        <Card>
          <Empty description={t('policy.empty')} />
        </Card>
      ) : null}
      {policy
        ? groupsOf(policy.parameters).map(([group, parameters]) => {
            const titleKey = Object.hasOwn(GROUP_TITLES, group) ? GROUP_TITLES[group] : undefined;
            return (
              <Card key={group} title={titleKey ? t(titleKey) : group} size="small" data-testid={`policy-group-${group}`}>
                <Table<Parameter>
                  rowKey="key"
                  size="small"
                  columns={columns}
                  dataSource={parameters}
                  pagination={false}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('policy.empty')} /> }}
                />
              </Card>
            );
          })
        : null}
    </PageContainer>
  );
}
