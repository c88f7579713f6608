import { Form, Input, Select, type SelectProps, Switch } from 'antd';
import type { Platform } from '../api/contract-types.ts';
import { useT } from '../i18n/i18n-provider.tsx';
import { usePlatforms } from './use-platforms.ts';

interface KeywordFieldProps {
  label: string;
  placeholder: string;
  testId?: string;
}

/** The free-text search of a search bar (`q`). */
export function KeywordField({ label, placeholder, testId }: KeywordFieldProps) {
  return (
    <Form.Item name="q" label={label}>
      <Input allowClear placeholder={placeholder} style={{ width: 220 }} data-testid={testId} />
    </Form.Item>
  );
}

interface FilterSelectProps {
  name: string;
  label: string;
  options: SelectProps['options'];
  width: number;
  loading?: boolean;
  testId?: string;
}

/** A choice of a search bar; left empty, it filters nothing (全部). */
export function FilterSelect({ name, label, options, width, loading, testId }: FilterSelectProps) {
  const t = useT();
  return (
    <Form.Item name={name} label={label}>
      <Select allowClear placeholder={t('common.all')} loading={loading} style={{ width }} options={options} data-testid={testId} />
    </Form.Item>
  );
}

/** The cloud platform of a search bar (`platformId`), among those `offered` (all by default). */
export function PlatformFilter({ label, offered }: { label: string; offered?: (platform: Platform) => boolean }) {
  const { platforms, loading } = usePlatforms();
  const options = (offered ? platforms.filter(offered) : platforms).map((platform) => ({ value: platform.id, label: platform.name }));
  return <FilterSelect name="platformId" label={label} options={options} width={200} loading={loading} />;
}

/** A yes/no of a search bar, e.g. also the reclaimed or resolved ones. */
export function SwitchFilter({ name, label, testId }: { name: string; label: string; testId?: string }) {
  return (
    <Form.Item name={name} label={label} valuePropName="checked">
      <Switch data-testid={testId} />
    </Form.Item>
  );
}
