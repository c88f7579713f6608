import { Flex, Typography } from 'antd';
import { specText } from '../../components/resource-views.tsx';
import { type Translate, useT } from '../../i18n/i18n-provider.tsx';
import { formatDateTime } from '../../i18n/shanghai-time.ts';

/** The keys inventory.service.ts writes into a finding's detail, each with a label. */
const DETAIL_FIELDS = ['status', 'state', 'vcpus', 'memoryGiB', 'sizeGiB', 'addresses', 'createdAt', 'attachedTo', 'duplicateOfName', 'expected'] as const;
type DetailField = (typeof DETAIL_FIELDS)[number];

const isDetailField = (key: string): key is DetailField => (DETAIL_FIELDS as readonly string[]).includes(key);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function plain(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(plain).join(', ') || '—';
  if (isRecord(value)) return JSON.stringify(value);
  return String(value);
}

/** A value of the detail in words: a drifted field as recorded against actual, a recorded shape as a shape. */
function valueText(t: Translate, key: string, value: unknown): string {
  if (isRecord(value) && 'expected' in value && 'actual' in value) {
    return t('inventory.expectedActual', { expected: plain(value.expected), actual: plain(value.actual) });
  }
  if (key === 'expected') return isRecord(value) ? specText(t, value) : plain(value);
  if (key === 'createdAt' && typeof value === 'string') return formatDateTime(value);
  return plain(value);
}

/** What a sync saw: for an unknown resource its shape on the cloud, for drift each field recorded against actual. */
export function FindingDetail({ detail }: { detail: Record<string, unknown> }) {
  const t = useT();
  // The duplicate's id is shown by its name.
  const entries = Object.entries(detail).filter(([key]) => key !== 'duplicateOf');
  return (
    <Flex vertical gap={2} data-testid="finding-detail">
      {entries.map(([key, value]) => (
        <span key={key} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary">{isDetailField(key) ? t(`inventory.detailFields.${key}`) : key}：</Typography.Text>
          {valueText(t, key, value)}
        </span>
      ))}
    </Flex>
  );
}
