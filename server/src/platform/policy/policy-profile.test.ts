import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyViewSchema } from '@yunshu/shared/api';
import {
  citeArticle,
  listPolicyProfiles,
  loadPolicyProfile,
  POLICY_PARAMETER_KEYS,
  PolicyProfileError,
  policyView,
} from './policy-profile.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const EXAMPLE = readFileSync(join(FIXTURES, 'example-district.yaml'), 'utf8');

const scratch = mkdtempSync(join(tmpdir(), 'yunshu-policy-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes the example district as `<scratch>/<id>.yaml` with one edit, and returns the file's path. */
function exampleWith(id: string, find: string, replace: string): string {
  assert.ok(EXAMPLE.includes(find), `the example fixture contains ${find}`);
  const file = join(scratch, `${id}.yaml`);
  writeFileSync(file, EXAMPLE.replace('id: example-district', `id: ${id}`).replace(find, replace));
  return file;
}

function refuses(id: string, ...expected: string[]) {
  assert.throws(
    () => loadPolicyProfile(id, scratch),
    (error: unknown) => {
      assert.ok(error instanceof PolicyProfileError);
      for (const part of expected) assert.ok(error.message.includes(part), `"${error.message}" mentions ${part}`);
      return true;
    },
  );
}

describe('shipped profiles', () => {
  test('both districts are shipped and load', () => {
    assert.deepEqual(listPolicyProfiles(), ['qingpu-2023', 'songjiang-2022']);
    for (const id of listPolicyProfiles()) assert.equal(loadPolicyProfile(id).id, id);
  });

  test('every parameter names its article or says where its value comes from', () => {
    for (const id of listPolicyProfiles()) {
      const profile = loadPolicyProfile(id);
      assert.deepEqual(Object.keys(profile.parameters), POLICY_PARAMETER_KEYS);
      for (const key of POLICY_PARAMETER_KEYS) {
        const { article, basis } = profile.parameters[key];
        assert.ok(article !== null || basis !== null, `${id} ${key}`);
      }
    }
  });

  test('Qingpu values are those of its regulation', () => {
    const { parameters: p, authority, operator } = loadPolicyProfile('qingpu-2023');
    assert.equal(authority.zh, '区政务服务办公室');
    assert.equal(operator.zh, '区大数据中心');
    assert.deepEqual(
      p['approval.resourceApplication.steps'].value.map((step) => step.role),
      ['operator_resource_admin', 'operator_section_chief', 'operator_leader'],
    );
    assert.equal(p['approval.resourceApplication.steps'].article, 'QP-9');
    assert.equal(p['approval.resourceApplication.deadlineWorkingDays'].value, 7);
    assert.equal(p['expansion.ceilingRatio'].value, '1.2');
    assert.equal(p['expansion.ceilingRatio'].article, 'QP-10');
    assert.equal(p['expansion.reviewWorkingDays'].value, 3);
    assert.equal(p['expansion.executionWorkingDays'].value, 3);
    assert.equal(p['reclamation.workingDays'].value, 5);
    assert.equal(p['reclamation.requiresBackupConfirmation'].value, true);
    assert.equal(p['reclamation.irreversible'].value, true);
    assert.equal(p['temporary.allowed'].value, true);
    assert.equal(p['temporary.requiresProject'].value, false);
    assert.deepEqual(p['temporary.steps'].value.map((step) => step.role), ['authority_reviewer']);
    assert.equal(p['temporary.maxMonths'].value, 3);
    assert.equal(p['temporary.extensionLeadDays'].value, 14);
    assert.equal(p['efficiency.warningNeedsAuthorityReview'].value, true);
    assert.equal(p['efficiency.refusalAction'].value, 'stop');
    assert.equal(p['dataSync.period'].value, 'monthly');
    assert.equal(p['security.mlpsMaxLevel'].value, 3);
    assert.equal(p['settlement.period'].article, null, 'the Qingpu measures have no settlement article');
  });

  test('Songjiang settles from 1 July for 12 months, with supervision at most 10%', () => {
    const { parameters: p, operator } = loadPolicyProfile('songjiang-2022');
    assert.equal(operator.zh, '区科创服务中心');
    assert.deepEqual(p['settlement.period'].value, { startMonth: 7, startDay: 1, lengthMonths: 12 });
    assert.equal(p['settlement.period'].article, 'SJ-15');
    assert.equal(p['settlement.supervisionFeeCap'].value, '0.10');
    assert.equal(p['settlement.supervisionFeeCap'].article, 'SJ-16');
    assert.equal(p['settlement.nonBudgetUnitsAllowed'].value, true);
    assert.equal(p['change.steps'].article, 'SJ-13');
    assert.equal(p['efficiency.warningNeedsAuthorityReview'].value, false);
    assert.equal(p['efficiency.refusalAction'].value, 'stop_and_reclaim');
    assert.equal(p['cityCloud.allowed'].value, true);
  });
});

describe('a third district', () => {
  test('is added as a file, without code change', () => {
    assert.deepEqual(listPolicyProfiles(FIXTURES), ['example-district']);
    const profile = loadPolicyProfile('example-district', FIXTURES);
    assert.equal(profile.regulation.citePrefix, 'EX');
    assert.equal(profile.parameters['expansion.ceilingRatio'].value, '1.3');
    assert.equal(profile.parameters['expansion.ceilingRatio'].basis, null, 'basis may be left out where an article is cited');
  });
});

describe('malformed profiles are refused with file, field and reason', () => {
  test('a decimal written as a number', () => {
    exampleWith('bad-decimal', 'value: "1.3"', 'value: 1.3');
    refuses('bad-decimal', 'bad-decimal.yaml: parameters.expansion.ceilingRatio.value: expected a decimal string such as "1.2"');
  });

  test('an expansion ceiling below the quota', () => {
    exampleWith('low-ceiling', 'value: "1.3"', 'value: "0.9"');
    refuses('low-ceiling', 'low-ceiling.yaml: parameters.expansion.ceilingRatio.value: must be at least 1');
  });

  test('an unknown (misspelt) key', () => {
    exampleWith('unknown-key', 'expansion.ceilingRatio:', 'expansion.ceilingRatoi:');
    refuses(
      'unknown-key',
      'unknown-key.yaml: parameters.expansion.ceilingRatoi: unknown key (did you mean "expansion.ceilingRatio"?)',
      'unknown-key.yaml: parameters.expansion.ceilingRatio: missing',
    );
  });

  test('a missing key', () => {
    exampleWith('missing-key', '  reclamation.workingDays: { value: 4, article: EX-9 }\n', '');
    refuses('missing-key', 'missing-key.yaml: parameters.reclamation.workingDays: missing (required)');
  });

  test('a malformed article code', () => {
    exampleWith('bad-article', 'deadlineWorkingDays: { value: 10, article: EX-6 }', 'deadlineWorkingDays: { value: 10, article: 第六条 }');
    refuses(
      'bad-article',
      'bad-article.yaml: parameters.approval.resourceApplication.deadlineWorkingDays.article: expected an article code such as "QP-9"',
    );
  });

  test('an article of another regulation', () => {
    exampleWith('foreign-article', 'ceilingRatio: { value: "1.3", article: EX-7 }', 'ceilingRatio: { value: "1.3", article: QP-10 }');
    refuses('foreign-article', 'foreign-article.yaml: parameters.expansion.ceilingRatio.article: cites another regulation');
  });

  test('no article and no basis', () => {
    exampleWith('no-basis', 'cityCloud.allowed: { value: false, article: null, basis: 办法未规定；本区做法 }', 'cityCloud.allowed: { value: false, article: null }');
    refuses('no-basis', 'no-basis.yaml: parameters.cityCloud.allowed.basis: required when article is null');
  });

  test('a YAML syntax error, with its line', () => {
    const file = exampleWith('syntax-error', 'temporary.maxMonths: { value: 6, article: EX-10 }', 'temporary.maxMonths: { value: 6, article: EX-10 }}');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((text) => text.includes('EX-10 }}')) + 1;
    refuses('syntax-error', `syntax-error.yaml: line ${line}, column`, 'YAML syntax error');
  });

  test('a duplicated key', () => {
    exampleWith('duplicate-key', '  temporary.maxMonths: { value: 6, article: EX-10 }\n', '  temporary.maxMonths: { value: 6, article: EX-10 }\n  temporary.maxMonths: { value: 9, article: EX-10 }\n');
    refuses('duplicate-key', 'duplicate-key.yaml: line', 'Map keys must be unique');
  });

  test('an unknown role in the approval steps', () => {
    exampleWith('unknown-role', 'role: operator_leader', 'role: operator_boss');
    refuses('unknown-role', 'unknown-role.yaml: parameters.approval.resourceApplication.steps.value[1].role: unknown role "operator_boss"');
  });

  test('a role that does not approve', () => {
    exampleWith('unit-approver', 'role: operator_leader', 'role: unit_applicant');
    refuses('unit-approver', 'parameters.approval.resourceApplication.steps.value[1].role: "unit_applicant" cannot approve');
  });

  test('the same role at two levels', () => {
    exampleWith('repeated-role', 'role: operator_leader', 'role: operator_resource_admin');
    refuses('repeated-role', 'steps.value[1].role: operator_resource_admin already takes an earlier step');
  });

  test('a platform below the MLPS level of the systems it hosts', () => {
    exampleWith('weak-platform', 'security.mlpsMaxLevel: { value: 2', 'security.mlpsMaxLevel: { value: 4');
    refuses('weak-platform', 'parameters.security.platformMlpsLevel.value: a cloud platform may not host');
  });

  test('an id that is not the file name', () => {
    writeFileSync(join(scratch, 'renamed.yaml'), EXAMPLE);
    refuses('renamed', 'renamed.yaml: id: "example-district" does not match the file name');
  });

  test('an unknown profile id lists the available ones', () => {
    assert.throws(() => loadPolicyProfile('pudong-2024'), {
      name: 'PolicyProfileError',
      message: 'no policy profile "pudong-2024" in policies; available: qingpu-2023, songjiang-2022',
    });
  });
});

describe('policyView', () => {
  test('matches the API contract and displays values as people read them', () => {
    const view = policyView(loadPolicyProfile('qingpu-2023'));
    assert.deepEqual(PolicyViewSchema.parse(view), view);
    assert.deepEqual(view.regulation, { title: '青浦区电子政务云管理暂行办法', number: '青政务〔2023〕44号', issuedOn: '2023-11-09' });
    const display = Object.fromEntries(view.parameters.map((parameter) => [parameter.key, parameter.display]));
    assert.equal(display['approval.resourceApplication.deadlineWorkingDays'], '7 个工作日');
    assert.equal(display['approval.resourceApplication.steps'], '云资源管理员 → 基础设施科科长 → 分管领导');
    assert.equal(display['expansion.ceilingRatio'], '配额 × 120%');
    assert.equal(display['temporary.maxMonths'], '3 个月');
    assert.equal(display['temporary.extensionLeadDays'], '提前 14 天');
    assert.equal(display['settlement.supervisionFeeCap'], '年度结算费用的 10%');
    const expansion = view.parameters.find((parameter) => parameter.key === 'expansion.ceilingRatio');
    assert.equal(expansion?.group, 'expansion');
    assert.equal(expansion?.article, 'QP-10');
    assert.equal(expansion?.label.zh, '扩容后资源总量上限');
  });

  test('displays Songjiang and the third district', () => {
    const songjiang = policyView(loadPolicyProfile('songjiang-2022'));
    const example = policyView(loadPolicyProfile('example-district', FIXTURES));
    const display = (view: typeof songjiang, key: string) => view.parameters.find((p) => p.key === key)?.display;
    assert.equal(display(songjiang, 'settlement.period'), '每年 7 月 1 日起 12 个月');
    assert.equal(display(songjiang, 'efficiency.refusalAction'), '停止发放并回收');
    assert.equal(display(example, 'expansion.ceilingRatio'), '配额 × 130%');
    assert.equal(display(example, 'settlement.supervisionFeeCap'), '年度结算费用的 8%');
    assert.equal(display(example, 'settlement.period'), '自 4 月 1 日起每 6 个月');
    assert.equal(display(example, 'security.mlpsMaxLevel'), '等保二级及以下（非涉密）');
    assert.equal(display(example, 'security.reassessmentMonths'), '等保二级每 24 个月、等保三级每 12 个月');
    assert.equal(display(songjiang, 'operations.faultResolveHours'), '紧急 4 小时、严重 24 小时、一般 72 小时');
  });

  test('security and operations deadlines: re-assessment by level, fix days and fault deadlines by severity', () => {
    const { parameters: qp } = loadPolicyProfile('qingpu-2023');
    assert.deepEqual(qp['security.reassessmentMonths'].value, { 3: 12 });
    assert.equal(qp['security.reassessmentMonths'].article, 'QP-22');
    assert.deepEqual(qp['security.vulnerabilityFixDays'].value, { critical: 3, high: 7, medium: 30, low: 90 });
    const { parameters: sj } = loadPolicyProfile('songjiang-2022');
    assert.equal(sj['security.reassessmentMonths'].article, 'SJ-18');
    assert.equal(sj['operations.faultResponseMinutes'].article, 'SJ-19');
    assert.deepEqual(sj['operations.faultResponseMinutes'].value, { critical: 15, major: 30, minor: 120 });
    exampleWith('bad-severities', '{ critical: 2, major: 12, minor: 48 }', '{ critical: 2, major: 12 }');
    refuses('bad-severities', 'bad-severities.yaml: parameters.operations.faultResolveHours.value.minor: missing (required)');
  });

  test('re-assessment reminder lead time and the days a platform’s inspection report is due', () => {
    const { parameters: qp } = loadPolicyProfile('qingpu-2023');
    const { parameters: sj } = loadPolicyProfile('songjiang-2022');
    assert.equal(qp['security.reassessmentReminderDays'].value, 30);
    assert.equal(qp['security.reassessmentReminderDays'].article, 'QP-22');
    assert.equal(sj['security.reassessmentReminderDays'].article, 'SJ-18');
    assert.equal(qp['operations.inspectionEvery'].value, 'working_days');
    assert.equal(qp['operations.inspectionEvery'].article, 'QP-6, QP-17');
    assert.equal(sj['operations.inspectionEvery'].value, 'working_days');
    assert.equal(sj['operations.inspectionEvery'].article, 'SJ-19');
    const example = policyView(loadPolicyProfile('example-district', FIXTURES));
    const display = (key: string) => example.parameters.find((p) => p.key === key)?.display;
    assert.equal(display('security.reassessmentReminderDays'), '到期前 60 天提醒，超期再提醒一次');
    assert.equal(display('operations.inspectionEvery'), '每天（含周末和节假日）');
    assert.equal(example.parameters.find((p) => p.key === 'operations.inspectionEvery')?.group, 'operations');
    exampleWith('bad-inspection-days', 'operations.inspectionEvery: { value: calendar_days', 'operations.inspectionEvery: { value: weekly');
    refuses('bad-inspection-days', 'bad-inspection-days.yaml: parameters.operations.inspectionEvery.value', 'working_days', 'calendar_days');
    exampleWith('bad-reminder-days', 'security.reassessmentReminderDays: { value: 60', 'security.reassessmentReminderDays: { value: 0');
    refuses('bad-reminder-days', 'bad-reminder-days.yaml: parameters.security.reassessmentReminderDays.value');
  });

  test('the evaluation model: weights that add up to 100, a deduction for notices only, descending grades', () => {
    const { parameters: qp } = loadPolicyProfile('qingpu-2023');
    const model = qp['evaluation.model'].value;
    assert.equal(model.indicators.reduce((sum, i) => sum + i.weight, 0), 100);
    assert.equal(qp['evaluation.model'].article, 'QP-24');
    assert.equal(loadPolicyProfile('songjiang-2022').parameters['evaluation.model'].article, null);
    exampleWith('bad-weights', '{ indicator: mlps_assessment, weight: 50 }', '{ indicator: mlps_assessment, weight: 40 }');
    refuses('bad-weights', 'parameters.evaluation.model.value.indicators: the weights must add up to 100 points');
    exampleWith('no-deduction', '{ indicator: incident_notices, weight: 50, deductPer: 10 }', '{ indicator: incident_notices, weight: 50 }');
    refuses('no-deduction', 'incident_notices and idle_findings need deductPer');
    exampleWith('grades-upside-down', '{ excellent: 95, good: 80, pass: 50 }', '{ excellent: 80, good: 95, pass: 50 }');
    refuses('grades-upside-down', 'grades must descend');
  });
});

describe('citeArticle', () => {
  test('cites articles the way the regulation is read', () => {
    const qingpu = loadPolicyProfile('qingpu-2023');
    assert.deepEqual(citeArticle(qingpu, 'QP-10'), { zh: '青浦办法第十条', en: 'Qingpu Measures Art. 10' });
    assert.deepEqual(citeArticle(qingpu, 'QP-5, QP-7'), { zh: '青浦办法第五条、第七条', en: 'Qingpu Measures Art. 5, 7' });
    assert.equal(citeArticle(qingpu, 'QP-24').zh, '青浦办法第二十四条');
    assert.equal(citeArticle(loadPolicyProfile('songjiang-2022'), 'SJ-20').zh, '松江办法第二十条');
    assert.throws(() => citeArticle(qingpu, 'SJ-13'), /not an article of 青浦区电子政务云管理暂行办法/);
  });
});
