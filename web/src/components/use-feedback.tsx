import { App, Flex } from 'antd';
import { useMemo } from 'react';
import { useLang, useT } from '../i18n/i18n-provider.tsx';
import { ArticleTag } from './article-tag.tsx';
import { describeError } from './describe-error.ts';

/** Toasts for the outcome of an action (enable, disable, unlock…): a success text or the API's error. */
export function useFeedback(): { succeeded: (text: string) => void; failed: (error: unknown) => void } {
  const { message } = App.useApp();
  const t = useT();
  const { lang } = useLang();
  return useMemo(
    () => ({
      succeeded: (text: string) => {
        void message.success(text);
      },
      failed: (error: unknown) => {
        const view = describeError(error, lang, t);
        void message.error(
          <Flex gap={8} align="center" component="span" style={{ display: 'inline-flex' }}>
            <span>{view.message}</span>
            {view.article ? <ArticleTag article={view.article} /> : null}
          </Flex>,
          6,
        );
      },
    }),
    [message, lang, t],
  );
}
