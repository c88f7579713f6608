import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiErrorAlert } from './api-error-alert.tsx';
import { Loading } from './loading.tsx';
import { PageContainer } from './page-container.tsx';

/** 返回列表: the way back from a detail page to the list it was opened from. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to}>
      <Button icon={<ArrowLeftOutlined />}>{label}</Button>
    </Link>
  );
}

interface DetailPendingProps {
  loading: boolean;
  error: unknown;
  /** The page's name, while the record's own is not known. */
  title: string;
  back: ReactNode;
}

/**
 * A detail page before its record is there: the spinner while it loads, or the API's error (not found,
 * not the caller's to see) under the page's name with the way back.
 */
export function DetailPending({ loading, error, title, back }: DetailPendingProps) {
  if (loading) return <Loading />;
  return (
    <PageContainer title={title} extra={back}>
      <ApiErrorAlert error={error} />
    </PageContainer>
  );
}
