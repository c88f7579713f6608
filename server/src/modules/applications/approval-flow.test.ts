/** Approval chains and deadlines come from the district profile, each citing its article. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APPLICATION_KINDS } from '@yunshu/shared/applications-api';
import { loadPolicyProfile } from '../../platform/policy/policy-profile.ts';
import { planFlow } from './approval-flow.ts';

const qingpu = loadPolicyProfile('qingpu-2023');
const songjiang = loadPolicyProfile('songjiang-2022');
const roles = (plan: ReturnType<typeof planFlow>) => plan.steps.map((s) => s.role);

describe('approval chains (Qingpu)', () => {
  test('a resource application goes through the three levels of QP-9 within 7 working days', () => {
    const plan = planFlow(qingpu, 'resource');
    assert.deepEqual(roles(plan), ['operator_resource_admin', 'operator_section_chief', 'operator_leader']);
    assert.deepEqual(plan.steps.map((s) => s.name.zh), ['一级审批', '二级审批', '三级审批']);
    assert.equal(plan.reviewWorkingDays, 7);
    assert.equal(plan.reviewArticle, 'QP-9');
  });

  test('an expansion is reviewed in 3 and carried out in 3 working days (QP-10)', () => {
    const plan = planFlow(qingpu, 'expansion');
    assert.equal(plan.reviewWorkingDays, 3);
    assert.equal(plan.executionWorkingDays, 3);
    assert.equal(plan.reviewArticle, 'QP-10');
  });

  test('reclamation within 5 working days (QP-11); temporary resources and their extension by the authority (QP-12)', () => {
    assert.equal(planFlow(qingpu, 'reclamation').reviewWorkingDays, 5);
    assert.deepEqual(roles(planFlow(qingpu, 'temporary')), ['authority_reviewer']);
    assert.deepEqual(roles(planFlow(qingpu, 'temporary_extension')), ['authority_reviewer']);
  });

  test('new-project filing: operator confirmation then filing with the authority, cited by each district’s own article', () => {
    const plan = planFlow(qingpu, 'new_project_filing');
    assert.deepEqual(roles(plan), ['operator_resource_admin', 'authority_reviewer']);
    assert.ok(plan.steps.every((s) => s.article === null), 'Qingpu has no filing article');
    assert.ok(planFlow(songjiang, 'new_project_filing').steps.every((s) => s.article === 'SJ-11'));
    assert.ok(planFlow(songjiang, 'migration').steps.every((s) => s.article === 'SJ-12'));
    assert.ok(planFlow(songjiang, 'provider_plan').steps.every((s) => s.article === 'SJ-19'));
  });

  test('a provider plan needs the authority only when it is major (SJ-19)', () => {
    assert.deepEqual(roles(planFlow(qingpu, 'provider_plan', { major: false })), ['operator_resource_admin']);
    assert.deepEqual(roles(planFlow(qingpu, 'provider_plan', { major: true })), ['operator_resource_admin', 'authority_reviewer']);
  });

  test('every kind has at least one step and a positive deadline', () => {
    for (const kind of APPLICATION_KINDS) {
      const plan = planFlow(qingpu, kind);
      assert.ok(plan.steps.length > 0, kind);
      assert.ok(plan.reviewWorkingDays > 0, kind);
    }
  });
});

describe('approval chains (Songjiang)', () => {
  test('the district sets its own chain: 云资源管理员 → 分管领导, the deadline stated as its own rule', () => {
    const plan = planFlow(songjiang, 'resource');
    assert.deepEqual(roles(plan), ['operator_resource_admin', 'operator_leader']);
    assert.equal(plan.reviewArticle, null, 'Songjiang’s regulation fixes no deadline: the profile says so');
  });
});
