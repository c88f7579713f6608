import { ROLE_DEFINITIONS, ROLES, type Role, SEPARATED_ADMIN_ROLES, UNIT_TYPE_LABELS, type UnitType } from '@yunshu/shared/roles';
import { Alert, Checkbox, Flex, Typography } from 'antd';
import { ArticleTag } from '../../components/article-tag.tsx';
import { useLang, useT } from '../../i18n/i18n-provider.tsx';

/** The roles a user of a unit of this type may hold (ROLE_DEFINITIONS[role].unitTypes). */
export function rolesForUnitType(unitType: UnitType): Role[] {
  return ROLES.filter((role) => ROLE_DEFINITIONS[role].unitTypes.includes(unitType));
}

interface RolePickerProps {
  /** Type of the user's unit; none chosen yet when undefined. */
  unitType: UnitType | undefined;
  value?: Role[];
  onChange?: (roles: Role[]) => void;
}

/**
 * Role checkboxes limited to the unit type, with the 三员 hint: system, security and audit administrator
 * exclude each other on one person. The server enforces it (`separation_of_duties`); the hint warns first.
 */
export function RolePicker({ unitType, value = [], onChange }: RolePickerProps) {
  const t = useT();
  const { pick } = useLang();
  if (!unitType) return <Typography.Text type="secondary">{t('users.selectUnitFirst')}</Typography.Text>;
  const roles = rolesForUnitType(unitType);
  if (roles.length === 0) return <Typography.Text type="secondary">{t('users.noRolesForUnitType')}</Typography.Text>;

  const offersSeparated = roles.some((role) => SEPARATED_ADMIN_ROLES.includes(role));
  const separatedChosen = value.filter((role) => SEPARATED_ADMIN_ROLES.includes(role)).length;

  return (
    <Flex vertical gap={8}>
      <Typography.Text type="secondary">{t('users.rolesForUnitType', { type: pick(UNIT_TYPE_LABELS[unitType]) })}</Typography.Text>
      <Checkbox.Group
        value={value}
        onChange={(checked) => onChange?.(checked as Role[])}
        style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
        data-testid="role-picker"
      >
        {roles.map((role) => {
          const definition = ROLE_DEFINITIONS[role];
          return (
            <Checkbox key={role} value={role} data-role={role}>
              <Flex gap={6} align="center" component="span" style={{ display: 'inline-flex' }}>
                <span>{pick(definition.label)}</span>
                {definition.article ? <ArticleTag article={definition.article} /> : null}
              </Flex>
            </Checkbox>
          );
        })}
      </Checkbox.Group>
      {offersSeparated ? (
        <Alert
          type={separatedChosen > 1 ? 'warning' : 'info'}
          showIcon
          title={separatedChosen > 1 ? t('users.separationWarning') : t('users.separationHint')}
          description={separatedChosen > 1 ? t('users.separationHint') : undefined}
        />
      ) : null}
    </Flex>
  );
}
