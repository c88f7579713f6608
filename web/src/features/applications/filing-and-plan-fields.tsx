import { Card, DatePicker, Form, type FormInstance, Input, Radio, Switch } from 'antd';
import { ARCHITECTURES } from '../../api/contract-enums.ts';
import type { Platform } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';
import { calendarDateOf, dayOfPicked, type PickedDate, shanghaiToday } from '../../i18n/shanghai-time.ts';
import { flagOf } from './application-kinds.ts';
import { applicationRules } from './application-rules.ts';
import {
  type ApplicationFormValues,
  type FormContext,
  LinesField,
  offeredOn,
  PlatformField,
  SystemField,
  TextAreaField,
} from './form-controls.tsx';

interface FieldsProps {
  form: FormInstance<ApplicationFormValues>;
  context: FormContext;
}

/** Before today in Beijing: not a planned date. */
function beforeToday(value: PickedDate): boolean {
  return calendarDateOf(dayOfPicked(value)) < calendarDateOf(shanghaiToday());
}

/**
 * 新建项目备案 (SJ-11): the chosen provider's platform (city or district), the architecture (X86 or 信创),
 * the services with their quantities and the planned go-live; the operator confirms, the authority files.
 */
export function NewProjectFilingFields({ form, context }: FieldsProps) {
  const t = useT();
  const rules = applicationRules(t);
  const architecture = Form.useWatch('architecture', form);
  const platformId = Form.useWatch('platformId', form);
  const platforms = context.platforms.filter((platform) => !architecture || platform.architecture === architecture);
  const items = context.items.filter((item) => (!architecture || item.architectures.includes(architecture)) && offeredOn(item, platformId));
  return (
    <>
      <SystemField context={context} />
      <Form.Item name="architecture" label={t('applications.fields.architecture')} rules={rules.architecture}>
        <Radio.Group
          optionType="button"
          options={ARCHITECTURES.map((value) => ({ value, label: t(`estate.architectures.${value}`) }))}
          onChange={() => form.setFieldsValue({ platformId: undefined, lines: [{}] })}
        />
      </Form.Item>
      <PlatformField
        platforms={platforms}
        loading={context.platformsLoading}
        extra={t('applications.form.providerPlatformHint')}
        onChange={() => form.setFieldsValue({ lines: [{}] })}
      />
      <LinesField
        items={items}
        loading={context.itemsLoading}
        disabled={!platformId}
        disabledHint={t('applications.form.choosePlatformFirst')}
        label={t('applications.fields.serviceLines')}
      />
      <Form.Item name="plannedGoLive" label={t('applications.fields.plannedGoLive')} rules={rules.date(t('applications.fields.plannedGoLive'))}>
        <DatePicker disabledDate={beforeToday} style={{ width: 200 }} data-testid="application-planned-go-live" />
      </Form.Item>
    </>
  );
}

/** The platforms a provider runs: its engineers submit plans for those only (SJ-19). */
function ownPlatforms(platforms: readonly Platform[], unitId: string): Platform[] {
  return platforms.filter((platform) => platform.provider.id === unitId);
}

/**
 * 服务商优化调整方案 (SJ-19): submitted before it starts; a major adjustment carries the third-party or
 * expert evaluation and goes on to the authority.
 */
export function ProviderPlanFields({ form, context }: FieldsProps) {
  const t = useT();
  const rules = applicationRules(t);
  const major = Form.useWatch('major', form);
  const platforms = ownPlatforms(context.platforms, context.me.unit.id);
  const authorityReview = flagOf(context.policy, 'change.providerAdjustment.majorNeedsAuthorityReview', true);
  return (
    <>
      <PlatformField platforms={platforms} loading={context.platformsLoading} extra={t('applications.form.ownPlatformsHint')} />
      <TextAreaField
        name="description"
        label={t('applications.fields.planDescription')}
        max={4000}
        rows={6}
        testId="application-description"
        placeholder={t('applications.form.planPlaceholder')}
      />
      <Form.Item
        name="plannedStart"
        label={t('applications.fields.plannedStart')}
        rules={rules.date(t('applications.fields.plannedStart'))}
        extra={t('applications.form.plannedStartHint')}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={beforeToday} data-testid="application-planned-start" />
      </Form.Item>
      <Form.Item
        name="major"
        label={
          <span>
            {t('applications.fields.major')} <ArticleTag article="SJ-19" />
          </span>
        }
        valuePropName="checked"
        extra={authorityReview ? t('applications.form.majorHint') : t('applications.form.majorHintNoAuthority')}
      >
        <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="application-major" />
      </Form.Item>
      {major ? (
        <Card size="small" title={t('applications.fields.expertReview')} style={{ marginBottom: 16 }}>
          <Form.Item name={['expertReview', 'reviewer']} label={t('applications.fields.reviewer')} rules={rules.text(t('applications.fields.reviewer'), 100)}>
            <Input maxLength={100} data-testid="application-expert-reviewer" />
          </Form.Item>
          <Form.Item name={['expertReview', 'reviewedOn']} label={t('applications.fields.reviewedOn')} rules={rules.date(t('applications.fields.reviewedOn'))}>
            <DatePicker style={{ width: 200 }} data-testid="application-expert-reviewed-on" />
          </Form.Item>
          <TextAreaField
            name={['expertReview', 'conclusion']}
            label={t('applications.fields.conclusion')}
            max={1000}
            testId="application-expert-conclusion"
          />
        </Card>
      ) : null}
    </>
  );
}
