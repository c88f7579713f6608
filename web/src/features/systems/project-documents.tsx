import { DeleteOutlined, DownloadOutlined, FileOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Popconfirm, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import type { ProjectDocument } from '../../api/contract-types.ts';
import { deleteDocument, documentUrl, uploadProjectDocument } from '../../api/systems-api.ts';
import { FilePickerButton } from '../../components/file-picker-button.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatBytes } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

/** What the server accepts (documents.service.ts); it checks the content, this only narrows the chooser. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

/** `87495c03…48761452`: enough of the SM3 hash to compare by eye; the whole hash is copied. */
function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

interface ProjectDocumentsProps {
  projectId: string;
  documents: ProjectDocument[];
  mayManage: boolean;
  onChanged: () => void;
}

/** The documents of one project approval (立项批复, 佐证材料): upload, download, SM3 hash, delete. */
export function ProjectDocuments({ projectId, documents, mayManage, onChanged }: ProjectDocumentsProps) {
  const t = useT();
  const feedback = useFeedback();
  const [uploading, setUploading] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadProjectDocument(projectId, file);
      feedback.succeeded(t('documents.uploaded', { name: file.name }));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setUploading(false);
    }
  };

  const remove = async (document: ProjectDocument) => {
    setBusyId(document.id);
    try {
      await deleteDocument(document.id);
      feedback.succeeded(t('documents.deleted', { name: document.filename }));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setBusyId(null);
    }
  };

  const columns: TableColumnsType<ProjectDocument> = [
    {
      title: t('documents.fields.filename'),
      key: 'filename',
      render: (_, document) => (
        <Flex gap={6} align="center">
          <FileOutlined />
          <Typography.Link href={documentUrl(document.id)} data-testid="document-download">
            {document.filename}
          </Typography.Link>
        </Flex>
      ),
    },
    { title: t('documents.fields.size'), dataIndex: 'sizeBytes', align: 'right', render: (size: number) => formatBytes(size) },
    {
      title: t('documents.fields.sm3'),
      dataIndex: 'sm3',
      render: (hash: string) => (
        <Typography.Text
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          copyable={{ text: hash, tooltips: [t('common.copy'), t('common.copied')] }}
          title={hash}
          data-testid="document-sm3"
        >
          {shortHash(hash)}
        </Typography.Text>
      ),
    },
    { title: t('documents.fields.uploadedAt'), dataIndex: 'uploadedAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, document) => (
        <Flex gap={0}>
          <Button type="link" size="small" icon={<DownloadOutlined />} href={documentUrl(document.id)}>
            {t('documents.download')}
          </Button>
          {mayManage ? (
            <Popconfirm
              title={t('documents.deleteConfirm', { name: document.filename })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(document)}
            >
              <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={busyId === document.id} data-testid="document-delete">
                {t('common.delete')}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={8} data-testid="project-documents">
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Flex vertical>
          <Typography.Text strong>{t('documents.title')}</Typography.Text>
          {mayManage ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('documents.uploadHint')}
            </Typography.Text>
          ) : null}
        </Flex>
        {mayManage ? (
          <FilePickerButton accept={ACCEPT} onPick={upload} loading={uploading} inputTestId="document-file-input">
            {t('documents.upload')}
          </FilePickerButton>
        ) : null}
      </Flex>
      <Table<ProjectDocument>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={documents}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('documents.empty')} /> }}
      />
    </Flex>
  );
}
