import { Tag } from 'antd';

/** The regulation article behind a rule or a role, e.g. `QP-10` (青浦办法) or `SJ-15` (松江办法). */
export function ArticleTag({ article }: { article: string }) {
  return (
    <Tag color="geekblue" variant="outlined" style={{ marginInlineEnd: 0, fontFamily: 'monospace' }}>
      {article}
    </Tag>
  );
}
