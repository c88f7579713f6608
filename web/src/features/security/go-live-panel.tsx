import { EditOutlined, FileOutlined, RocketOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { type HTMLAttributes, type ReactNode, useState } from 'react';
import type { GoLiveCheck, GoLiveStatus } from '../../api/contract-types.ts';
import { goLive, recordGoLiveCheck, uploadGoLiveEvidence } from '../../api/security-api.ts';
import { documentUrl } from '../../api/systems-api.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { ConfirmActionModal } from '../../components/confirm-action-modal.tsx';
import { FilePickerButton } from '../../components/file-picker-button.tsx';
import { TextInputModal } from '../../components/text-input-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

/** What the server accepts as evidence (documents.service.ts); it checks the content, this only narrows the chooser. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

interface GoLivePanelProps {
  systemId: string;
  status: GoLiveStatus;
  mayManage: boolean;
  /** The checklist changed (or the system went live): it and the system's record are read again. */
  onChanged: () => void;
  /** The letter is completed on its own tab. */
  onOpenLetter: () => void;
}

/**
 * 上线前检查 (SJ-18, QP-22): the profile's checklist, each item with what it still lacks, recorded with its
 * evidence; 上线 is offered throughout and refused by the server, naming what is missing, until complete.
 */
export function GoLivePanel({ systemId, status, mayManage, onChanged, onOpenLetter }: GoLivePanelProps) {
  const t = useT();
  const { pick } = useLang();
  const feedback = useFeedback();
  const [recording, setRecording] = useState<GoLiveCheck | null>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const live = status.liveAt !== null;
  const editable = mayManage && !live;
  const open = status.checks.filter((check) => !check.met).length;

  const upload = async (check: GoLiveCheck, file: File) => {
    if (!check.checkId) return;
    setUploading(check.item);
    try {
      await uploadGoLiveEvidence(check.checkId, file);
      feedback.succeeded(t('securityRecord.goLive.uploaded', { name: file.name }));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setUploading(null);
    }
  };

  const columns: TableColumnsType<GoLiveCheck> = [
    { title: t('securityRecord.goLive.item'), key: 'item', render: (_, check) => <Typography.Text strong>{pick(check.label)}</Typography.Text> },
    {
      title: t('securityRecord.goLive.state'),
      key: 'state',
      render: (_, check) => (
        <Flex gap={4} wrap data-testid="go-live-state" data-met={String(check.met)}>
          <Tag color={check.met ? 'green' : 'orange'}>{t(check.met ? 'securityRecord.goLive.met' : 'securityRecord.goLive.notMet')}</Tag>
          {check.gaps.map((gap) => (
            <Tag key={gap} color="red" data-testid="go-live-gap" data-gap={gap}>
              {t(`securityRecord.goLive.gapLabels.${gap}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('securityRecord.goLive.recorded'),
      key: 'recorded',
      render: (_, check) =>
        check.recordedBy ? (
          <Flex vertical>
            <span>{t('securityRecord.goLive.recordedBy', { by: check.recordedBy, at: formatDateTime(check.recordedAt) })}</span>
            {check.note ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {check.note}
              </Typography.Text>
            ) : null}
          </Flex>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('securityRecord.goLive.evidence'),
      key: 'evidence',
      render: (_, check) =>
        check.item === 'commitment_letter' ? (
          <Typography.Link onClick={onOpenLetter} data-testid="go-live-open-letter">
            {t('securityRecord.goLive.letterHint')}
          </Typography.Link>
        ) : check.documents.length > 0 ? (
          <Flex vertical gap={2}>
            {check.documents.map((document) => (
              <Typography.Link key={document.id} href={documentUrl(document.id)} data-testid="go-live-evidence">
                <FileOutlined /> {document.filename}
              </Typography.Link>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('securityRecord.goLive.evidenceEmpty')}</Typography.Text>
        ),
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, check: GoLiveCheck) =>
              check.item === 'commitment_letter' ? null : (
                <Flex gap={4} wrap>
                  <Button size="small" icon={<EditOutlined />} onClick={() => setRecording(check)} data-testid="go-live-record">
                    {t('securityRecord.goLive.record')}
                  </Button>
                  {check.checkId ? (
                    <FilePickerButton
                      accept={ACCEPT}
                      onPick={(file) => void upload(check, file)}
                      loading={uploading === check.item}
                      inputTestId={`go-live-evidence-input-${check.item}`}
                    >
                      {t('securityRecord.goLive.upload')}
                    </FilePickerButton>
                  ) : null}
                </Flex>
              ),
          },
        ]
      : []),
  ];

  let banner: ReactNode;
  if (live) banner = <Alert type="success" showIcon title={t('securityRecord.goLive.live', { at: formatDateTime(status.liveAt), by: status.liveBy ?? '' })} data-testid="go-live-live" />;
  else if (status.complete) banner = <Alert type="info" showIcon title={t('securityRecord.goLive.complete')} data-testid="go-live-complete" />;
  else banner = <Alert type="warning" showIcon title={t('securityRecord.goLive.incomplete', { count: open })} description={t('securityRecord.goLive.hint')} data-testid="go-live-incomplete" />;

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <span>{t('securityRecord.goLive.title')}</span>
          {status.article ? <ArticleTag article={status.article} /> : null}
        </Flex>
      }
      extra={
        editable ? (
          <Button type="primary" icon={<RocketOutlined />} onClick={() => setConfirming(true)} data-testid="go-live">
            {t('securityRecord.goLive.goLive')}
          </Button>
        ) : null
      }
    >
      <Flex vertical gap={12}>
        {banner}
        <Table<GoLiveCheck>
          rowKey="item"
          size="small"
          columns={columns}
          dataSource={status.checks}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(check) => ({ 'data-item': check.item }) as HTMLAttributes<HTMLElement>}
          data-testid="go-live-checks"
        />
      </Flex>
      <TextInputModal
        open={recording !== null}
        title={recording ? t('securityRecord.goLive.recordTitle', { item: pick(recording.label) }) : ''}
        label={t('securityRecord.goLive.note')}
        max={1000}
        testId="go-live-record-dialog"
        submit={(note) => recordGoLiveCheck(systemId, recording!.item, note)}
        onClose={() => setRecording(null)}
        onDone={() => {
          if (recording) feedback.succeeded(t('securityRecord.goLive.recordedDone', { item: pick(recording.label) }));
          setRecording(null);
          onChanged();
        }}
      />
      <ConfirmActionModal
        open={confirming}
        title={t('securityRecord.goLive.goLiveTitle')}
        okText={t('securityRecord.goLive.goLive')}
        testId="go-live-dialog"
        action={() => goLive(systemId)}
        onClose={() => setConfirming(false)}
        onDone={() => {
          setConfirming(false);
          feedback.succeeded(t('securityRecord.goLive.wentLive'));
          onChanged();
        }}
      >
        {t('securityRecord.goLive.goLiveConfirm')}
      </ConfirmActionModal>
    </Card>
  );
}
