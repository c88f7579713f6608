import { Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { uploadApplicationDocument } from '../../api/applications-api.ts';
import { APPLICATION_DOCUMENT_CATEGORIES, type ApplicationDocumentCategory } from '../../api/contract-enums.ts';
import type { ApplicationDocument, ApplicationKind } from '../../api/contract-types.ts';
import { DocumentList } from '../../components/document-list.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

const isCategory = (value: string | null): value is ApplicationDocumentCategory =>
  value !== null && (APPLICATION_DOCUMENT_CATEGORIES as readonly string[]).includes(value);

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
  const [category, setCategory] = useState<ApplicationDocumentCategory>(kind === 'migration' ? 'test_report' : 'evidence');

  const reportsMissing =
    kind === 'migration' &&
    !(['test_report', 'assessment_report'] as const).every((needed) => documents.some((document) => document.category === needed));

  return (
    <DocumentList
      documents={documents}
      upload={(file) => uploadApplicationDocument(applicationId, file, category)}
      mayUpload={mayUpload}
      onChanged={onChanged}
      uploadControls={
        <Select<ApplicationDocumentCategory>
          value={category}
          onChange={setCategory}
          style={{ width: 200 }}
          data-testid="application-document-category"
          options={APPLICATION_DOCUMENT_CATEGORIES.map((value) => ({ value, label: t(`applications.documentCategories.${value}`) }))}
        />
      }
      notice={
        reportsMissing ? (
          <Typography.Text type="warning" data-testid="migration-reports-missing">
            {t('applications.documents.migrationReportsMissing')}
          </Typography.Text>
        ) : null
      }
      category={{
        title: t('applications.documents.category'),
        render: (value) => (isCategory(value) ? <Tag>{t(`applications.documentCategories.${value}`)}</Tag> : (value ?? t('common.none'))),
      }}
      texts={{
        upload: t('applications.documents.upload'),
        uploaded: (name) => t('applications.documents.uploaded', { name }),
        empty: t('applications.documents.empty'),
      }}
      testIds={{
        list: 'application-documents',
        download: 'application-document-download',
        fileInput: 'application-document-input',
      }}
    />
  );
}
