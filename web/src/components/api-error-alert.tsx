import { Alert, Flex, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useLang, useT } from '../i18n/i18n-provider.tsx';
import { ArticleTag } from './article-tag.tsx';
import { describeError, type FieldErrorView } from './describe-error.ts';

interface ApiErrorAlertProps {
  error: unknown;
  /** Field errors to list; defaults to all of the error's. Pass those the form could not place. */
  fields?: FieldErrorView[];
  /** More text under the message, e.g. until when an account is locked. */
  extra?: ReactNode;
  style?: CSSProperties;
}

/** An error of the API in an Alert: message in the current language, the article as a tag, the request id. */
export function ApiErrorAlert({ error, fields, extra, style }: ApiErrorAlertProps) {
  const t = useT();
  const { lang } = useLang();
  if (!error) return null;
  const view = describeError(error, lang, t);
  const listed = fields ?? view.fields;
  const description =
    listed.length > 0 || extra || view.requestId ? (
      <Flex vertical gap={4}>
        {extra ? <div>{extra}</div> : null}
        {listed.length > 0 ? (
          <div>
            {t('error.fieldsTitle')}
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {listed.map((field) => (
                <li key={`${field.path}:${field.message}`}>
                  <Typography.Text code>{field.path}</Typography.Text> {field.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {view.requestId ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('error.requestId', { id: view.requestId })}
          </Typography.Text>
        ) : null}
      </Flex>
    ) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      data-testid="api-error"
      title={
        <Flex gap={8} align="center" wrap>
          <span>{view.message}</span>
          {view.article ? <ArticleTag article={view.article} /> : null}
        </Flex>
      }
      description={description}
    />
  );
}
