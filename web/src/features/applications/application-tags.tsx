import { ROLE_DEFINITIONS, type Role } from '@yunshu/shared/roles';
import { Flex, Tag, Typography } from 'antd';
import type { ApplicationKind, ApplicationStatus, ApplicationSummary } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { type PickLabel, useLang, useT } from '../../i18n/i18n-provider.tsx';
import { kindArticleOf, STATUS_COLORS } from './application-kinds.ts';
import { fetchPolicyOnce } from '../../api/policy-api.ts';
import { useAsync } from '../../components/use-async.ts';

/** 资源申请 QP-9: the kind's name and the article it follows in this district's profile. */
export function KindLabel({ kind }: { kind: ApplicationKind }) {
  const t = useT();
  const { data: policy } = useAsync(fetchPolicyOnce);
  const article = kindArticleOf(kind, policy);
  return (
    <Flex gap={6} align="center" wrap>
      <span>{t(`applications.kinds.${kind}`)}</span>
      {article ? <ArticleTag article={article} /> : null}
    </Flex>
  );
}

export function ApplicationStatusTag({ status, testId }: { status: ApplicationStatus; testId?: string }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId}>
      {t(`applications.statuses.${status}`)}
    </Tag>
  );
}

/** The label of an approver role (云资源管理员); a role the console does not know is shown as written. */
export function roleLabel(role: string, pick: PickLabel): string {
  return Object.hasOwn(ROLE_DEFINITIONS, role) ? pick(ROLE_DEFINITIONS[role as Role].label) : role;
}

export function RoleLabelTag({ role }: { role: string }) {
  const { pick } = useLang();
  return (
    <Tag color="blue" style={{ marginInlineEnd: 0 }}>
      {roleLabel(role, pick)}
    </Tag>
  );
}

/** 当前环节: the step's name and who holds it, red when its deadline has passed. */
export function CurrentStep({ step }: { step: ApplicationSummary['currentStep'] }) {
  const t = useT();
  const { pick } = useLang();
  if (!step) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Flex vertical gap={2} data-testid="current-step">
      <Flex gap={4} align="center" wrap>
        <Typography.Text type={step.overdue ? 'danger' : undefined} strong={step.overdue}>
          {pick(step.name)}
        </Typography.Text>
        {step.overdue ? (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            {t('applications.overdue')}
          </Tag>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {roleLabel(step.role, pick)}
      </Typography.Text>
    </Flex>
  );
}
