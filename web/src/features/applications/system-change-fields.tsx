import { Alert, Form } from 'antd';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { type FormContext, PlatformField, SystemField, TextAreaField } from './form-controls.tsx';
import { ResizesField } from './provisioning-fields.tsx';

/** 变更申请 (SJ-13): any change of a system's cloud resources is approved by the operator first. */
export function ChangeFields({ context }: { context: FormContext }) {
  const t = useT();
  const form = Form.useFormInstance();
  return (
    <>
      <SystemField context={context} onChange={() => form.setFieldsValue({ resizes: [] })} />
      <TextAreaField
        name="description"
        label={t('applications.fields.changeDescription')}
        max={2000}
        rows={5}
        testId="application-description"
        placeholder={t('applications.form.changePlaceholder')}
      />
      <ResizesField />
    </>
  );
}

/**
 * 迁移上云 (SJ-12): a system registered as an existing system to migrate; its pre-cloud test and
 * assessment reports are attached on the application's page after submission, and the operator records
 * the assessment result when approving.
 */
export function MigrationFields({ context }: { context: FormContext }) {
  const t = useT();
  const migrating = context.systems.filter((system) => system.constructionType === 'migrate');
  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="migration-reports-note"
        title={
          <span>
            {t('applications.form.migrationReportsNote')} <ArticleTag article="SJ-12" />
          </span>
        }
      />
      <SystemField
        context={context}
        filter={(system) => system.constructionType === 'migrate'}
        extra={migrating.length === 0 && !context.systemsLoading ? t('applications.form.noMigratingSystems') : t('applications.form.migratingSystemsHint')}
      />
      <PlatformField platforms={context.platforms} loading={context.platformsLoading} />
      <TextAreaField
        name="description"
        label={t('applications.fields.migrationDescription')}
        max={2000}
        rows={5}
        testId="application-description"
        placeholder={t('applications.form.migrationPlaceholder')}
      />
    </>
  );
}
