import { CATALOG_CATEGORIES, UNITS_OF_MEASURE } from '../api/contract-enums.ts';
import type { CatalogCategory, UnitOfMeasure } from '../api/contract-types.ts';
import type { Translate } from '../i18n/i18n-provider.tsx';

function isUnitOfMeasure(value: string): value is UnitOfMeasure {
  return (UNITS_OF_MEASURE as readonly string[]).includes(value);
}

/** `vCPU·月`, `GiB·月` …; a unit the console does not know yet is shown as the server wrote it. */
export function unitOfMeasureLabel(t: Translate, unit: string): string {
  return isUnitOfMeasure(unit) ? t(`estate.unitsOfMeasure.${unit}`) : unit;
}

/** What a quantity of the unit counts: `vCPU`, `GiB` …, for “4 vCPU”. */
export function quantityUnitLabel(t: Translate, unit: string): string {
  return isUnitOfMeasure(unit) ? t(`billing.quantityUnits.${unit}`) : unit;
}

/** What a statement line charges for, quantity × hours: `vCPU·小时`, `GiB·小时` … */
export function quantityHoursLabel(t: Translate, unit: string): string {
  return isUnitOfMeasure(unit) ? t(`billing.quantityHoursUnits.${unit}`) : unit;
}

/** `计算（云主机）`, `块存储（云硬盘）` …; a category the console does not know yet is shown as the server wrote it. */
export function categoryLabel(t: Translate, category: string): string {
  return (CATALOG_CATEGORIES as readonly string[]).includes(category) ? t(`estate.categories.${category as CatalogCategory}`) : category;
}
