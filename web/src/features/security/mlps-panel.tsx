import { EditOutlined, PlayCircleOutlined, CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { Assessment, MlpsStatus, RectificationItem } from '../../api/contract-types.ts';
import { updateRectification } from '../../api/security-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { Loading } from '../../components/loading.tsx';
import { MlpsLevelTag } from '../../components/mlps-level-tag.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDate, formatDateTime } from '../../i18n/shanghai-time.ts';
import { AssessmentModal, MlpsModal, RectificationDoneModal } from './mlps-modals.tsx';

const RECTIFICATION_COLORS = { open: 'orange', in_progress: 'blue', done: 'green' } as const;

function MlpsRecord({ status }: { status: MlpsStatus }) {
  const t = useT();
  const { reassessment } = status;
  let due: ReactNode;
  if (reassessment.dueOn) {
    due = (
      <Flex gap={4} align="center" wrap>
        <Typography.Text type={reassessment.overdue ? 'danger' : undefined}>{reassessment.dueOn}</Typography.Text>
        {reassessment.overdue ? (
          <Tag color="red" data-testid="mlps-overdue">
            {t('securityRecord.mlps.overdue')}
          </Tag>
        ) : null}
        {reassessment.basis && reassessment.intervalMonths ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('securityRecord.mlps.reassessmentBasis', { interval: reassessment.intervalMonths, basis: t(`securityRecord.mlps.basis.${reassessment.basis}`) })}
          </Typography.Text>
        ) : null}
        {reassessment.article ? <ArticleTag article={reassessment.article} /> : null}
      </Flex>
    );
  } else {
    due = reassessment.intervalMonths === null ? t('securityRecord.mlps.reassessmentNone') : t('securityRecord.mlps.reassessmentUnknown');
  }
  const filing = status.filingNumber ? status.filingNumber : status.mlpsLevel < 2 ? t('securityRecord.mlps.noFilingNeeded') : <Tag color="orange">{t('securityRecord.mlps.notFiled')}</Tag>;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      data-testid="mlps-record"
      items={[
        { key: 'level', label: t('securityRecord.mlps.level'), children: <MlpsLevelTag level={status.mlpsLevel} /> },
        {
          key: 'gradedOn',
          label: t('securityRecord.mlps.gradedOn'),
          children: status.gradedOn ? <span data-testid="mlps-graded">{formatDate(status.gradedOn)}</span> : <Tag color="orange">{t('securityRecord.mlps.notGraded')}</Tag>,
        },
        { key: 'filingNumber', label: t('securityRecord.mlps.filingNumber'), children: <span data-testid="mlps-filing">{filing}</span> },
        { key: 'filedOn', label: t('securityRecord.mlps.filedOn'), children: formatDate(status.filedOn) },
        { key: 'filingAuthority', label: t('securityRecord.mlps.filingAuthority'), children: status.filingAuthority ?? t('common.none') },
        {
          key: 'lastAssessment',
          label: t('securityRecord.mlps.lastAssessment'),
          children:
            status.lastAssessedOn && status.lastResult
              ? t('securityRecord.mlps.lastAssessmentValue', { date: status.lastAssessedOn, result: t(`securityRecord.assessments.results.${status.lastResult}`) })
              : t('common.none'),
        },
        { key: 'openRectifications', label: t('securityRecord.mlps.openRectifications'), children: status.openRectifications },
        { key: 'due', label: t('securityRecord.mlps.reassessmentDue'), span: 2, children: due },
      ]}
    />
  );
}

interface AssessmentCardProps {
  assessment: Assessment;
  mayManage: boolean;
  onChanged: () => void;
}

function AssessmentCard({ assessment, mayManage, onChanged }: AssessmentCardProps) {
  const t = useT();
  const feedback = useFeedback();
  const [finishing, setFinishing] = useState<RectificationItem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const start = async (item: RectificationItem) => {
    setBusy(item.id);
    try {
      await updateRectification(item.id, { status: 'in_progress' });
      feedback.succeeded(t('securityRecord.assessments.updated'));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusy(null);
    }
  };
  const columns: TableColumnsType<RectificationItem> = [
    { title: t('securityRecord.assessments.description'), dataIndex: 'description' },
    { title: t('securityRecord.assessments.dueOn'), dataIndex: 'dueOn', render: (value: string | null) => formatDate(value) },
    {
      title: t('securityRecord.assessments.status'),
      key: 'status',
      render: (_, item) => (
        <Tag color={RECTIFICATION_COLORS[item.status]} data-testid="rectification-status" data-status={item.status}>
          {t(`securityRecord.assessments.statuses.${item.status}`)}
        </Tag>
      ),
    },
    { title: t('securityRecord.assessments.doneOn'), dataIndex: 'doneOn', render: (value: string | null) => formatDate(value) },
    ...(mayManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, item: RectificationItem) =>
              item.status === 'done' ? null : (
                <Flex gap={0}>
                  {item.status === 'open' ? (
                    <Button type="link" size="small" icon={<PlayCircleOutlined />} loading={busy === item.id} onClick={() => void start(item)}>
                      {t('securityRecord.assessments.start')}
                    </Button>
                  ) : null}
                  <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setFinishing(item)} data-testid="rectification-done">
                    {t('securityRecord.assessments.markDone')}
                  </Button>
                </Flex>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card
      size="small"
      type="inner"
      title={`${assessment.assessedOn} · ${assessment.assessor}`}
      extra={
        <Tag color={assessment.result === 'pass' ? 'green' : 'red'} data-testid="assessment-result-tag">
          {t(`securityRecord.assessments.results.${assessment.result}`)}
        </Tag>
      }
      data-testid="assessment"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'level', label: t('securityRecord.assessments.level'), children: <MlpsLevelTag level={assessment.level} /> },
          { key: 'score', label: t('securityRecord.assessments.score'), children: assessment.score ?? t('common.none') },
          { key: 'by', label: t('securityRecord.assessments.recordedBy'), children: `${assessment.createdBy} · ${formatDateTime(assessment.createdAt)}` },
          { key: 'findings', label: t('securityRecord.assessments.findings'), span: 'filled', children: <span style={{ whiteSpace: 'pre-wrap' }}>{assessment.findings ?? t('common.none')}</span> },
        ]}
      />
      <Table<RectificationItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={assessment.rectifications}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('securityRecord.assessments.rectificationsEmpty')} /> }}
      />
      <RectificationDoneModal
        item={finishing}
        onClose={() => setFinishing(null)}
        onDone={() => {
          setFinishing(null);
          feedback.succeeded(t('securityRecord.assessments.updated'));
          onChanged();
        }}
      />
    </Card>
  );
}

interface MlpsPanelProps {
  systemId: string;
  status: MlpsStatus;
  assessments: { data: Assessment[] | undefined; error: unknown; loading: boolean };
  mayManage: boolean;
  /** The record changed: the status and the assessments are read again. */
  onChanged: () => void;
}

/** 等级保护: grading and filing with the re-assessment due date (QP-22), and the assessments with their rectification items. */
export function MlpsPanel({ systemId, status, assessments, mayManage, onChanged }: MlpsPanelProps) {
  const t = useT();
  const feedback = useFeedback();
  const [recording, setRecording] = useState(false);
  const [assessing, setAssessing] = useState(false);
  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('securityRecord.mlps.title')}
        extra={
          mayManage ? (
            <Button icon={<EditOutlined />} onClick={() => setRecording(true)} data-testid="mlps-record-open">
              {t('securityRecord.mlps.record')}
            </Button>
          ) : null
        }
      >
        <MlpsRecord status={status} />
      </Card>
      <Card
        size="small"
        title={t('securityRecord.assessments.title')}
        extra={
          mayManage ? (
            <Button icon={<PlusOutlined />} onClick={() => setAssessing(true)} data-testid="assessment-create">
              {t('securityRecord.assessments.create')}
            </Button>
          ) : null
        }
      >
        {assessments.error ? <ApiErrorAlert error={assessments.error} /> : null}
        {assessments.loading && !assessments.data ? <Loading /> : null}
        {assessments.data && assessments.data.length === 0 ? <Empty description={t('securityRecord.assessments.empty')} /> : null}
        <Flex vertical gap={12}>
          {(assessments.data ?? []).map((assessment) => (
            <AssessmentCard key={assessment.id} assessment={assessment} mayManage={mayManage} onChanged={onChanged} />
          ))}
        </Flex>
      </Card>
      <MlpsModal
        open={recording}
        systemId={systemId}
        status={status}
        onClose={() => setRecording(false)}
        onDone={() => {
          setRecording(false);
          feedback.succeeded(t('securityRecord.mlps.recorded'));
          onChanged();
        }}
      />
      <AssessmentModal
        open={assessing}
        systemId={systemId}
        onClose={() => setAssessing(false)}
        onDone={() => {
          setAssessing(false);
          feedback.succeeded(t('securityRecord.assessments.created'));
          onChanged();
        }}
      />
    </Flex>
  );
}
