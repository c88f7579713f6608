import { UNIT_TYPE_LABELS, UNIT_TYPES } from '@yunshu/shared/roles';
import { useCallback, useMemo } from 'react';
import { MAX_PAGE_SIZE } from '../../api/client.ts';
import { listUnits } from '../../api/units-api.ts';
import { useAsync } from '../../components/use-async.ts';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';
import { PieCard, type PieSlice } from '../../components/pie-card.tsx';

/** Units by type, counted here from one page of the registry (the API has no count endpoint). */
export function UnitsByTypeChart() {
  const t = useT();
  const { pick } = useLang();
  const load = useCallback(() => listUnits({}, 1, MAX_PAGE_SIZE), []);
  const { data, loading, error } = useAsync(load);

  const slices = useMemo<PieSlice[] | undefined>(() => {
    if (!data) return undefined;
    return UNIT_TYPES.map((type) => ({
      name: pick(UNIT_TYPE_LABELS[type]),
      value: data.items.filter((unit) => unit.type === type).length,
    })).filter((slice) => slice.value > 0);
  }, [data, pick]);

  return (
    <PieCard title={t('home.unitsByType')} slices={slices} empty={t('home.chartEmpty')} loading={loading} error={error} testId="chart-units-by-type" />
  );
}
