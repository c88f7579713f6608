/**
 * The security record (QP-20..QP-24, SJ-17, SJ-18): the go-live gate refusing until each checklist item
 * is met, the commitment letter as a PDF with the unit's name in Chinese text, its SM2 signature verified
 * by sm-crypto-v2 and independently by `openssl pkeyutl` — and failing once the letter or the signature is
 * altered; MLPS re-assessment due dates; vulnerability fix and on-time rates on hand-made fixtures.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sm3 } from 'sm-crypto-v2';
import { shanghaiDate } from '../src/modules/calendar/working-days.ts';
import { opensslSm2Unavailable, SM2_DEFAULT_ID, sm2PublicKeyPem } from '../src/platform/crypto/sm2.ts';
import { CJK_FONT } from '../src/platform/pdf/cjk-font.ts';
import { createSystem, pdfBytes } from './fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';
import { goLiveRefusal, recordGoLiveItem, registeredKey, signDigest, sm2KeyPair } from './security-fixtures.ts';

/** The PDF is read back with poppler's tools and needs Debian's CJK font; CI installs both (.ci/run). */
const pdfToolsMissing =
  process.env.CI !== 'true' && (!existsSync(CJK_FONT.file) || spawnSync('pdftotext', ['-v']).error !== undefined)
    ? 'needs fonts-noto-cjk and poppler-utils (sudo apt-get install -y fonts-noto-cjk poppler-utils)'
    : false;
/** OpenSSL is the independent SM2 implementation; CI requires it. */
const opensslMissing = process.env.CI !== 'true' && ((await opensslSm2Unavailable()) ?? false);

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => shanghaiDate(new Date(Date.now() - days * DAY_MS));
/** A date plus whole months, as PostgreSQL adds an interval (the day is kept; these tests use days ≤ 28). */
const plusMonths = (date: string, months: number) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

describe('go-live gate and the security commitment letter (Songjiang, SJ-18)', () => {
  let t: TestPlatform;
  let admin: string;
  let applicant: string;
  let scratch: string;
  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
    admin = await t.login('edu-admin');
    applicant = await t.login('edu-applicant');
    scratch = mkdtempSync(join(tmpdir(), 'yunshu-security-'));
  });
  after(async () => {
    await t.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function letterOf(systemId: string) {
    return (await t.request('GET', `/api/systems/${systemId}/commitment-letter`, { cookie: admin })).json();
  }
  async function download(documentId: string): Promise<Buffer> {
    const response = await t.request('GET', `/api/documents/${documentId}`, { cookie: admin });
    assert.equal(response.statusCode, 200);
    return response.rawPayload;
  }

  test('going live is refused, naming what is missing and the article, until each checklist item is met', async () => {
    const system = await createSystem(t, applicant, { name: '智慧教育云平台', mlpsLevel: 3 });
    let refusal = await goLiveRefusal(t, applicant, system.id);
    assert.equal(refusal.status, 409);
    assert.equal(refusal.error.code, 'go_live_checks_incomplete');
    assert.equal(refusal.error.article, 'SJ-18');
    for (const label of ['申请安全资源', '安全自查', '检测评估', '安全加固', '等级保护', '数据安全保护', '签订上云安全承诺书']) {
      assert.ok(refusal.error.message.includes(label), `the refusal names ${label}`);
    }
    assert.match(refusal.error.message, /（松江办法第十八条）$/);
    assert.deepEqual(Object.keys(refusal.missing), ['security_resources', 'self_check', 'testing_assessment', 'hardening', 'mlps', 'data_security', 'commitment_letter']);

    // Each evidence-backed item: recorded without evidence is still missing; with evidence it is met.
    const remaining = new Set(Object.keys(refusal.missing));
    for (const item of ['security_resources', 'self_check', 'testing_assessment', 'hardening', 'data_security']) {
      const checkId = await recordGoLiveItem(t, applicant, system.id, item, { evidence: false });
      refusal = await goLiveRefusal(t, applicant, system.id);
      assert.deepEqual(refusal.missing[item], ['no_evidence'], `${item} without evidence`);
      const upload = await t.request('POST', `/api/go-live-checks/${checkId}/documents?filename=${item}.pdf`, { cookie: applicant, body: pdfBytes(), headers: { 'content-type': 'application/pdf' } });
      assert.equal(upload.statusCode, 201);
      remaining.delete(item);
      refusal = await goLiveRefusal(t, applicant, system.id);
      assert.deepEqual(Object.keys(refusal.missing), [...remaining], `${item} met`);
    }

    // MLPS: evidence, then grading, then (level 3) the filing.
    await recordGoLiveItem(t, applicant, system.id, 'mlps');
    assert.deepEqual((await goLiveRefusal(t, applicant, system.id)).missing.mlps, ['mlps_not_graded']);
    const graded = await t.request('PUT', `/api/systems/${system.id}/mlps`, { cookie: applicant, body: { mlpsLevel: 3, gradedOn: '2026-03-02' } });
    assert.equal(graded.statusCode, 200, graded.body);
    assert.deepEqual((await goLiveRefusal(t, applicant, system.id)).missing.mlps, ['mlps_not_filed']);
    const filed = await t.request('PUT', `/api/systems/${system.id}/mlps`, {
      cookie: applicant,
      body: { mlpsLevel: 3, gradedOn: '2026-03-02', filingNumber: '31011743001-26007', filedOn: '2026-03-20', filingAuthority: '松江公安分局' },
    });
    assert.equal(filed.statusCode, 200, filed.body);
    assert.equal((await t.request('GET', `/api/systems/${system.id}`, { cookie: applicant })).json().mlpsFilingNumber, '31011743001-26007', 'one filing number, on the system');
    refusal = await goLiveRefusal(t, applicant, system.id);
    assert.deepEqual(refusal.missing, { commitment_letter: ['letter_not_generated'] });

    // The letter: generated, scanned, signed.
    assert.equal((await t.request('POST', `/api/systems/${system.id}/go-live-checks`, { cookie: applicant, body: { item: 'commitment_letter' } })).statusCode, 400, 'not recorded by hand');
    const generated = await t.request('POST', `/api/systems/${system.id}/commitment-letter`, { cookie: applicant });
    assert.equal(generated.statusCode, 201, generated.body);
    assert.deepEqual((await goLiveRefusal(t, applicant, system.id)).missing, { commitment_letter: ['letter_scan_missing', 'letter_not_signed'] });
    const scan = await t.request('POST', `/api/systems/${system.id}/commitment-letter/scan?filename=${encodeURIComponent('承诺书扫描件.pdf')}`, {
      cookie: applicant,
      body: pdfBytes('signed and sealed'),
      headers: { 'content-type': 'application/pdf' },
    });
    assert.equal(scan.statusCode, 200, scan.body);
    assert.deepEqual((await goLiveRefusal(t, applicant, system.id)).missing, { commitment_letter: ['letter_not_signed'] });
    const key = await registeredKey(t, admin);
    const signed = await t.request('POST', `/api/systems/${system.id}/commitment-letter/signature`, { cookie: admin, body: { signature: signDigest(generated.json().digest, key.privateKey) } });
    assert.equal(signed.statusCode, 200, signed.body);
    const letter = await letterOf(system.id);
    assert.equal(letter.scan.filename, '承诺书扫描件.pdf');
    assert.equal(letter.signature.signer, '教育局 李明');
    assert.equal(letter.signature.keyId, key.id);

    const live = await t.request('POST', `/api/systems/${system.id}/go-live`, { cookie: applicant, body: {} });
    assert.equal(live.statusCode, 200, live.body);
    assert.equal(live.json().complete, true);
    assert.ok(live.json().liveAt);
    assert.equal(live.json().liveBy, '教育局 王芳');
    const again = await t.request('POST', `/api/systems/${system.id}/go-live`, { cookie: applicant, body: {} });
    assert.equal(again.json().error.code, 'already_live');
    const closed = await t.request('POST', `/api/systems/${system.id}/go-live-checks`, { cookie: applicant, body: { item: 'hardening' } });
    assert.equal(closed.json().error.code, 'system_live', 'the checklist is a closed record once live');
    const [audit] = (await t.ownerQuery(`SELECT result, actor_username FROM audit_log WHERE action = 'system.go_live' AND object_id = '${system.id}' AND result = 'success'`)) as { actor_username: string }[];
    assert.equal(audit!.actor_username, 'edu-applicant');
  });

  test('the letter PDF is generated from the template with the unit’s Chinese name as text, its font embedded', { skip: pdfToolsMissing }, async () => {
    const system = await createSystem(t, admin, { name: '学籍管理系统', mlpsLevel: 2 });
    const letter = (await t.request('POST', `/api/systems/${system.id}/commitment-letter`, { cookie: admin })).json();
    const pdf = await download(letter.document.id);
    assert.equal(sm3(new Uint8Array(pdf)), letter.digest, 'the digest is SM3 of the PDF');
    const file = join(scratch, 'letter.pdf');
    writeFileSync(file, pdf);
    // poppler reads the text back independently of the library that wrote it.
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.match(text, /^承诺单位（盖章）：松江区教育局$/m, 'the unit’s name, on a line of its own');
    assert.match(text, /^信息系统：学籍管理系统$/m, 'the system’s name');
    const flowing = text.replace(/\s+/g, ''); // paragraphs wrap anywhere
    assert.ok(flowing.includes('本单位松江区教育局（统一社会信用代码'), 'the unit in the body');
    assert.ok(flowing.includes('电子政务云上云安全承诺书'));
    assert.ok(flowing.includes('《松江区电子政务云管理办法》第十八条'), 'the article it rests on');
    assert.ok(flowing.includes('申请安全资源、安全自查、检测评估、安全加固、等级保护、数据安全保护'), 'the district’s checklist');
    assert.match(execFileSync('pdffonts', [file], { encoding: 'utf8' }), /NotoSansCJK.*yes\s+yes/, 'embedded, as a subset');
  });

  test('an SM2 signature verifies with sm-crypto-v2 and openssl, and fails once the signature or the letter is altered', async () => {
    const system = await createSystem(t, admin, { name: '教育统计系统' });
    const letter = (await t.request('POST', `/api/systems/${system.id}/commitment-letter`, { cookie: admin })).json();
    const sign = (signature: string, cookie = admin) => t.request('POST', `/api/systems/${system.id}/commitment-letter/signature`, { cookie, body: { signature } });

    const health = await t.login('health-admin');
    const healthSystem = await createSystem(t, health);
    const healthLetter = (await t.request('POST', `/api/systems/${healthSystem.id}/commitment-letter`, { cookie: health })).json();
    const unregistered = await t.request('POST', `/api/systems/${healthSystem.id}/commitment-letter/signature`, { cookie: health, body: { signature: signDigest(healthLetter.digest, sm2KeyPair().privateKey) } });
    assert.equal(unregistered.json().error.code, 'signing_key_missing', 'a key must be registered first');
    assert.equal((await sign(signDigest(letter.digest, sm2KeyPair().privateKey), health)).statusCode, 404, 'another unit’s letter');
    const key = await registeredKey(t, admin);
    const stranger = await sign(signDigest(letter.digest, sm2KeyPair().privateKey));
    assert.equal(stranger.statusCode, 400);
    assert.equal(stranger.json().error.code, 'letter_signature_invalid', 'signed with a key that is not the registered one');
    assert.equal(stranger.json().error.article, 'SJ-18');
    const otherDigest = await sign(signDigest(sm3('另一份承诺书'), key.privateKey));
    assert.equal(otherDigest.json().error.code, 'letter_signature_invalid', 'a signature over another digest');
    assert.equal((await t.request('POST', `/api/systems/${system.id}/commitment-letter/signature`, { cookie: applicant, body: { signature: '30' } })).statusCode, 403, 'only the unit administrator signs');

    const signature = signDigest(letter.digest, key.privateKey);
    const signed = await sign(signature);
    assert.equal(signed.statusCode, 200, signed.body);
    assert.equal(signed.json().signature.keyFingerprint, sm3(new Uint8Array(Buffer.from(key.publicKey, 'hex'))));
    assert.deepEqual(signed.json().signature.verifiedWith, opensslMissing ? ['sm-crypto-v2'] : ['sm-crypto-v2', 'openssl']);
    assert.equal((await sign(signature)).json().error.code, 'letter_already_signed');
    assert.equal((await t.request('POST', `/api/systems/${system.id}/commitment-letter`, { cookie: admin })).json().error.code, 'letter_already_signed', 'a signed letter is final');
    assert.equal((await t.request('DELETE', `/api/documents/${letter.document.id}`, { cookie: admin })).json().error.code, 'document_is_record');

    const verify = async () => (await t.request('GET', `/api/systems/${system.id}/commitment-letter/verify`, { cookie: await t.login('chief') })).json();
    const intact = await verify();
    assert.equal(intact.ok, true);
    assert.equal(intact.digest.matches, true);
    assert.equal(intact.smCrypto, true);
    assert.equal(intact.openssl, opensslMissing ? null : true);
    assert.equal(intact.signer, '教育局 李明');

    if (!opensslMissing) {
      // Independently of the server's code: OpenSSL over the SM3 of the downloaded PDF, with the registered key.
      const pdf = await download(letter.document.id);
      const files = { key: join(scratch, 'key.pem'), digest: join(scratch, 'digest'), signature: join(scratch, 'signature.der') };
      writeFileSync(files.key, sm2PublicKeyPem(key.publicKey));
      writeFileSync(files.digest, Buffer.from(sm3(new Uint8Array(pdf)), 'hex'));
      writeFileSync(files.signature, Buffer.from(signed.json().signature.value, 'hex'));
      const args = ['pkeyutl', '-verify', '-pubin', '-inkey', files.key, '-rawin', '-in', files.digest, '-sigfile', files.signature, '-digest', 'sm3', '-pkeyopt', `distid:${SM2_DEFAULT_ID}`];
      assert.match(execFileSync('openssl', args, { encoding: 'utf8' }), /Signature Verified Successfully/);
    }

    // The signature altered in the database: one byte of s flipped.
    const stored = signed.json().signature.value as string;
    const flipped = `${stored.slice(0, -2)}${((Number.parseInt(stored.slice(-2), 16) ^ 1) & 0xff).toString(16).padStart(2, '0')}`;
    await t.ownerQuery(`UPDATE commitment_letters SET signature = '${flipped}' WHERE id = '${letter.id}'`);
    const badSignature = await verify();
    assert.equal(badSignature.ok, false);
    assert.equal(badSignature.digest.matches, true);
    assert.equal(badSignature.smCrypto, false);
    assert.equal(badSignature.openssl, opensslMissing ? null : false);
    await t.ownerQuery(`UPDATE commitment_letters SET signature = '${stored}' WHERE id = '${letter.id}'`);
    assert.equal((await verify()).ok, true, 'restored');

    // The letter altered in the database: its PDF bytes replaced.
    await t.ownerQuery(`UPDATE documents SET content = '\\x${pdfBytes('forged letter').toString('hex')}'::bytea WHERE id = '${letter.document.id}'`);
    const badLetter = await verify();
    assert.equal(badLetter.ok, false);
    assert.equal(badLetter.digest.matches, false);
    assert.equal(badLetter.smCrypto, false);
    assert.equal(badLetter.openssl, opensslMissing ? null : false);
    const status = (await t.request('GET', `/api/systems/${system.id}/go-live`, { cookie: admin })).json();
    assert.deepEqual(status.checks.find((c: { item: string }) => c.item === 'commitment_letter').gaps, ['letter_scan_missing', 'letter_signature_invalid'], 'the gate re-verifies');
  });

  test('SM2 keys: a point off the curve is refused; a new key revokes the old one, whose letters still verify', async () => {
    const bad = await t.request('POST', '/api/security/signing-keys', { cookie: admin, body: { publicKey: `04${'11'.repeat(64)}` } });
    assert.equal(bad.statusCode, 400);
    const first = await registeredKey(t, admin);
    const system = await createSystem(t, admin);
    const letter = (await t.request('POST', `/api/systems/${system.id}/commitment-letter`, { cookie: admin })).json();
    assert.equal((await t.request('POST', `/api/systems/${system.id}/commitment-letter/signature`, { cookie: admin, body: { signature: signDigest(letter.digest, first.privateKey) } })).statusCode, 200);
    const second = await registeredKey(t, admin);
    const keys = (await t.request('GET', '/api/security/signing-keys', { cookie: admin })).json() as { id: string; revokedAt: string | null }[];
    assert.ok(keys.find((k) => k.id === first.id)!.revokedAt);
    assert.equal(keys.find((k) => k.id === second.id)!.revokedAt, null);
    assert.equal((await t.request('GET', `/api/systems/${system.id}/commitment-letter/verify`, { cookie: admin })).json().ok, true);
    const health = await t.login('health-admin');
    assert.deepEqual((await t.request('GET', '/api/security/signing-keys', { cookie: health })).json(), [], 'another unit sees none of them');
    assert.equal((await t.request('GET', `/api/systems/${system.id}/commitment-letter/verify`, { cookie: health })).statusCode, 404);
  });
});

describe('MLPS record, vulnerabilities, incidents and drills (Qingpu)', () => {
  let t: TestPlatform;
  let unit: string;
  let operator: string;
  before(async () => {
    t = await startTestPlatform();
    unit = await t.login('town-applicant');
    operator = await t.login('res-admin');
  });
  after(() => t.close());

  test('the re-assessment falls due a year after the latest assessment of a level-3 system (QP-22), and is flagged overdue', async () => {
    const stale = await createSystem(t, unit, { name: '镇网格化管理系统', mlpsLevel: 3 });
    const fresh = await createSystem(t, unit, { name: '镇政务公开系统', mlpsLevel: 3 });
    const level2 = await createSystem(t, unit, { name: '镇食堂订餐系统', mlpsLevel: 2 });
    const filed = { filingNumber: '31011843001-24011', filedOn: '2024-04-15' };
    for (const system of [stale, fresh]) {
      assert.equal((await t.request('PUT', `/api/systems/${system.id}/mlps`, { cookie: unit, body: { mlpsLevel: 3, gradedOn: '2024-04-01', ...filed } })).statusCode, 200);
    }
    let status = (await t.request('GET', `/api/systems/${stale.id}/security`, { cookie: unit })).json().mlps;
    assert.deepEqual(status.reassessment, { intervalMonths: 12, article: 'QP-22', basis: 'filing', dueOn: '2025-04-15', overdue: true });

    const recent = daysAgo(30).replace(/-\d\d$/, '-10');
    const assessment = await t.request('POST', `/api/systems/${fresh.id}/assessments`, {
      cookie: unit,
      body: { assessedOn: recent, assessor: '上海市信息安全测评认证中心', result: 'pass', score: '86.50', findings: '访问控制策略需细化', rectifications: [{ description: '细化数据库访问控制策略', dueOn: daysAgo(0) }, { description: '开启审计日志集中存储' }] },
    });
    assert.equal(assessment.statusCode, 201, assessment.body);
    assert.equal(assessment.json().level, 3);
    assert.equal(assessment.json().score, '86.50');
    status = (await t.request('GET', `/api/systems/${fresh.id}/security`, { cookie: unit })).json();
    assert.deepEqual(status.mlps.reassessment, { intervalMonths: 12, article: 'QP-22', basis: 'assessment', dueOn: plusMonths(recent, 12), overdue: false });
    assert.equal(status.mlps.openRectifications, 2);
    assert.equal(status.latestAssessment.id, assessment.json().id);

    const [first] = assessment.json().rectifications;
    assert.equal((await t.request('PATCH', `/api/rectification-items/${first.id}`, { cookie: unit, body: { status: 'done' } })).statusCode, 400, 'done needs its date');
    const done = await t.request('PATCH', `/api/rectification-items/${first.id}`, { cookie: unit, body: { status: 'done', doneOn: daysAgo(1) } });
    assert.equal(done.json().status, 'done');
    assert.equal((await t.request('GET', `/api/systems/${fresh.id}/security`, { cookie: unit })).json().mlps.openRectifications, 1);

    const level2Status = (await t.request('GET', `/api/systems/${level2.id}/security`, { cookie: unit })).json().mlps.reassessment;
    assert.deepEqual(level2Status, { intervalMonths: null, article: 'QP-22', basis: null, dueOn: null, overdue: false }, 'Qingpu’s profile requires yearly re-assessment of level 3 only');

    const overdue = (await t.request('GET', '/api/security/mlps-status?overdue=true&pageSize=200', { cookie: unit })).json();
    assert.deepEqual(overdue.items.map((s: { systemName: string }) => s.systemName), ['镇网格化管理系统']);
    const all = (await t.request('GET', '/api/security/mlps-status?pageSize=200', { cookie: unit })).json();
    assert.equal(all.total, 3, 'the unit sees its own systems only');
    assert.ok((await t.request('GET', '/api/security/mlps-status?overdue=true&pageSize=200', { cookie: operator })).json().items.some((s: { systemId: string }) => s.systemId === stale.id));

    const level4 = await t.request('PUT', `/api/systems/${level2.id}/mlps`, { cookie: unit, body: { mlpsLevel: 4, gradedOn: '2024-04-01' } });
    assert.equal(level4.json().error.code, 'mlps_level_too_high');
    const halfFiled = await t.request('PUT', `/api/systems/${level2.id}/mlps`, { cookie: unit, body: { mlpsLevel: 2, gradedOn: '2024-04-01', filingNumber: 'X-1' } });
    assert.equal(halfFiled.json().error.fields[0].path, 'filedOn');
  });

  test('fix rate and on-time rate per system and unit, judged at a day, on hand-made vulnerabilities (QP-24)', async () => {
    const a = await createSystem(t, unit, { name: '漏洞统计系统甲' });
    const b = await createSystem(t, unit, { name: '漏洞统计系统乙' });
    const found = async (systemId: string, severity: string, foundOn: string) => {
      const response = await t.request('POST', `/api/systems/${systemId}/vulnerabilities`, { cookie: unit, body: { title: `${severity}-${foundOn}`, foundOn, source: 'scan', severity } });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    };
    const fix = async (id: string, fixedOn: string) => assert.equal((await t.request('POST', `/api/vulnerabilities/${id}/fix`, { cookie: unit, body: { fixedOn } })).statusCode, 200);
    // Qingpu's days: critical 3, high 7, medium 30, low 90 (security.vulnerabilityFixDays).
    const a1 = await found(a.id, 'critical', '2025-06-01'); // due 06-04, fixed 06-03: on time
    const a2 = await found(a.id, 'high', '2025-06-01'); // due 06-08, fixed 06-10: late
    await found(a.id, 'medium', '2025-06-10'); // due 07-10, open: not yet judgeable on 06-30
    await found(a.id, 'low', '2025-01-10'); // due 04-10, open: overdue
    const a5 = await found(a.id, 'high', '2025-06-20'); // due 06-27, fixed 07-05 (after the day judged): overdue on 06-30
    const b1 = await found(b.id, 'medium', '2025-05-01'); // due 05-31, fixed 05-20 and verified
    await found(b.id, 'critical', '2025-06-28'); // due 07-01, open: not yet judgeable
    await found(b.id, 'low', '2025-07-02'); // found after the day judged: not counted
    assert.equal(a1.deadlineOn, '2025-06-04');
    assert.equal(a2.deadlineOn, '2025-06-08');
    await fix(a1.id, '2025-06-03');
    await fix(a2.id, '2025-06-10');
    await fix(a5.id, '2025-07-05');
    await fix(b1.id, '2025-05-20');
    const verify = (id: string, verifiedOn: string) => t.request('POST', `/api/vulnerabilities/${id}/verify`, { cookie: operator, body: { verifiedOn } });
    assert.equal((await verify(b1.id, '2025-05-25')).statusCode, 200);
    assert.equal((await verify(b1.id, '2025-05-26')).json().error.code, 'vulnerability_verified');
    assert.equal((await t.request('POST', `/api/vulnerabilities/${b1.id}/fix`, { cookie: unit, body: { fixedOn: '2025-05-21' } })).json().error.code, 'vulnerability_verified', 'a verified fix is final');
    assert.equal((await t.request('POST', `/api/vulnerabilities/${b1.id}/verify`, { cookie: unit, body: { verifiedOn: '2025-05-25' } })).statusCode, 403, 'the operator verifies');

    const stats = (await t.request('GET', '/api/security/vulnerability-stats?asOf=2025-06-30', { cookie: unit })).json();
    const row = (systemId: string | null) => {
      const { unit: _unit, systemName: _name, ...counts } = (systemId ? stats.systems : stats.units).find((r: { systemId: string | null }) => r.systemId === systemId);
      return counts;
    };
    assert.deepEqual(row(a.id), { systemId: a.id, found: 5, fixed: 2, verified: 0, due: 4, fixedOnTime: 1, openOverdue: 2, fixRate: '0.4000', onTimeRate: '0.2500' });
    assert.deepEqual(row(b.id), { systemId: b.id, found: 2, fixed: 1, verified: 1, due: 1, fixedOnTime: 1, openOverdue: 0, fixRate: '0.5000', onTimeRate: '1.0000' });
    assert.deepEqual(row(null), { systemId: null, found: 7, fixed: 3, verified: 1, due: 5, fixedOnTime: 2, openOverdue: 2, fixRate: '0.4286', onTimeRate: '0.4000' });
    assert.equal(stats.units.length, 1, 'the unit sees its own unit only');

    const june = (await t.request('GET', '/api/security/vulnerability-stats?asOf=2025-06-30&from=2025-06-01&to=2025-06-30', { cookie: unit })).json();
    const juneA = june.systems.find((r: { systemId: string }) => r.systemId === a.id);
    assert.deepEqual([juneA.found, juneA.fixed, juneA.due, juneA.fixedOnTime, juneA.fixRate, juneA.onTimeRate], [4, 2, 3, 1, '0.5000', '0.3333']);

    const later = (await t.request('GET', '/api/security/vulnerability-stats?asOf=2025-07-31', { cookie: unit })).json();
    const laterA = later.systems.find((r: { systemId: string }) => r.systemId === a.id);
    assert.deepEqual([laterA.found, laterA.fixed, laterA.due, laterA.fixedOnTime, laterA.openOverdue], [5, 3, 5, 1, 2], 'a5 fixed late; the medium one is now overdue');

    const list = (await t.request('GET', `/api/systems/${a.id}/vulnerabilities`, { cookie: unit })).json() as { severity: string; overdue: boolean; fixedOn: string | null }[];
    assert.equal(list.filter((v) => v.overdue).length, 2, 'open past the deadline today');
    const health = await t.login('health-admin');
    assert.equal((await t.request('GET', `/api/systems/${a.id}/vulnerabilities`, { cookie: health })).statusCode, 404, 'another unit gets 404');
    assert.equal((await t.request('POST', `/api/vulnerabilities/${a1.id}/fix`, { cookie: health, body: { fixedOn: '2025-06-03' } })).statusCode, 404);
    assert.deepEqual((await t.request('GET', '/api/security/vulnerability-stats?asOf=2025-06-30', { cookie: health })).json().units, []);
  });

  test('incidents are recorded by the unit, notices issued by the operator, both handled and closed; drills and training are kept per unit (QP-23)', async () => {
    const system = await createSystem(t, unit, { name: '镇视频会议系统' });
    const incident = await t.request('POST', `/api/systems/${system.id}/incidents`, {
      cookie: unit,
      body: { occurredOn: daysAgo(3), level: 'general', title: '网页被篡改', description: '门户首页出现异常链接' },
    });
    assert.equal(incident.statusCode, 201, incident.body);
    assert.equal(incident.json().kind, 'incident');
    const closeEarly = await t.request('PATCH', `/api/incidents/${incident.json().id}`, { cookie: unit, body: { closedOn: daysAgo(1) } });
    assert.equal(closeEarly.json().error.fields[0].path, 'handling', 'closing needs the handling');
    const closed = await t.request('PATCH', `/api/incidents/${incident.json().id}`, { cookie: unit, body: { handling: '已恢复页面并修补上传漏洞', closedOn: daysAgo(1) } });
    assert.equal(closed.json().closedOn, daysAgo(1));

    const noticeBody = { occurredOn: daysAgo(2), level: 'major', title: '弱口令通报', description: '系统后台存在弱口令', issuedBy: '区网信办' };
    assert.equal((await t.request('POST', `/api/systems/${system.id}/notices`, { cookie: unit, body: noticeBody })).statusCode, 403, 'notices are issued to the unit, not by it');
    const notice = await t.request('POST', `/api/systems/${system.id}/notices`, { cookie: operator, body: noticeBody });
    assert.equal(notice.statusCode, 201, notice.body);
    assert.equal(notice.json().kind, 'notice');
    assert.equal(notice.json().issuedBy, '区网信办');
    const overview = (await t.request('GET', `/api/systems/${system.id}/security`, { cookie: unit })).json();
    assert.equal(overview.notices, 1);
    assert.equal(overview.openIncidents, 1);
    const list = (await t.request('GET', `/api/systems/${system.id}/incidents`, { cookie: unit })).json();
    assert.deepEqual(list.map((i: { kind: string }) => i.kind).sort(), ['incident', 'notice']);

    const drill = await t.request('POST', '/api/security/activities', {
      cookie: unit,
      body: { kind: 'drill', heldOn: daysAgo(10), title: '网页篡改应急演练', content: '模拟门户被篡改后的发现、处置和恢复', participants: 12, systemId: system.id },
    });
    assert.equal(drill.statusCode, 201, drill.body);
    const me = (await t.request('GET', '/api/me', { cookie: unit })).json();
    const training = await t.request('POST', '/api/security/activities', {
      cookie: operator,
      body: { unitId: me.unit.id, kind: 'training', heldOn: daysAgo(20), title: '等保2.0培训', content: '等级保护基本要求解读' },
    });
    assert.equal(training.statusCode, 201, training.body);
    const districtWide = await t.request('POST', '/api/security/activities', { cookie: operator, body: { kind: 'drill', heldOn: daysAgo(5), title: '全区应急演练', content: '云平台故障切换' } });
    assert.equal(districtWide.json().unit.type, 'operator', 'the operator’s own drill (QP-23)');
    const others = (await t.request('GET', '/api/units?type=user_unit&pageSize=200', { cookie: operator })).json().items.find((u: { id: string }) => u.id !== me.unit.id);
    const refused = await t.request('POST', '/api/security/activities', { cookie: unit, body: { unitId: others.id, kind: 'drill', heldOn: daysAgo(1), title: 'x', content: 'x' } });
    assert.equal(refused.json().error.fields[0].path, 'unitId');
    const mine = (await t.request('GET', '/api/security/activities?pageSize=200', { cookie: unit })).json();
    assert.deepEqual(mine.items.map((a: { title: string }) => a.title).sort(), ['等保2.0培训', '网页篡改应急演练'].sort(), 'the unit sees its own only');
  });
});
