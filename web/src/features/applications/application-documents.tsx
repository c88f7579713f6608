import { DownloadOutlined, FileOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { uploadApplicationDocument } from '../../api/applications-api.ts';
import { APPLICATION_DOCUMENT_CATEGORIES, type ApplicationDocumentCategory } from '../../api/contract-enums.ts';
import type { ApplicationDocument, ApplicationKind } from '../../api/contract-types.ts';
import { documentUrl } from '../../api/systems-api.ts';
import { FilePickerButton } from '../../components/file-picker-button.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatBytes } from '../../i18n/number-format.ts';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

/** What the server accepts (documents.service.ts); it checks the content, this only narrows the chooser. */
const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

const isCategory = (value: string | null): value is ApplicationDocumentCategory =>
  value !== null && (APPLICATION_DOCUMENT_CATEGORIES as readonly string[]).includes(value);

/** `87495c03…48761452`: enough of the SM3 hash to compare by eye; the whole hash is copied. */
function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

interface ApplicationDocumentsProps {
  applicationId: string;
  kind: ApplicationKind;
  documents: ApplicationDocument[];
  /** The unit's staff may add documents while the application is in review or returned. */
  mayUpload: boolean;
  onChanged: () => void;
}

/**
 * 申请材料: evidence, and for a migration the pre-cloud test and assessment reports (SJ-12) that the
 * operator needs before deciding. Uploaded as the raw body with the category in the query.
 */
export function ApplicationDocuments({ applicationId, kind, documents, mayUpload, onChanged }: ApplicationDocumentsProps) {
  const t = useT();
  const feedback = useFeedback();
  const [category, setCategory] = useState<ApplicationDocumentCategory>(kind === 'migration' ? 'test_report' : 'evidence');
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadApplicationDocument(applicationId, file, category);
      feedback.succeeded(t('applications.documents.uploaded', { name: file.name }));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setUploading(false);
    }
  };

  const columns: TableColumnsType<ApplicationDocument> = [
    {
      title: t('documents.fields.filename'),
      key: 'filename',
      render: (_, document) => (
        <Flex gap={6} align="center">
          <FileOutlined />
          <Typography.Link href={documentUrl(document.id)} data-testid="application-document-download">
            {document.filename}
          </Typography.Link>
        </Flex>
      ),
    },
    {
      title: t('applications.documents.category'),
      dataIndex: 'category',
      render: (value: string | null) =>
        isCategory(value) ? <Tag>{t(`applications.documentCategories.${value}`)}</Tag> : (value ?? t('common.none')),
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
        <Button type="link" size="small" icon={<DownloadOutlined />} href={documentUrl(document.id)}>
          {t('documents.download')}
        </Button>
      ),
    },
  ];

  const reportsMissing =
    kind === 'migration' &&
    !(['test_report', 'assessment_report'] as const).every((needed) => documents.some((document) => document.category === needed));

  return (
    <Flex vertical gap={8} data-testid="application-documents">
      {mayUpload ? (
        <Flex gap={8} align="center" wrap>
          <Select<ApplicationDocumentCategory>
            value={category}
            onChange={setCategory}
            style={{ width: 200 }}
            data-testid="application-document-category"
            options={APPLICATION_DOCUMENT_CATEGORIES.map((value) => ({ value, label: t(`applications.documentCategories.${value}`) }))}
          />
          <FilePickerButton accept={ACCEPT} onPick={upload} loading={uploading} inputTestId="application-document-input">
            {t('applications.documents.upload')}
          </FilePickerButton>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('documents.uploadHint')}
          </Typography.Text>
        </Flex>
      ) : null}
      {reportsMissing ? (
        <Typography.Text type="warning" data-testid="migration-reports-missing">
          {t('applications.documents.migrationReportsMissing')}
        </Typography.Text>
      ) : null}
      <Table<ApplicationDocument>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={documents}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('applications.documents.empty')} /> }}
      />
    </Flex>
  );
}
