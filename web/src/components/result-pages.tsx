import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-provider.tsx';

export function ForbiddenResult() {
  const t = useT();
  return (
    <Result
      status="403"
      title={t('error.forbiddenTitle')}
      subTitle={t('error.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundResult() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('error.notFoundTitle')}
      subTitle={t('error.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('error.backHome')}</Button>
        </Link>
      }
    />
  );
}
