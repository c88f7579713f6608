import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { useParams } from 'react-router';
import { can } from '../../access.ts';
import type { Project } from '../../api/contract-types.ts';
import { getQuotaUsage, getSystem, listProjects } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { Loading } from '../../components/loading.tsx';
import { MlpsLevelTag } from '../../components/mlps-level-tag.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useHostableLevel } from '../../components/use-hostable-level.ts';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { ProjectCard } from './project-card.tsx';
import { ProjectFormDrawer } from './project-form-drawer.tsx';
import { QuotaUsageCard } from './quota-usage-card.tsx';
import { SystemFormDrawer } from './system-form-drawer.tsx';
import { SystemSecurityCard } from './system-security-card.tsx';

/** One information system: its record, its quota usage, its project approvals with quotas and documents. */
export function SystemDetailPage() {
  const t = useT();
  const { me } = useMe();
  const feedback = useFeedback();
  const { id = '' } = useParams();
  const mayManage = can(me, 'system:manage');
  const [creating, setCreating] = useState(false);
  const [editingSystem, setEditingSystem] = useState(false);
  const [editingProject, setEditingProject] = useState<Project | undefined>(undefined);
  const hostable = useHostableLevel();

  const system = useAsync(useCallback(() => getSystem(id), [id]));
  const projects = useAsync(useCallback(() => listProjects(id), [id]));
  const usage = useAsync(useCallback(() => getQuotaUsage(id), [id]));
  const { platforms } = usePlatforms();

  const back = <BackLink to="/systems" label={t('systems.back')} />;

  if (!system.data) return <DetailPending loading={system.loading} error={system.error} title={t('menu.systemDetail')} back={back} />;

  const info = system.data;
  const reloadAll = () => {
    system.reload();
    projects.reload();
    usage.reload();
  };

  return (
    <PageContainer
      title={<span data-testid="system-title">{info.name}</span>}
      subtitle={info.unit.name}
      extra={
        <>
          {back}
          {mayManage ? (
            <Button icon={<EditOutlined />} onClick={() => setEditingSystem(true)} data-testid="system-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {mayManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-create">
              {t('projects.create')}
            </Button>
          ) : null}
        </>
      }
    >
      {system.error ? <ApiErrorAlert error={system.error} /> : null}
      <Card title={t('systems.info')} size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'unit', label: t('systems.fields.unit'), children: info.unit.name },
            {
              key: 'mlps',
              label: t('systems.fields.mlpsLevel'),
              children: (
                <Flex gap={8} align="center" wrap>
                  <MlpsLevelTag level={info.mlpsLevel} />
                  {info.mlpsFilingNumber ? (
                    <Typography.Text style={{ fontFamily: 'monospace' }}>{info.mlpsFilingNumber}</Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'constructionType',
              label: t('systems.fields.constructionType'),
              children: <Tag>{t(`systems.constructionTypes.${info.constructionType}`)}</Tag>,
            },
            { key: 'ownerName', label: t('systems.fields.ownerName'), children: info.ownerName },
            { key: 'ownerPhone', label: t('systems.fields.ownerPhone'), children: info.ownerPhone },
            { key: 'ownerEmail', label: t('systems.fields.ownerEmail'), children: info.ownerEmail ?? t('common.none') },
            { key: 'createdAt', label: t('systems.fields.createdAt'), children: formatDateTime(info.createdAt) },
            { key: 'updatedAt', label: t('systems.fields.updatedAt'), children: formatDateTime(info.updatedAt) },
            { key: 'projectCount', label: t('systems.fields.projectCount'), children: info.projectCount },
            {
              key: 'purpose',
              label: t('systems.fields.purpose'),
              span: 'filled',
              children: <span style={{ whiteSpace: 'pre-wrap' }}>{info.purpose}</span>,
            },
          ]}
        />
      </Card>
      {can(me, 'security:read') ? <SystemSecurityCard systemId={info.id} /> : null}
      <QuotaUsageCard usage={usage.data} loading={usage.loading} error={usage.error} />
      <Card title={t('projects.title')} size="small" data-testid="projects">
        {projects.error ? <ApiErrorAlert error={projects.error} style={{ marginBottom: 12 }} /> : null}
        {projects.loading && !projects.data ? (
          <Loading />
        ) : projects.data && projects.data.length > 0 ? (
          <Flex vertical gap={16}>
            {projects.data.map((project) => (
              <ProjectCard
                key={project.id}
                project={project}
                platforms={platforms}
                mayManage={mayManage}
                onChanged={projects.reload}
                onEdit={setEditingProject}
              />
            ))}
          </Flex>
        ) : (
          <Empty description={t('projects.empty')} />
        )}
      </Card>
      {mayManage ? (
        <ProjectFormDrawer
          open={creating}
          systemId={info.id}
          systemName={info.name}
          platforms={platforms}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            feedback.succeeded(t('projects.created'));
            reloadAll();
          }}
        />
      ) : null}
      {mayManage ? (
        <ProjectFormDrawer
          open={editingProject !== undefined}
          project={editingProject}
          systemId={info.id}
          systemName={info.name}
          platforms={platforms}
          onClose={() => setEditingProject(undefined)}
          onSaved={() => {
            setEditingProject(undefined);
            feedback.succeeded(t('projects.updated'));
            reloadAll();
          }}
        />
      ) : null}
      {mayManage ? (
        <SystemFormDrawer
          open={editingSystem}
          system={info}
          hostable={hostable}
          onClose={() => setEditingSystem(false)}
          onSaved={() => {
            setEditingSystem(false);
            feedback.succeeded(t('systems.updated'));
            system.reload();
          }}
        />
      ) : null}
    </PageContainer>
  );
}
