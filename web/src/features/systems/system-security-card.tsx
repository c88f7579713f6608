import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { type ReactNode, useCallback } from 'react';
import { Link } from 'react-router';
import { getSystemSecurity } from '../../api/security-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { ArticleTag } from '../../components/article-tag.tsx';
import { Loading } from '../../components/loading.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDate, formatDateTime } from '../../i18n/shanghai-time.ts';

/**
 * The system's security at a glance on its page — grading, filing, the re-assessment due date, go-live,
 * open vulnerabilities and incidents — with the way to its full security record.
 */
export function SystemSecurityCard({ systemId }: { systemId: string }) {
  const t = useT();
  const security = useAsync(useCallback(() => getSystemSecurity(systemId), [systemId]));
  const data = security.data;
  const link = (
    <Link to={`/systems/${systemId}/security`} data-testid="system-security-link">
      <Button size="small" icon={<SafetyCertificateOutlined />}>
        {t('securityRecord.open')}
      </Button>
    </Link>
  );
  let body: ReactNode;
  if (security.error) body = <ApiErrorAlert error={security.error} />;
  else if (!data) body = <Loading />;
  else {
    const { mlps } = data;
    const vulnerabilities = data.vulnerabilities;
    const open = vulnerabilities ? vulnerabilities.found - vulnerabilities.fixed : 0;
    body = (
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'grading',
            label: t('securityRecord.summary.grading'),
            children: mlps.gradedOn ? formatDate(mlps.gradedOn) : <Tag color="orange">{t('securityRecord.mlps.notGraded')}</Tag>,
          },
          {
            key: 'filing',
            label: t('securityRecord.summary.filing'),
            children: mlps.filingNumber ? (
              `${mlps.filingNumber} · ${formatDate(mlps.filedOn)}`
            ) : mlps.mlpsLevel < 2 ? (
              t('securityRecord.mlps.noFilingNeeded')
            ) : (
              <Tag color="orange">{t('securityRecord.mlps.notFiled')}</Tag>
            ),
          },
          {
            key: 'reassessment',
            label: t('securityRecord.summary.reassessment'),
            children: (
              <Flex gap={4} align="center" wrap data-testid="system-security-reassessment">
                <span>{mlps.reassessment.dueOn ?? (mlps.reassessment.intervalMonths === null ? t('securityRecord.mlps.reassessmentNone') : t('common.none'))}</span>
                {mlps.reassessment.overdue ? <Tag color="red">{t('securityRecord.mlps.overdue')}</Tag> : null}
                {mlps.reassessment.article ? <ArticleTag article={mlps.reassessment.article} /> : null}
              </Flex>
            ),
          },
          {
            key: 'live',
            label: t('securityRecord.summary.live'),
            children: (
              <span data-testid="system-security-live">
                {mlps.liveAt ? <Tag color="green">{t('securityRecord.summary.liveAt', { at: formatDateTime(mlps.liveAt) })}</Tag> : <Tag>{t('securityRecord.summary.notLive')}</Tag>}
              </span>
            ),
          },
          {
            key: 'vulnerabilities',
            label: t('securityRecord.summary.openVulnerabilities'),
            children: (
              <Typography.Text type={vulnerabilities && vulnerabilities.openOverdue > 0 ? 'danger' : undefined} data-testid="system-security-open-vulnerabilities">
                {t('securityRecord.summary.openVulnerabilitiesValue', { open, overdue: vulnerabilities?.openOverdue ?? 0 })}
              </Typography.Text>
            ),
          },
          {
            key: 'incidents',
            label: t('securityRecord.summary.openIncidents'),
            children: `${data.openIncidents} · ${t('securityRecord.summary.notices')} ${data.notices}`,
          },
        ]}
      />
    );
  }
  return (
    <Card title={t('securityRecord.summary.title')} size="small" extra={link} data-testid="system-security">
      {body}
    </Card>
  );
}
