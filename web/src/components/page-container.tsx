import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

interface PageContainerProps {
  title: ReactNode;
  subtitle?: ReactNode;
  /** Buttons at the right of the title. */
  extra?: ReactNode;
  children: ReactNode;
}

/** The frame of every page: title, subtitle, actions, then the content stacked with even gaps. */
export function PageContainer({ title, subtitle, extra, children }: PageContainerProps) {
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              {subtitle}
            </Typography.Paragraph>
          ) : null}
        </div>
        {extra ? <Flex gap={8}>{extra}</Flex> : null}
      </Flex>
      {children}
    </Flex>
  );
}
