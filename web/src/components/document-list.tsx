import { DeleteOutlined, DownloadOutlined, FileOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Popconfirm, Table, type TableColumnsType, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import type { ApplicationDocument, ProjectDocument } from '../api/contract-types.ts';
import { deleteDocument, documentUrl } from '../api/systems-api.ts';
import { useT } from '../i18n/i18n-provider.tsx';
import { formatBytes } from '../i18n/number-format.ts';
import { formatDateTime } from '../i18n/shanghai-time.ts';
import { FilePickerButton } from './file-picker-button.tsx';
import { useFeedback } from './use-feedback.tsx';

/** What the server accepts (documents.service.ts); it checks the content, this only narrows the chooser. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

/** What a project's and an application's documents have in common. */
type ListedDocument = Pick<ProjectDocument & ApplicationDocument, 'id' | 'filename' | 'sizeBytes' | 'sm3' | 'uploadedAt'>;

/** `87495c03…48761452`: enough of the SM3 hash to compare by eye; the whole hash is copied. */
function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

interface DocumentListTestIds {
  list: string;
  download: string;
  fileInput: string;
  sm3?: string;
  delete?: string;
}

interface DocumentListTexts {
  upload: string;
  uploaded: (name: string) => string;
  empty: string;
}

interface DocumentListProps {
  documents: ListedDocument[];
  /**
   * Sends one file where the documents belong. The caller binds the upload URL (and the category, where
   * the documents carry one) through its API function, so the request is exactly that function's.
   */
  upload: (file: File) => Promise<unknown>;
  mayUpload: boolean;
  /** Whether the list offers deletion at all (undefined: never), and if so whether this user may delete. */
  mayDelete?: boolean;
  onChanged: () => void;
  /** A heading with the upload button beside it; without one, the upload controls form a row of their own. */
  title?: string;
  /** Controls before the upload button in the row without a heading, e.g. the category to upload as. */
  uploadControls?: ReactNode;
  /** Shown between the upload controls and the table, e.g. which documents are still missing. */
  notice?: ReactNode;
  /** A category column after the file name, where the documents carry one. */
  category?: { title: string; render: (category: string | null) => ReactNode };
  texts: DocumentListTexts;
  testIds: DocumentListTestIds;
}

/** A list of documents: upload, download, size, SM3 hash, upload time and, where offered, delete. */
export function DocumentList({
  documents,
  upload,
  mayUpload,
  mayDelete,
  onChanged,
  title,
  uploadControls,
  notice,
  category,
  texts,
  testIds,
}: DocumentListProps) {
  const t = useT();
  const feedback = useFeedback();
  const [uploading, setUploading] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);

  const pick = async (file: File) => {
    setUploading(true);
    try {
      await upload(file);
      feedback.succeeded(texts.uploaded(file.name));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setUploading(false);
    }
  };

  const remove = async (document: ListedDocument) => {
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

  const download = (document: ListedDocument) => (
    <Button type="link" size="small" icon={<DownloadOutlined />} href={documentUrl(document.id)}>
      {t('documents.download')}
    </Button>
  );

  const columns: TableColumnsType<ListedDocument> = [
    {
      title: t('documents.fields.filename'),
      key: 'filename',
      render: (_, document) => (
        <Flex gap={6} align="center">
          <FileOutlined />
          <Typography.Link href={documentUrl(document.id)} data-testid={testIds.download}>
            {document.filename}
          </Typography.Link>
        </Flex>
      ),
    },
    ...(category ? [{ title: category.title, dataIndex: 'category', render: category.render }] : []),
    { title: t('documents.fields.size'), dataIndex: 'sizeBytes', align: 'right', render: (size: number) => formatBytes(size) },
    {
      title: t('documents.fields.sm3'),
      dataIndex: 'sm3',
      render: (hash: string) => (
        <Typography.Text
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          copyable={{ text: hash, tooltips: [t('common.copy'), t('common.copied')] }}
          title={hash}
          data-testid={testIds.sm3}
        >
          {shortHash(hash)}
        </Typography.Text>
      ),
    },
    { title: t('documents.fields.uploadedAt'), dataIndex: 'uploadedAt', render: (at: string) => formatDateTime(at) },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, document) =>
        mayDelete === undefined ? (
          download(document)
        ) : (
          <Flex gap={0}>
            {download(document)}
            {mayDelete ? (
              <Popconfirm
                title={t('documents.deleteConfirm', { name: document.filename })}
                okText={t('common.confirm')}
                cancelText={t('common.cancel')}
                onConfirm={() => remove(document)}
              >
                <Button type="link" size="small" danger icon={<DeleteOutlined />} loading={busyId === document.id} data-testid={testIds.delete}>
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
        ),
    },
  ];

  const picker = (
    <FilePickerButton accept={ACCEPT} onPick={pick} loading={uploading} inputTestId={testIds.fileInput}>
      {texts.upload}
    </FilePickerButton>
  );

  return (
    <Flex vertical gap={8} data-testid={testIds.list}>
      {title !== undefined ? (
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex vertical>
            <Typography.Text strong>{title}</Typography.Text>
            {mayUpload ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('documents.uploadHint')}
              </Typography.Text>
            ) : null}
          </Flex>
          {mayUpload ? picker : null}
        </Flex>
      ) : mayUpload ? (
        <Flex gap={8} align="center" wrap>
          {uploadControls}
          {picker}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('documents.uploadHint')}
          </Typography.Text>
        </Flex>
      ) : null}
      {notice}
      <Table<ListedDocument>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={documents}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={texts.empty} /> }}
      />
    </Flex>
  );
}
