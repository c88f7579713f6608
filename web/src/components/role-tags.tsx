import { ROLE_DEFINITIONS, type Role, SEPARATED_ADMIN_ROLES } from '@yunshu/shared/roles';
import { Flex, Tag } from 'antd';
import { useLang } from '../i18n/i18n-provider.tsx';
import { ArticleTag } from './article-tag.tsx';

function isRole(value: string): value is Role {
  return Object.hasOwn(ROLE_DEFINITIONS, value);
}

interface RoleTagsProps {
  /** Role names; unknown ones (old audit records) are shown as written. */
  roles: readonly string[];
  /** Shows the article behind each role (e.g. QP-9). */
  withArticles?: boolean;
  empty?: string;
}

/** Roles as tags labelled in the current language; the three separated administrators stand out. */
export function RoleTags({ roles, withArticles = false, empty = '—' }: RoleTagsProps) {
  const { pick } = useLang();
  if (roles.length === 0) return <span>{empty}</span>;
  return (
    <Flex gap={4} wrap>
      {roles.map((role) => {
        if (!isRole(role)) return <Tag key={role}>{role}</Tag>;
        const definition = ROLE_DEFINITIONS[role];
        const separated = SEPARATED_ADMIN_ROLES.includes(role);
        return (
          <Flex key={role} gap={2} align="center">
            <Tag color={separated ? 'volcano' : 'blue'} style={{ marginInlineEnd: 0 }}>
              {pick(definition.label)}
            </Tag>
            {withArticles && definition.article ? <ArticleTag article={definition.article} /> : null}
          </Flex>
        );
      })}
    </Flex>
  );
}
