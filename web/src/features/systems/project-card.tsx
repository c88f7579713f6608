import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Divider, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Platform, Project } from '../../api/contract-types.ts';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity, formatYuan } from '../../i18n/number-format.ts';
import { formatDate, formatDateTime } from '../../i18n/shanghai-time.ts';
import { ProjectDocuments } from './project-documents.tsx';

type QuotaView = Project['quotas'][number];

interface ProjectCardProps {
  project: Project;
  /** Every platform, to name the intended ones. */
  platforms: readonly Platform[];
  mayManage: boolean;
  onChanged: () => void;
  onEdit: (project: Project) => void;
}

/** One project approval: its record, its quota lines with their basis (QP-8), its documents. */
export function ProjectCard({ project, platforms, mayManage, onChanged, onEdit }: ProjectCardProps) {
  const t = useT();

  const platformNames = project.platformIds.map((id) => platforms.find((platform) => platform.id === id)?.name ?? id);

  const quotaColumns: TableColumnsType<QuotaView> = [
    {
      title: t('projects.quota.item'),
      key: 'item',
      render: (_, quota) => (
        <Flex vertical>
          <span>{quota.itemName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {quota.itemCode}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('projects.quota.quantity'),
      key: 'quantity',
      align: 'right',
      render: (_, quota) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          {formatQuantity(quota.quantity)} {unitOfMeasureLabel(t, quota.unitOfMeasure)}
        </span>
      ),
    },
    { title: t('projects.quota.basis'), dataIndex: 'basis', render: (basis: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{basis}</span> },
  ];

  return (
    <Card
      size="small"
      type="inner"
      data-testid="project-card"
      extra={
        mayManage ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(project)} data-testid="project-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
      title={
        <Flex gap={8} align="center" wrap>
          <span>{project.documentNumber}</span>
          <Tag color={project.architecture === 'arm' ? 'volcano' : 'blue'}>{t(`estate.architectures.${project.architecture}`)}</Tag>
        </Flex>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: 'approvedOn', label: t('projects.fields.approvedOn'), children: formatDate(project.approvedOn) },
          { key: 'approvingBody', label: t('projects.fields.approvingBody'), children: project.approvingBody },
          { key: 'budget', label: t('projects.fields.budget'), children: formatYuan(project.budget) },
          {
            key: 'platforms',
            label: t('projects.fields.platforms'),
            children:
              platformNames.length > 0 ? (
                <Flex gap={4} wrap>
                  {platformNames.map((name) => (
                    <Tag key={name}>{name}</Tag>
                  ))}
                </Flex>
              ) : (
                t('projects.platformsNone')
              ),
          },
          {
            key: 'cyclical',
            label: t('projects.fields.cyclical'),
            children: project.cyclical ? (
              <Flex vertical>
                <Tag color="orange" style={{ alignSelf: 'flex-start' }}>
                  {t('common.yes')}
                </Tag>
                <span>{project.cyclicalPattern}</span>
              </Flex>
            ) : (
              t('common.no')
            ),
          },
          { key: 'createdAt', label: t('projects.fields.createdAt'), children: formatDateTime(project.createdAt) },
        ]}
      />
      <Divider titlePlacement="start" plain style={{ margin: '12px 0' }}>
        {t('projects.quotasTitle')}
      </Divider>
      <Table<QuotaView>
        rowKey="itemId"
        size="small"
        columns={quotaColumns}
        dataSource={project.quotas}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      <Divider style={{ margin: '12px 0' }} />
      <ProjectDocuments projectId={project.id} documents={project.documents} mayManage={mayManage} onChanged={onChanged} />
    </Card>
  );
}
