import { DeleteOutlined, DownOutlined, ExpandAltOutlined, PauseCircleOutlined, PlayCircleOutlined, RedoOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { can } from '../../access.ts';
import type { ResourceDetail } from '../../api/contract-types.ts';
import { retryResource, setResourcePower } from '../../api/resources-api.ts';
import { useMe } from '../../auth/me-context.tsx';
import { TextInputModal } from '../../components/text-input-modal.tsx';
import { useFeedback } from '../../components/use-feedback.tsx';
import { useT } from '../../i18n/i18n-provider.tsx';

type Power = 'stop' | 'start';

/** Where a unit applies to change the resource: the application form of the kind, the system and the resource chosen. */
function applicationPath(kind: 'expansion' | 'change' | 'reclamation', resource: ResourceDetail): string {
  const query = new URLSearchParams({ systemId: resource.systemId ?? '', resourceId: resource.id });
  return `/applications/new/${kind}?${query.toString()}`;
}

/**
 * What may be done with the resource now, as the server says (`canOperate`, `canRetry`): stop or start a
 * server, retry a failed operation; and, for the unit's applicants, the applications that resize (扩容 QP-10,
 * 变更 SJ-13) or reclaim (QP-11) it — resizing and reclaiming always go through an approval.
 */
export function ResourceActions({ resource, onChanged }: { resource: ResourceDetail; onChanged: () => void }) {
  const t = useT();
  const { me } = useMe();
  const navigate = useNavigate();
  const feedback = useFeedback();
  const [power, setPower] = useState<Power | null>(null);
  const [retrying, setRetrying] = useState(false);
  const live = resource.desiredState !== 'deleted';
  const mayApply = live && resource.systemId !== null && can(me, 'application:submit') && me.unit.id === resource.unit.id;
  const operable = resource.canOperate && resource.status !== 'failed';

  const retry = async () => {
    setRetrying(true);
    try {
      await retryResource(resource.id);
      feedback.succeeded(t('resources.actions.retried'));
      onChanged();
    } catch (error) {
      feedback.failed(error);
    } finally {
      setRetrying(false);
    }
  };

  return (
    <>
      {operable && resource.desiredState === 'running' ? (
        <Button danger icon={<PauseCircleOutlined />} onClick={() => setPower('stop')} data-testid="resource-stop">
          {t('resources.actions.stop')}
        </Button>
      ) : null}
      {operable && resource.desiredState === 'stopped' ? (
        <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setPower('start')} data-testid="resource-start">
          {t('resources.actions.start')}
        </Button>
      ) : null}
      {resource.canRetry ? (
        <Button type="primary" icon={<RedoOutlined />} loading={retrying} onClick={() => void retry()} data-testid="resource-retry">
          {t('resources.actions.retry')}
        </Button>
      ) : null}
      {mayApply && resource.kind === 'server' ? (
        <Dropdown
          menu={{
            items: [
              { key: 'expansion', label: t('resources.actions.resizeByExpansion') },
              { key: 'change', label: t('resources.actions.resizeByChange') },
            ],
            onClick: ({ key }) => void navigate(applicationPath(key === 'change' ? 'change' : 'expansion', resource)),
          }}
        >
          <Button icon={<ExpandAltOutlined />} data-testid="resource-resize">
            {t('resources.actions.resize')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
      {mayApply ? (
        <Button icon={<DeleteOutlined />} onClick={() => void navigate(applicationPath('reclamation', resource))} data-testid="resource-reclaim">
          {t('resources.actions.reclaim')}
        </Button>
      ) : null}
      {/* 停机 / 开机 with an optional reason, which the lifecycle history keeps with the operator's name. */}
      <TextInputModal
        open={power !== null}
        title={t(power === 'start' ? 'resources.actions.startTitle' : 'resources.actions.stopTitle', { name: resource.name })}
        label={t('resources.actions.reason')}
        max={500}
        placeholder={t('resources.actions.reasonPlaceholder')}
        note={<Alert type={power === 'stop' ? 'warning' : 'info'} showIcon title={t(power === 'stop' ? 'resources.actions.stopNote' : 'resources.actions.startNote')} />}
        danger={power === 'stop'}
        testId="resource-power"
        submit={(reason) => setResourcePower(resource.id, power ?? 'stop', reason)}
        onClose={() => setPower(null)}
        onDone={() => {
          feedback.succeeded(t(power === 'stop' ? 'resources.actions.stopped' : 'resources.actions.started'));
          setPower(null);
          onChanged();
        }}
      />
    </>
  );
}
