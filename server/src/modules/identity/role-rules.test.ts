import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROLE_DEFINITIONS, ROLES, type Role, SEPARATED_ADMIN_ROLES, UNIT_TYPES, type UnitType } from '@yunshu/shared/roles';
import { AppError } from '../../platform/errors.ts';
import { assertRolesAssignable, assertRolesFitUnit, assertSeparationOfDuties } from './role-rules.ts';

const BUSINESS_ROLES = ROLES.filter((role) => !SEPARATED_ADMIN_ROLES.includes(role));

function refusedWith(code: string, status: number, ...named: string[]) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, 'an AppError');
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.fields?.[0]?.path, 'roles');
    for (const part of named) assert.ok(error.messageZh.includes(part) || error.messageEn.includes(part), `the message names ${part}`);
    return true;
  };
}

describe('separation of duties (三员分立)', () => {
  test('the three administrator roles are system, security and audit administrator', () => {
    assert.deepEqual([...SEPARATED_ADMIN_ROLES].sort(), ['audit_admin', 'security_admin', 'system_admin']);
  });

  test('refuses two of the three administrator roles on one person', () => {
    const pairs: [Role, Role][] = [
      ['system_admin', 'security_admin'],
      ['system_admin', 'audit_admin'],
      ['security_admin', 'audit_admin'],
    ];
    for (const [a, b] of pairs) {
      const labels = [ROLE_DEFINITIONS[a].label.zh, ROLE_DEFINITIONS[b].label.zh];
      assert.throws(() => assertSeparationOfDuties([a, b]), refusedWith('separation_of_duties', 409, ...labels), `${a} + ${b}`);
      assert.throws(() => assertSeparationOfDuties([b, a]), refusedWith('separation_of_duties', 409), `${b} + ${a}`);
    }
  });

  test('refuses all three administrator roles on one person', () => {
    assert.throws(() => assertSeparationOfDuties(['system_admin', 'security_admin', 'audit_admin']), refusedWith('separation_of_duties', 409));
  });

  test('refuses two administrator roles even among business roles', () => {
    assert.throws(
      () => assertSeparationOfDuties(['operator_resource_admin', 'system_admin', 'operator_leader', 'audit_admin']),
      refusedWith('separation_of_duties', 409, '系统管理员', '审计管理员'),
    );
  });

  test('accepts one administrator role alone or with business roles', () => {
    for (const admin of SEPARATED_ADMIN_ROLES) {
      assert.doesNotThrow(() => assertSeparationOfDuties([admin]));
      assert.doesNotThrow(() => assertSeparationOfDuties([admin, 'operator_resource_admin', 'operator_section_chief']));
    }
  });

  test('accepts any combination of business roles, and no role at all', () => {
    assert.doesNotThrow(() => assertSeparationOfDuties(BUSINESS_ROLES));
    assert.doesNotThrow(() => assertSeparationOfDuties(['unit_admin', 'unit_applicant']));
    assert.doesNotThrow(() => assertSeparationOfDuties([]));
  });
});

describe('roles fit the type of the unit', () => {
  test('refuses the cloud resource administrator in a user unit (QP-9: operator staff only)', () => {
    assert.throws(() => assertRolesFitUnit(['operator_resource_admin'], 'user_unit'), refusedWith('role_not_allowed_for_unit', 400, '云资源管理员', '使用单位'));
  });

  test('refuses the unit administrator in the operator', () => {
    assert.throws(() => assertRolesFitUnit(['unit_admin'], 'operator'), refusedWith('role_not_allowed_for_unit', 400, '使用单位管理员', '运行管理单位'));
  });

  test('refuses when one role of several does not fit, naming only that one', () => {
    assert.throws(
      () => assertRolesFitUnit(['unit_admin', 'provider_engineer'], 'user_unit'),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'role_not_allowed_for_unit');
        assert.ok(error.messageZh.includes('服务商工程师'));
        assert.ok(!error.messageZh.includes('使用单位管理员'));
        return true;
      },
    );
  });

  test('refuses the platform administrators outside the operator and the authority', () => {
    for (const admin of SEPARATED_ADMIN_ROLES) {
      for (const unitType of ['user_unit', 'provider', 'auditor'] as const) {
        assert.throws(() => assertRolesFitUnit([admin], unitType), refusedWith('role_not_allowed_for_unit', 400), `${admin} in ${unitType}`);
      }
    }
  });

  test('accepts every role in each unit type it is defined for, and refuses it in the others', () => {
    for (const role of ROLES) {
      for (const unitType of UNIT_TYPES) {
        const fits = ROLE_DEFINITIONS[role].unitTypes.includes(unitType);
        if (fits) assert.doesNotThrow(() => assertRolesFitUnit([role], unitType), `${role} in ${unitType}`);
        else assert.throws(() => assertRolesFitUnit([role], unitType), refusedWith('role_not_allowed_for_unit', 400), `${role} in ${unitType}`);
      }
    }
  });

  test('accepts the usual staff of each unit type', () => {
    const staff: Record<UnitType, Role[]> = {
      authority: ['authority_reviewer', 'system_admin'],
      operator: ['operator_resource_admin', 'operator_section_chief', 'operator_leader', 'security_admin'],
      user_unit: ['unit_admin', 'unit_applicant'],
      provider: ['provider_engineer'],
      auditor: ['auditor'],
    };
    for (const unitType of UNIT_TYPES) assert.doesNotThrow(() => assertRolesFitUnit(staff[unitType], unitType), unitType);
  });
});

describe('assertRolesAssignable', () => {
  test('checks both the unit fit and the separation of duties', () => {
    assert.doesNotThrow(() => assertRolesAssignable(['system_admin', 'operator_leader'], 'operator'));
    assert.throws(() => assertRolesAssignable(['system_admin', 'security_admin'], 'operator'), refusedWith('separation_of_duties', 409));
    assert.throws(() => assertRolesAssignable(['unit_admin'], 'operator'), refusedWith('role_not_allowed_for_unit', 400));
  });

  test('reports a misfit before a separation-of-duties clash', () => {
    assert.throws(() => assertRolesAssignable(['system_admin', 'audit_admin'], 'user_unit'), refusedWith('role_not_allowed_for_unit', 400));
  });
});
