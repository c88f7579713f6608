import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { loadPolicyProfile } from '../../platform/policy/policy-profile.ts';
import { assertCredentialsFit, assertMlpsLevelAllowed, platformShapeProblems } from './platform-rules.ts';

describe('cloud platform rules', () => {
  test('the MLPS ceiling comes from the profile and cites its articles', () => {
    for (const [id, article] of [['qingpu-2023', 'QP-5, QP-7'], ['songjiang-2022', 'SJ-2, SJ-9']] as const) {
      const profile = loadPolicyProfile(id);
      const max = profile.parameters['security.mlpsMaxLevel'].value;
      assert.doesNotThrow(() => assertMlpsLevelAllowed(profile, max));
      assert.throws(
        () => assertMlpsLevelAllowed(profile, max + 1),
        (error: unknown) => error instanceof AppError && error.code === 'mlps_level_above_maximum' && error.article === article,
      );
    }
  });

  test('a work-order platform has no driver and no connection settings', () => {
    assert.deepEqual(platformShapeProblems({ provisioningMode: 'work_order', driver: null, connection: {} }), []);
    assert.deepEqual(platformShapeProblems({ provisioningMode: 'work_order', driver: 'simulated', connection: {} }).map((p) => p.path), ['driver']);
    assert.deepEqual(platformShapeProblems({ provisioningMode: 'work_order', driver: null, connection: { region: 'r' } }).map((p) => p.path), ['connection']);
  });

  test('OpenStack needs a Keystone URL without user:password, and a user with a project or an application credential', () => {
    const ok = { authUrl: 'https://keystone.example:5000/v3', applicationCredentialId: 'ac' };
    assert.deepEqual(platformShapeProblems({ provisioningMode: 'driver', driver: 'openstack', connection: ok }), []);
    const paths = (connection: Record<string, string>) => platformShapeProblems({ provisioningMode: 'driver', driver: 'openstack', connection }).map((p) => p.path);
    assert.deepEqual(paths({ authUrl: 'https://u:p@keystone.example/v3', applicationCredentialId: 'ac' }), ['connection.authUrl']);
    assert.deepEqual(paths({ authUrl: 'https://keystone.example/v3' }), ['connection.username']);
    assert.deepEqual(paths({ authUrl: 'https://keystone.example/v3', username: 'ops' }), ['connection.projectName']);
  });

  test('credentials must match how the settings authenticate', () => {
    const shape = { provisioningMode: 'driver' as const, driver: 'openstack' as const, connection: { authUrl: 'https://k/v3', applicationCredentialId: 'ac' } };
    assert.doesNotThrow(() => assertCredentialsFit(shape, { kind: 'application_credential', secret: 's' }));
    assert.throws(() => assertCredentialsFit(shape, { kind: 'password', password: 'p' }), /username/);
    assert.throws(() => assertCredentialsFit({ ...shape, driver: 'simulated' }, { kind: 'password', password: 'p' }), /OpenStack/);
  });
});
