import { Flex, Tabs, Tag } from 'antd';
import { useCallback } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { can } from '../../access.ts';
import { getCommitmentLetter, getGoLiveStatus, getSystemSecurity, listAssessments, listIncidents, listVulnerabilities } from '../../api/security-api.ts';
import { getSystem } from '../../api/systems-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { BackLink, DetailPending } from '../../components/detail-page-states.tsx';
import { Loading } from '../../components/loading.tsx';
import { MlpsLevelTag } from '../../components/mlps-level-tag.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';
import { CommitmentLetterPanel } from './commitment-letter-panel.tsx';
import { GoLivePanel } from './go-live-panel.tsx';
import { IncidentsPanel } from './incidents-panel.tsx';
import { MlpsPanel } from './mlps-panel.tsx';
import { VulnerabilitiesPanel } from './vulnerabilities-panel.tsx';

const TABS = ['mlps', 'vulnerabilities', 'incidents', 'goLive', 'letter'] as const;
type Tab = (typeof TABS)[number];

/**
 * 安全档案: one system's security record (QP-20..QP-24, SJ-17, SJ-18) — MLPS with assessments,
 * vulnerabilities, incidents and notices, the go-live checklist and the commitment letter — one tab each,
 * the tab in the address so it can be linked to.
 */
export function SystemSecurityPage() {
  const t = useT();
  const { me } = useMe();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'mlps';
  const setTab = (next: string) => setParams({ tab: next }, { replace: true });

  const system = useAsync(useCallback(() => getSystem(id), [id]));
  const security = useAsync(useCallback(() => getSystemSecurity(id), [id]));
  const assessments = useAsync(useCallback(() => listAssessments(id), [id]));
  const vulnerabilities = useAsync(useCallback(() => listVulnerabilities(id), [id]));
  const incidents = useAsync(useCallback(() => listIncidents(id), [id]));
  const goLive = useAsync(useCallback(() => getGoLiveStatus(id), [id]));
  const letter = useAsync(useCallback(() => getCommitmentLetter(id), [id]));

  const back = <BackLink to={`/systems/${id}`} label={t('securityRecord.back')} />;
  if (!system.data) return <DetailPending loading={system.loading} error={system.error} title={t('menu.systemSecurity')} back={back} />;

  const mayManage = can(me, 'security:manage');
  const status = security.data?.mlps;
  const live = Boolean(goLive.data?.liveAt ?? status?.liveAt);
  const afterMlps = () => {
    security.reload();
    assessments.reload();
    goLive.reload();
  };
  const afterGoLive = () => {
    goLive.reload();
    security.reload();
    letter.reload();
  };

  const pending = (state: { error: unknown }) => (state.error ? <ApiErrorAlert error={state.error} /> : <Loading />);
  const items = [
    {
      key: 'mlps',
      label: t('securityRecord.tabs.mlps'),
      children: status ? (
        <MlpsPanel systemId={id} status={status} assessments={assessments} mayManage={mayManage} onChanged={afterMlps} />
      ) : (
        pending(security)
      ),
    },
    {
      key: 'vulnerabilities',
      label: t('securityRecord.tabs.vulnerabilities'),
      children: (
        <VulnerabilitiesPanel
          systemId={id}
          vulnerabilities={vulnerabilities}
          mayManage={mayManage}
          mayVerify={can(me, 'security:verify')}
          onChanged={() => {
            vulnerabilities.reload();
            security.reload();
          }}
        />
      ),
    },
    {
      key: 'incidents',
      label: t('securityRecord.tabs.incidents'),
      children: (
        <IncidentsPanel
          systemId={id}
          incidents={incidents}
          mayManage={mayManage}
          mayIssueNotice={can(me, 'security:verify')}
          onChanged={() => {
            incidents.reload();
            security.reload();
          }}
        />
      ),
    },
    {
      key: 'goLive',
      label: t('securityRecord.tabs.goLive'),
      children: goLive.data ? (
        <GoLivePanel systemId={id} status={goLive.data} mayManage={mayManage} onChanged={afterGoLive} onOpenLetter={() => setTab('letter')} />
      ) : (
        pending(goLive)
      ),
    },
    {
      key: 'letter',
      label: t('securityRecord.tabs.letter'),
      children: (
        <CommitmentLetterPanel
          systemId={id}
          letter={letter}
          live={live}
          mayManage={mayManage}
          maySign={can(me, 'security:sign')}
          onChanged={() => {
            letter.reload();
            goLive.reload();
          }}
        />
      ),
    },
  ];

  return (
    <PageContainer
      title={<span data-testid="system-security-title">{t('securityRecord.title', { name: system.data.name })}</span>}
      subtitle={
        <Flex gap={8} align="center" wrap component="span">
          <span>{system.data.unit.name}</span>
          <MlpsLevelTag level={system.data.mlpsLevel} />
          {status?.liveAt ? <Tag color="green">{t('securityRecord.summary.liveAt', { at: formatDateTime(status.liveAt) })}</Tag> : null}
        </Flex>
      }
      extra={back}
    >
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden={false} />
    </PageContainer>
  );
}
