import { useCallback, useMemo } from 'react';
import { listAudit } from '../../api/audit-api.ts';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import { useAsync } from '../../components/use-async.ts';
import { useT } from '../../i18n/i18n-provider.tsx';
import { PieCard, type PieSlice } from '../../components/pie-card.tsx';

const SHOWN_ACTIONS = 8;

/** The latest audit events by action; the rarest actions are folded into one slice. */
export function AuditActionsChart() {
  const t = useT();
  const load = useCallback(() => listAudit({}, 1, MAX_PAGE_SIZE), []);
  const { data, loading, error } = useAsync(load);

  const slices = useMemo<PieSlice[] | undefined>(() => {
    if (!data) return undefined;
    const counts = new Map<string, number>();
    for (const record of data.items) counts.set(record.action, (counts.get(record.action) ?? 0) + 1);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    const shown = sorted.slice(0, SHOWN_ACTIONS).map(([name, value]) => ({ name, value }));
    const rest = sorted.slice(SHOWN_ACTIONS).reduce((sum, [, value]) => sum + value, 0);
    return rest > 0 ? [...shown, { name: t('home.otherActions'), value: rest }] : shown;
  }, [data, t]);

  return (
    <PieCard
      title={t('home.auditByAction', { count: data?.items.length ?? MAX_PAGE_SIZE })}
      slices={slices}
      empty={t('home.chartEmpty')}
      loading={loading}
      error={error}
      testId="chart-audit-actions"
    />
  );
}
