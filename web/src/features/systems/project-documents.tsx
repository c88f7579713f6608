import type { ProjectDocument } from '../../api/contract-types.ts';
import { uploadProjectDocument } from '../../api/systems-api.ts';
import { DocumentList } from '../../components/document-list.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

interface ProjectDocumentsProps {
  projectId: string;
  documents: ProjectDocument[];
  mayManage: boolean;
  onChanged: () => void;
}

/** The documents of one project approval (立项批复, 佐证材料): upload, download, SM3 hash, delete. */
export function ProjectDocuments({ projectId, documents, mayManage, onChanged }: ProjectDocumentsProps) {
  const t = useT();
  return (
    <DocumentList
      documents={documents}
      upload={(file) => uploadProjectDocument(projectId, file)}
      mayUpload={mayManage}
      mayDelete={mayManage}
      onChanged={onChanged}
      title={t('documents.title')}
      texts={{
        upload: t('documents.upload'),
        uploaded: (name) => t('documents.uploaded', { name }),
        empty: t('documents.empty'),
      }}
      testIds={{
        list: 'project-documents',
        download: 'document-download',
        fileInput: 'document-file-input',
        sm3: 'document-sm3',
        delete: 'document-delete',
      }}
    />
  );
}
