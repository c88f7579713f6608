import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GoLiveCheckItem } from '@yunshu/shared/security-api';
import { AppError } from '../../platform/errors.ts';
import { loadPolicyProfile } from '../../platform/policy/policy-profile.ts';
import { shiftDate } from '../calendar/working-days.ts';
import { assertGoLiveChecklistComplete, type GoLiveFacts, goLiveGaps, reassessmentReminderStage, vulnerabilityDeadline } from './security-rules.ts';

const qingpu = loadPolicyProfile('qingpu-2023');
const songjiang = loadPolicyProfile('songjiang-2022');

const complete: GoLiveFacts = {
  recorded: new Map((['security_resources', 'self_check', 'testing_assessment', 'hardening', 'mlps', 'data_security'] as GoLiveCheckItem[]).map((item) => [item, { evidence: 1 }])),
  mlps: { level: 3, gradedOn: '2026-01-05', filingNumber: '31011843001-26001', filedOn: '2026-01-20' },
  letter: { scan: true, signed: true, signatureValid: true },
};
const gapsOf = (facts: GoLiveFacts) => songjiang.parameters['security.preGoLiveChecks'].value.map((item) => ({ item, gaps: goLiveGaps(item, facts) }));

describe('vulnerability fix deadline', () => {
  test('is the day found plus the profile’s calendar days for the severity', () => {
    assert.equal(vulnerabilityDeadline(qingpu, 'critical', '2026-02-27'), '2026-03-02');
    assert.equal(vulnerabilityDeadline(qingpu, 'high', '2026-09-28'), '2026-10-05', 'holidays are not skipped');
    assert.equal(vulnerabilityDeadline(qingpu, 'low', '2026-01-01'), '2026-04-01');
    assert.equal(shiftDate('2028-02-28', 1), '2028-02-29');
  });
});

describe('re-assessment reminder stage (QP-22, SJ-18)', () => {
  test('due soon from the profile’s lead days before the due date through the due date, overdue the day after', () => {
    // Qingpu: 30 calendar days ahead.
    assert.equal(reassessmentReminderStage(qingpu, '2026-12-01', '2026-10-31'), null, '31 days ahead');
    assert.equal(reassessmentReminderStage(qingpu, '2026-12-01', '2026-11-01'), 'due_soon', '30 days ahead');
    assert.equal(reassessmentReminderStage(qingpu, '2026-12-01', '2026-12-01'), 'due_soon', 'the due date itself');
    assert.equal(reassessmentReminderStage(qingpu, '2026-12-01', '2026-12-02'), 'overdue');
    assert.equal(reassessmentReminderStage(qingpu, '2027-01-10', '2026-12-11'), 'due_soon', 'across the year end');
  });
});

describe('go-live checklist (SJ-18, QP-22)', () => {
  test('a complete checklist passes', () => {
    assert.ok(gapsOf(complete).every((check) => check.gaps.length === 0));
    assert.doesNotThrow(() => assertGoLiveChecklistComplete(songjiang, gapsOf(complete)));
  });

  test('each item lacks what it lacks', () => {
    const recorded = new Map(complete.recorded);
    recorded.delete('hardening');
    recorded.set('self_check', { evidence: 0 });
    const facts: GoLiveFacts = { ...complete, recorded, mlps: { ...complete.mlps, filingNumber: null, filedOn: null }, letter: { scan: false, signed: true, signatureValid: false } };
    assert.deepEqual(goLiveGaps('hardening', facts), ['not_recorded']);
    assert.deepEqual(goLiveGaps('self_check', facts), ['no_evidence']);
    assert.deepEqual(goLiveGaps('mlps', facts), ['mlps_not_filed']);
    assert.deepEqual(goLiveGaps('commitment_letter', facts), ['letter_scan_missing', 'letter_signature_invalid']);
    assert.deepEqual(goLiveGaps('commitment_letter', { ...facts, letter: null }), ['letter_not_generated']);
  });

  test('a level-1 system is graded, not filed', () => {
    const level1 = { ...complete, mlps: { level: 1, gradedOn: '2026-01-05', filingNumber: null, filedOn: null } };
    assert.deepEqual(goLiveGaps('mlps', level1), []);
    assert.deepEqual(goLiveGaps('mlps', { ...level1, mlps: { ...level1.mlps, gradedOn: null } }), ['mlps_not_graded']);
  });

  test('the refusal names every missing item with its gaps, and the district’s article', () => {
    const facts: GoLiveFacts = { ...complete, letter: null, recorded: new Map([...complete.recorded].filter(([item]) => item !== 'data_security')) };
    assert.throws(
      () => assertGoLiveChecklistComplete(songjiang, gapsOf(facts)),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.status, 409);
        assert.equal(error.code, 'go_live_checks_incomplete');
        assert.equal(error.article, 'SJ-18');
        assert.match(error.messageZh, /数据安全保护（未登记）；签订上云安全承诺书（未生成承诺书）（松江办法第十八条）$/);
        assert.deepEqual(error.details, { missing: [{ item: 'data_security', gaps: ['not_recorded'] }, { item: 'commitment_letter', gaps: ['letter_not_generated'] }] });
        return true;
      },
    );
  });
});
