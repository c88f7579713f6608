import type { CatalogCategory } from '../../api/contract-types.ts';

/**
 * How a specification parameter is entered: `sizes` a list of positive whole numbers, `words` a list of
 * names, `int` one positive whole number, `text` one name. Lists are typed comma-separated.
 */
export type SpecFieldKind = 'sizes' | 'words' | 'int' | 'text';

export interface SpecField {
  key: SpecParameter;
  kind: SpecFieldKind;
  required: boolean;
}

export type SpecParameter =
  | 'vcpuOptions'
  | 'memoryGibOptions'
  | 'diskType'
  | 'minGib'
  | 'maxGib'
  | 'storageClass'
  | 'redundancy'
  | 'minMbps'
  | 'maxMbps'
  | 'maxConnections'
  | 'protocols'
  | 'engine'
  | 'versions'
  | 'product'
  | 'service'
  | 'vendor';

const field = (key: SpecParameter, kind: SpecFieldKind, required = false): SpecField => ({ key, kind, required });

/** The known parameters of each category, as the contract checks them (SPEC_SCHEMAS in catalog-api.ts). */
export const SPEC_FIELDS: Record<CatalogCategory, readonly SpecField[]> = {
  compute: [field('vcpuOptions', 'sizes', true), field('memoryGibOptions', 'sizes', true)],
  block_storage: [field('diskType', 'text'), field('minGib', 'int', true), field('maxGib', 'int', true)],
  object_storage: [field('storageClass', 'text'), field('redundancy', 'text')],
  bandwidth_eip: [field('minMbps', 'int', true), field('maxMbps', 'int', true)],
  load_balancer: [field('maxConnections', 'int'), field('protocols', 'words')],
  database: [
    field('engine', 'text', true),
    field('versions', 'words'),
    field('vcpuOptions', 'sizes'),
    field('memoryGibOptions', 'sizes'),
  ],
  cache: [field('engine', 'text', true), field('memoryGibOptions', 'sizes')],
  middleware: [field('product', 'text', true), field('versions', 'words')],
  security: [field('service', 'text', true)],
  saas: [field('vendor', 'text')],
};

const KNOWN = new Set<string>(Object.values(SPEC_FIELDS).flatMap((fields) => fields.map((spec) => spec.key)));

const POSITIVE_INT = /^[1-9][0-9]{0,8}$/;

/** The entered text of a list: its values split at commas (either width), blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Whether the text is valid for the kind; empty text is left to the required rule. */
export function specTextValid(kind: SpecFieldKind, text: string): boolean {
  if (kind === 'int') return POSITIVE_INT.test(text.trim());
  if (kind === 'sizes') return splitList(text).every((part) => POSITIVE_INT.test(part));
  if (kind === 'words') return splitList(text).every((part) => part.length <= 60);
  return text.trim().length > 0;
}

/** A stored parameter as the text of its input. */
export function specValueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return '';
}

/**
 * The `spec` to send: the known parameters of the category from the entered texts, and the parameters
 * the console does not know (kept by the server's loose check) carried over unchanged from `previous`.
 */
export function specOf(
  category: CatalogCategory,
  texts: Partial<Record<string, string>>,
  previous: Record<string, unknown> = {},
): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(previous)) if (!KNOWN.has(key)) spec[key] = value;
  for (const { key, kind } of SPEC_FIELDS[category]) {
    const text = (texts[key] ?? '').trim();
    if (!text) continue;
    if (kind === 'int') spec[key] = Number(text);
    else if (kind === 'sizes') spec[key] = splitList(text).map(Number);
    else if (kind === 'words') spec[key] = splitList(text);
    else spec[key] = text;
  }
  return spec;
}
