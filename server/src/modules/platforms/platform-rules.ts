/**
 * Rules of a cloud platform's record (QP-5, SJ-2): what its provisioning mode needs, which connection
 * settings fit which credentials, and the MLPS ceiling from the policy profile. Pure functions.
 */
import type { ConnectionSettings, SetCredentialsBody } from '@yunshu/shared/catalog-api';
import { errors, type FieldError } from '../../platform/errors.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { policyViolation } from '../../platform/policy/policy-rule.ts';

export interface PlatformShape {
  provisioningMode: 'driver' | 'work_order';
  driver: 'simulated' | 'openstack' | null;
  connection: ConnectionSettings;
}

function problem(path: string, zh: string, en: string): FieldError {
  return { path, message: `${path}：${zh}`, messageEn: `${path}: ${en}` };
}

/**
 * A driver platform names its driver; a work-order platform has none. Only the OpenStack driver takes
 * connection settings: a Keystone URL (without user:password in it) and either a user with a project
 * (password authentication) or an application credential id.
 */
export function platformShapeProblems(shape: PlatformShape): FieldError[] {
  const found: FieldError[] = [];
  const { provisioningMode, driver, connection } = shape;
  if (provisioningMode === 'driver' && !driver) {
    found.push(problem('driver', '驱动开通模式须选择驱动（simulated 或 openstack）', 'a driver platform needs a driver (simulated or openstack)'));
  }
  if (provisioningMode === 'work_order' && driver) {
    found.push(problem('driver', '工单模式由服务商人工开通，不设驱动', 'a work-order platform is fulfilled by hand and has no driver'));
  }
  const keys = Object.keys(connection);
  if (driver !== 'openstack') {
    if (keys.length > 0) {
      found.push(problem('connection', '仅 OpenStack 驱动需要连接设置，请传空对象 {}', 'only the OpenStack driver takes connection settings; send {}'));
    }
    return found;
  }
  if (!connection.authUrl) {
    found.push(problem('connection.authUrl', 'OpenStack 驱动须填写 Keystone 认证地址', 'the OpenStack driver needs the Keystone URL'));
  } else {
    const url = new URL(connection.authUrl);
    if (url.username || url.password) {
      found.push(problem('connection.authUrl', '认证地址中不得包含用户名或口令，凭据请单独设置', 'no user or password in the URL; set credentials separately'));
    }
  }
  if (!connection.username && !connection.applicationCredentialId) {
    found.push(
      problem('connection.username', '须填写用户名（口令认证）或应用凭据 ID（应用凭据认证）', 'give a username (password authentication) or an application credential id'),
    );
  }
  if (connection.username && !connection.projectName) {
    found.push(problem('connection.projectName', '口令认证须填写项目名称', 'password authentication needs a project name'));
  }
  return found;
}

export function assertPlatformShape(shape: PlatformShape): void {
  const found = platformShapeProblems(shape);
  if (found.length > 0) throw errors.validation(found);
}

/** Credentials are for the OpenStack driver, and must match how its settings authenticate. */
export function assertCredentialsFit(shape: PlatformShape, credentials: SetCredentialsBody): void {
  if (shape.driver !== 'openstack') {
    throw errors.field('kind', '仅 OpenStack 驱动的云平台需要凭据', 'Only platforms with the OpenStack driver take credentials');
  }
  if (credentials.kind === 'password' && !shape.connection.username) {
    throw errors.field('kind', '口令凭据须先在连接设置中填写用户名和项目', 'Set a username and project in the connection settings before a password');
  }
  if (credentials.kind === 'application_credential' && !shape.connection.applicationCredentialId) {
    throw errors.field('kind', '应用凭据须先在连接设置中填写应用凭据 ID', 'Set the application credential id in the connection settings first');
  }
}

/** A platform may not be certified above the highest MLPS level of systems the district hosts (QP-5, QP-7). */
export function assertMlpsLevelAllowed(profile: PolicyProfile, level: number): void {
  const max = profile.parameters['security.mlpsMaxLevel'].value;
  if (level > max) {
    throw policyViolation(profile, 'security.mlpsMaxLevel', {
      code: 'mlps_level_above_maximum',
      zh: `云平台等保级别 ${level} 超过本区可上云系统的最高等保级别 ${max}`,
      en: `MLPS level ${level} is above the highest level ${max} of systems hosted in the district`,
      path: 'mlpsLevel',
    });
  }
}
