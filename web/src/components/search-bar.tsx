import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n-provider.tsx';

interface SearchBarProps<V> {
  form: FormInstance<V>;
  onSearch: (values: V) => void;
  /** Form.Item fields of the search. */
  children: ReactNode;
  /** More buttons after Search and Reset (e.g. export). */
  extra?: ReactNode;
  /** The filters the list starts with, which Reset returns to (e.g. open work orders only). */
  initialValues?: Partial<V>;
}

/** The search form over a table: fields inline, then Search and Reset. */
export function SearchBar<V>({ form, onSearch, children, extra, initialValues }: SearchBarProps<V>) {
  const t = useT();
  const reset = () => {
    form.resetFields();
    onSearch(form.getFieldsValue(true) as V);
  };
  return (
    <Card size="small">
      <Form form={form} layout="inline" onFinish={onSearch} initialValues={initialValues} style={{ rowGap: 12 }}>
        {children}
        <Form.Item style={{ marginInlineEnd: 0 }}>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('common.search')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={reset}>
              {t('common.reset')}
            </Button>
            {extra}
          </Flex>
        </Form.Item>
      </Form>
    </Card>
  );
}
