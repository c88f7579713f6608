import type { Unit } from '@yunshu/shared/api';
import type { UnitType } from '@yunshu/shared/roles';
import { useCallback, useMemo } from 'react';
import { MAX_PAGE_SIZE, type Page } from '../api/client.ts';
import { listUnits } from '../api/units-api.ts';
import { useAsync } from './use-async.ts';

export interface UnitOption {
  value: string;
  label: string;
  type: UnitType;
  disabled: boolean;
}

const NO_UNITS: Page<Unit> = { items: [], total: 0, page: 1, pageSize: MAX_PAGE_SIZE };

interface UnitOptionsFilter {
  /** Only units of this type, e.g. the user units that own information systems. */
  type?: UnitType;
  /** False: nothing is asked of the server (the choice is not offered to this user). */
  enabled?: boolean;
}

/** The units to choose from (one page of the largest size), with their type for the role choice. */
export function useUnitOptions({ type, enabled = true }: UnitOptionsFilter = {}) {
  const load = useCallback(
    () => (enabled ? listUnits({ type }, 1, MAX_PAGE_SIZE) : Promise.resolve(NO_UNITS)),
    [type, enabled],
  );
  const { data, loading, error } = useAsync(load);
  const options = useMemo<UnitOption[]>(
    () =>
      (data?.items ?? []).map((unit) => ({ value: unit.id, label: unit.name, type: unit.type, disabled: unit.disabled })),
    [data],
  );
  return { options, loading, error };
}
