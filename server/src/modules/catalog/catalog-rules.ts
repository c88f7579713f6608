/**
 * Rules of the service catalog (服务目录, SJ-2, SJ-7): the unit an item is sold in fits its category, its
 * specification parameters have the shape its category expects, and a platform offers only items built
 * for its architecture (X86 / ARM 信创, QP-5, SJ-11). Pure functions.
 */
import {
  ARCHITECTURE_LABELS,
  type Architecture,
  CATEGORY_LABELS,
  type CatalogCategory,
  SPEC_SCHEMAS,
  UNIT_OF_MEASURE_LABELS,
  UNITS_BY_CATEGORY,
  type UnitOfMeasure,
} from '@yunshu/shared/catalog-api';
import type { FieldError } from '../../platform/errors.ts';
import { fieldErrorsOf } from '../../platform/http/validation-messages.ts';

function problem(path: string, zh: string, en: string): FieldError {
  return { path, message: `${path}：${zh}`, messageEn: `${path}: ${en}` };
}

export function unitProblems(category: CatalogCategory, unit: UnitOfMeasure): FieldError[] {
  const allowed = UNITS_BY_CATEGORY[category];
  if (allowed.includes(unit)) return [];
  return [
    problem(
      'unitOfMeasure',
      `“${CATEGORY_LABELS[category].zh}”类服务的计价单位应为：${allowed.map((u) => UNIT_OF_MEASURE_LABELS[u].zh).join('、')}`,
      `${CATEGORY_LABELS[category].en} is sold by ${allowed.map((u) => UNIT_OF_MEASURE_LABELS[u].en).join(' or ')}`,
    ),
  ];
}

/** Known keys of the category typed, unknown keys kept; ranges read low to high. */
export function specProblems(category: CatalogCategory, spec: Record<string, unknown>): FieldError[] {
  const parsed = SPEC_SCHEMAS[category].safeParse(spec);
  if (!parsed.success) return fieldErrorsOf(parsed.error, 'spec');
  const found: FieldError[] = [];
  const range = (low: string, high: string) => {
    const a = spec[low];
    const b = spec[high];
    if (typeof a === 'number' && typeof b === 'number' && a > b) {
      found.push(problem(`spec.${low}`, `不能大于 ${high}`, `must not exceed ${high}`));
    }
  };
  range('minGib', 'maxGib');
  range('minMbps', 'maxMbps');
  return found;
}

export interface PlatformArchitecture {
  id: string;
  name: string;
  architecture: Architecture;
}

/** Each platform that offers an item runs one of the architectures the item is built for. */
export function offeringProblems(architectures: readonly Architecture[], platforms: readonly PlatformArchitecture[], order: readonly string[]): FieldError[] {
  return platforms
    .filter((platform) => !architectures.includes(platform.architecture))
    .map((platform) =>
      problem(
        `platformIds.${order.indexOf(platform.id)}`,
        `云平台“${platform.name}”为 ${ARCHITECTURE_LABELS[platform.architecture].zh} 架构，本服务未标明支持该架构`,
        `platform "${platform.name}" is ${ARCHITECTURE_LABELS[platform.architecture].en}, which this item does not list`,
      ),
    );
}
