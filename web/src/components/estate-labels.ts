import { UNITS_OF_MEASURE } from '../api/contract-enums.ts';
import type { UnitOfMeasure } from '../api/contract-types.ts';
import type { Translate } from '../i18n/i18n-provider.tsx';

function isUnitOfMeasure(value: string): value is UnitOfMeasure {
  return (UNITS_OF_MEASURE as readonly string[]).includes(value);
}

/** `vCPU·月`, `GiB·月` …; a unit the console does not know yet is shown as the server wrote it. */
export function unitOfMeasureLabel(t: Translate, unit: string): string {
  return isUnitOfMeasure(unit) ? t(`estate.unitsOfMeasure.${unit}`) : unit;
}
