import { SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Select } from 'antd';
import { useState } from 'react';
import type { InventorySyncResult } from '../../api/contract-types.ts';
import { syncInventory } from '../../api/resources-api.ts';
import { ApiErrorAlert } from '../../components/api-error-alert.tsx';
import { usePlatforms } from '../../components/use-platforms.ts';
import { useT } from '../../i18n/i18n-provider.tsx';

/**
 * 立即清点: one driver platform's inventory now rather than at the next scheduled sync; the counts of what
 * the cloud has and of the findings opened and resolved. Work-order platforms have no API to ask.
 */
export function InventorySyncCard({ onSynced }: { onSynced: () => void }) {
  const t = useT();
  const { platforms, loading } = usePlatforms();
  const drivers = platforms.filter((platform) => platform.provisioningMode === 'driver' && !platform.disabled);
  const [platformId, setPlatformId] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<InventorySyncResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (id: string) => {
    setRunning(true);
    setError(null);
    setResult(null);
    try {
      setResult(await syncInventory(id));
      onSynced();
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card size="small" title={t('inventory.sync.title')}>
      <Flex vertical gap={12}>
        <Flex gap={8} wrap>
          <Select
            value={platformId}
            onChange={setPlatformId}
            loading={loading}
            placeholder={t('inventory.sync.platformPlaceholder')}
            style={{ width: 260 }}
            data-testid="inventory-sync-platform"
            options={drivers.map((platform) => ({ value: platform.id, label: platform.name }))}
          />
          <Button
            type="primary"
            icon={<SyncOutlined />}
            disabled={!platformId}
            loading={running}
            onClick={() => platformId && void run(platformId)}
            data-testid="inventory-sync-run"
          >
            {t('inventory.sync.run')}
          </Button>
        </Flex>
        {error ? <ApiErrorAlert error={error} /> : null}
        {result ? (
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            data-testid="inventory-sync-result"
            title={result.ok ? t('inventory.sync.done') : t('inventory.sync.failed')}
            description={result.ok ? t('inventory.sync.result', { servers: result.servers, volumes: result.volumes, opened: result.opened, resolved: result.resolved }) : result.message}
          />
        ) : null}
      </Flex>
    </Card>
  );
}
