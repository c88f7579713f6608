import type { PolicyView } from '@yunshu/shared/api';
import { Card, Flex, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { computeDeadline } from '../../api/calendar-api.ts';
import type { ApplicationKind } from '../../api/contract-types.ts';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { KIND_PARAMETERS, kindArticleOf, numberOf, parameterOf, reviewDaysKeyOf } from './application-kinds.ts';

interface PolicyRulesCardProps {
  kind: ApplicationKind;
  policy: PolicyView | undefined;
}

/**
 * The rules a kind follows, as the district's profile states them (value, article, the regulation's words),
 * and the deadline the review would have if submitted now, by the server's working-day calendar.
 */
export function PolicyRulesCard({ kind, policy }: PolicyRulesCardProps) {
  const t = useT();
  const { pick } = useLang();
  const daysKey = reviewDaysKeyOf(kind);
  const days = daysKey ? numberOf(policy, daysKey) : undefined;
  const loadDeadline = useCallback(
    () => (days ? computeDeadline(new Date().toISOString(), days) : Promise.resolve(null)),
    [days],
  );
  const deadline = useAsync(loadDeadline);
  const parameters = KIND_PARAMETERS[kind].flatMap((key) => {
    const parameter = parameterOf(policy, key);
    return parameter ? [parameter] : [];
  });

  return (
    <Card
      size="small"
      data-testid="application-rules"
      title={
        <Flex gap={8} align="center">
          <span>{t('applications.form.rulesTitle')}</span>
          {kindArticleOf(kind, policy) ? <ArticleTag article={kindArticleOf(kind, policy) as string} /> : null}
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Typography.Text>{t(`applications.kindRules.${kind}`)}</Typography.Text>
        {deadline.data && days ? (
          <Flex gap={6} align="center" wrap data-testid="application-expected-deadline">
            <Typography.Text>{t('applications.form.expectedDeadline', { days, date: deadline.data.dueDate })}</Typography.Text>
            {deadline.data.provisional ? <Tag color="orange">{t('applications.provisional')}</Tag> : null}
          </Flex>
        ) : null}
        {parameters.map((parameter) => (
          <Flex key={parameter.key} vertical gap={2} data-testid={`rule-${parameter.key}`}>
            <Flex gap={6} align="center" wrap>
              <Typography.Text type="secondary">{pick(parameter.label)}</Typography.Text>
              <Typography.Text strong>{parameter.display}</Typography.Text>
              {parameter.article ? (
                <ArticleTag article={parameter.article} />
              ) : (
                <Tag style={{ marginInlineEnd: 0 }}>{t('policy.districtFixed')}</Tag>
              )}
            </Flex>
            {parameter.basis ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {parameter.basis}
              </Typography.Text>
            ) : null}
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}
