import { WarningOutlined } from '@ant-design/icons';
import { Alert, Checkbox, Flex, Form, type FormInstance, Typography } from 'antd';
import { useMemo } from 'react';
import type { QuotaUsageLine } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { unitOfMeasureLabel } from '../../components/estate-labels.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatQuantity } from '../../i18n/number-format.ts';
import { flagOf, parameterOf } from './application-kinds.ts';
import { applicationRules } from './application-rules.ts';
import { ReclaimResourcesField, ResizesField, ServersField } from './provisioning-fields.tsx';
import {
  type ApplicationFormValues,
  type FormContext,
  LinesField,
  offeredOn,
  PlatformField,
  SystemField,
  TextAreaField,
} from './form-controls.tsx';

interface UsageFieldsProps {
  form: FormInstance<ApplicationFormValues>;
  context: FormContext;
}

function useUsageLines(context: FormContext) {
  return useMemo(() => new Map((context.usage?.lines ?? []).map((line) => [line.itemId, line])), [context.usage]);
}

function UsageHint({ line, text }: { line: QuotaUsageLine | undefined; text: (line: QuotaUsageLine, unit: string) => string }) {
  const t = useT();
  if (!line) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {text(line, unitOfMeasureLabel(t, line.unitOfMeasure))}
    </Typography.Text>
  );
}

/**
 * 扩容 (QP-10): the basis of the expansion is required, and the total after it stays within the quota
 * times the district's ceiling ratio; the lines are the items of the system's quota.
 */
export function ExpansionFields({ form, context }: UsageFieldsProps) {
  const t = useT();
  const platformId = Form.useWatch('platformId', form);
  const usage = useUsageLines(context);
  const basis = parameterOf(context.policy, 'expansion.requiresBasis');
  const items = context.items.filter((item) => usage.has(item.id) && offeredOn(item, platformId));
  return (
    <>
      <SystemField context={context} onChange={() => form.setFieldsValue({ lines: [{}], resizes: [] })} />
      <PlatformField platforms={context.platforms.filter((platform) => platform.level !== 'city')} loading={context.platformsLoading} />
      <TextAreaField
        name="basis"
        label={t('applications.fields.basis')}
        max={1000}
        rows={4}
        required={flagOf(context.policy, 'expansion.requiresBasis', true)}
        testId="application-basis"
        placeholder={t('applications.form.basisPlaceholder')}
        extra={basis?.article ? <ArticleTag article={basis.article} /> : undefined}
      />
      <LinesField
        items={items}
        loading={context.itemsLoading}
        disabled={!context.usage}
        disabledHint={t('applications.form.chooseSystemFirst')}
        hintOf={(itemId) => (
          <UsageHint
            line={usage.get(itemId)}
            text={(line, unit) =>
              t('applications.form.ceilingHint', {
                approved: formatQuantity(line.approved),
                ceiling: formatQuantity(line.ceiling),
                headroom: formatQuantity(line.headroom),
                unit,
              })
            }
          />
        )}
      />
      <ResizesField />
      <ServersField />
    </>
  );
}

/**
 * 回收 (QP-11): what is allocated to the system may be given back. The unit confirms its applications and
 * data are backed up or migrated, and acknowledges that reclamation cannot be undone.
 */
export function ReclamationFields({ form, context }: UsageFieldsProps) {
  const t = useT();
  const rules = applicationRules(t);
  const usage = useUsageLines(context);
  const irreversible = parameterOf(context.policy, 'reclamation.irreversible');
  const backup = parameterOf(context.policy, 'reclamation.requiresBackupConfirmation');
  // Only what is allocated can be reclaimed; "0" is told by its digits, not by arithmetic.
  const items = context.items.filter((item) => {
    const line = usage.get(item.id);
    return line !== undefined && /[1-9]/.test(line.allocated);
  });
  return (
    <>
      <Alert
        type="error"
        showIcon
        icon={<WarningOutlined />}
        style={{ marginBottom: 16 }}
        data-testid="reclamation-warning"
        title={
          <Flex gap={8} align="center" wrap>
            <Typography.Text strong style={{ fontSize: 15 }}>
              {t('applications.form.irreversibleTitle')}
            </Typography.Text>
            {irreversible?.article ? <ArticleTag article={irreversible.article} /> : null}
          </Flex>
        }
        description={t('applications.form.irreversibleText')}
      />
      <SystemField context={context} onChange={() => form.setFieldsValue({ lines: [{}], resourceIds: [] })} />
      <LinesField
        items={items}
        loading={context.itemsLoading}
        disabled={!context.usage}
        disabledHint={t('applications.form.chooseSystemFirst')}
        label={t('applications.fields.reclaimLines')}
        hintOf={(itemId) => (
          <UsageHint
            line={usage.get(itemId)}
            text={(line, unit) => t('applications.form.allocatedHint', { allocated: formatQuantity(line.allocated), unit })}
          />
        )}
      />
      <ReclaimResourcesField />
      <Form.Item
        name="backupConfirmed"
        valuePropName="checked"
        rules={flagOf(context.policy, 'reclamation.requiresBackupConfirmation', true) ? rules.mustConfirm(t('applications.validation.backupRequired')) : []}
        extra={backup?.basis}
      >
        <Checkbox data-testid="application-backup-confirmed">
          <Flex gap={6} align="center" wrap component="span">
            <span>{t('applications.fields.backupConfirmed')}</span>
            {backup?.article ? <ArticleTag article={backup.article} /> : null}
          </Flex>
        </Checkbox>
      </Form.Item>
      <Form.Item
        name="irreversibleAcknowledged"
        valuePropName="checked"
        rules={flagOf(context.policy, 'reclamation.irreversible', true) ? rules.mustConfirm(t('applications.validation.irreversibleRequired')) : []}
      >
        <Checkbox data-testid="application-irreversible">
          <Typography.Text type="danger" strong>
            {t('applications.fields.irreversibleAcknowledged')}
          </Typography.Text>
        </Checkbox>
      </Form.Item>
    </>
  );
}
