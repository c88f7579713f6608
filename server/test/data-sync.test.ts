/**
 * The monthly sync to the big-data platform (QP-15 云数联动、上云必入数) against a real HTTP receiver on
 * 127.0.0.1 that checks every HMAC-SM3 signature with an independent implementation (sm-crypto-v2) and
 * keeps one record per delivery id: the job prepares September 2026 on the first working day after the
 * National Day holiday and not before; the payload holds hand-computed figures; failed attempts (500, a
 * timeout) are retried with back-off and recorded once; an operator's re-send is not a second record;
 * two job runs at once send once; the downloads equal what was pushed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sm3 } from 'sm-crypto-v2';
import { rolesWith } from '@yunshu/shared/permissions';
import { dataSyncJob, pushDueDeliveries } from '../src/modules/datasync/index.ts';
import { USAGE_COLUMNS } from '../src/modules/datasync/sync-payload.ts';
import { MAX_SYNC_ATTEMPTS } from '../src/modules/datasync/sync-rules.ts';
import { applicationEstate, resourceBody, submitted, systemWithProject } from './application-fixtures.ts';
import { demoEstate } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

const shanghai = (text: string) => new Date(`${text}+08:00`);
const seconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

interface Received {
  deliveryId: string;
  month: string;
  body: string;
  count: number;
}

/** The big-data platform's side: verifies, then stores by delivery id; can be told to fail. */
class Receiver {
  readonly key = randomBytes(32);
  readonly records = new Map<string, Received>();
  readonly requests: { deliveryId: string; answered: number | 'hang'; signatureValid: boolean }[] = [];
  /** What the next requests get: a status to answer with, or 'hang' (stored, then never answered). */
  failures: (number | 'hang')[] = [];
  #server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/qp15/sync`;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const body = bytes.toString('utf8');
    const header = (name: string) => String(request.headers[name] ?? '');
    const timestamp = header('x-yunshu-timestamp');
    const expected = sm3(new Uint8Array(Buffer.from(`${timestamp}.${body}`)), { key: new Uint8Array(this.key), mode: 'hmac' });
    const signatureValid = header('x-yunshu-signature') === `hmac-sm3=${expected}` && header('x-yunshu-content-sm3') === sm3(new Uint8Array(bytes));
    const deliveryId = header('x-yunshu-delivery');
    const failure = this.failures.shift();
    this.requests.push({ deliveryId, answered: failure ?? 200, signatureValid });
    if (!signatureValid) {
      response.writeHead(401).end();
      return;
    }
    if (typeof failure === 'number') {
      response.writeHead(failure).end();
      return;
    }
    // Idempotent by delivery id: a repeated id updates its record, never adds one.
    const known = this.records.get(deliveryId);
    this.records.set(deliveryId, { deliveryId, month: header('x-yunshu-month'), body, count: (known?.count ?? 0) + 1 });
    if (failure === 'hang') return; // stored, but the answer never comes: the sender times out
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}

describe('monthly data sync to the big-data platform (QP-15)', () => {
  const receiver = new Receiver();
  let t: TestPlatform;
  let operator: string;
  let names: { edu: string; water: string; system: string };
  let systemId: string;
  let projectId: string;
  const job = dataSyncJob(30);

  before(async () => {
    await receiver.start();
    t = await startTestPlatform({ YUNSHU_DATASYNC_URL: receiver.url, YUNSHU_DATASYNC_KEY: receiver.key.toString('hex'), YUNSHU_DATASYNC_TIMEOUT_MS: '400' });
    operator = await t.login('res-admin');
    const estate = await applicationEstate(t);
    const demo = await demoEstate(t);
    const units = (await t.ownerQuery(`SELECT id, name FROM units`)) as { id: string; name: string }[];
    const edu = units.find((u) => u.name.endsWith('教育局'))!;
    const water = units.find((u) => u.name.endsWith('自来水有限公司'))!;
    const eduApplicant = await t.login('edu-applicant');
    ({ systemId, projectId } = await systemWithProject(t, eduApplicant, { [estate.vcpu]: '8' }, { name: '青浦教育云平台' }));
    names = { edu: edu.name, water: water.name, system: '青浦教育云平台' };
    // Registered in August: September's project list has it (the demo's systems are registered today).
    await t.ownerQuery(`UPDATE information_systems SET created_at = '2026-08-15T10:00:00+08:00' WHERE id = '${systemId}'`);
    await t.ownerQuery(`UPDATE project_approvals SET approved_on = '2026-08-20', document_number = '青发改投〔2026〕88号', budget = 500000 WHERE id = '${projectId}'`);
    const applicationId = (await submitted(t, eduApplicant, resourceBody(systemId, projectId, estate.x86, { [estate.vcpu]: '1' }))).id;
    const resource = async (unitId: string, name: string, system: string | null) => {
      const [row] = (await t.ownerQuery(
        `INSERT INTO resources (unit_id, provider_unit_id, system_id, platform_id, application_id, kind, name, idempotency_key, desired_state, desired_spec, operation, status, generation, observed_generation)
         VALUES ('${unitId}', '${demo.provider1}', ${system ? `'${system}'` : 'NULL'}, '${estate.x86}', '${applicationId}', 'server', '${name}', 'sync-${name}', 'running', '{}', 'create', 'running', 1, 1) RETURNING id`,
      )) as { id: string }[];
      return row!.id;
    };
    const usage = (resourceId: string, unitId: string, system: string | null, code: string, quantity: string, from: string, to: string | null) =>
      t.ownerQuery(
        `INSERT INTO usage_intervals (resource_id, unit_id, provider_unit_id, system_id, platform_id, item_id, quantity, power, started_at, ended_at, source)
         VALUES ('${resourceId}', '${unitId}', '${demo.provider1}', ${system ? `'${system}'` : 'NULL'}, '${estate.x86}', '${demo.items[code]}', ${quantity}, 'running', '${shanghai(from).toISOString()}', ${to ? `'${shanghai(to).toISOString()}'` : 'NULL'}, 'lifecycle')`,
      );
    const server = await resource(edu.id, 'sync-server', systemId);
    await usage(server, edu.id, systemId, 'ECS-X86-VCPU', '4', '2026-09-01T00:00:00', '2026-09-16T00:00:00');
    await usage(server, edu.id, systemId, 'ECS-X86-VCPU', '2', '2026-09-16T00:00:00', null);
    await usage(server, edu.id, systemId, 'ECS-X86-MEM', '8', '2026-08-25T00:00:00', null);
    const tank = await resource(water.id, 'sync-water-disk', null);
    await usage(tank, water.id, null, 'EVS-SATA', '100', '2026-09-10T12:00:00', null);
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  const deliveryOf = async (month: string) => {
    const page = (await t.request('GET', '/api/datasync/deliveries?pageSize=50', { cookie: operator })).json();
    return page.items.find((d: { month: string }) => d.month === month);
  };
  const detail = async (id: string) => (await t.request('GET', `/api/datasync/deliveries/${id}`, { cookie: operator })).json();

  const firstAttemptAt = shanghai('2026-10-08T09:00:00');

  test('the job prepares September on the first working day after the National Day holiday (8 October), not before', async () => {
    for (const day of ['2026-10-01T10:00:00', '2026-10-07T23:59:00']) {
      const outcome = await job.run(t.platform, shanghai(day));
      assert.equal((outcome!.prepared as { created: boolean }).created, false, day);
      assert.equal(await deliveryOf('2026-09'), undefined, `nothing on ${day}`);
    }
    receiver.failures = [500, 'hang'];
    const outcome = await job.run(t.platform, firstAttemptAt);
    assert.deepEqual(outcome!.prepared, { month: '2026-09', firstWorkingDay: '2026-10-08', created: true });
    assert.equal(outcome!.retrying, 1, 'the first push was answered 500');
    const delivery = await deliveryOf('2026-09');
    assert.equal(delivery.status, 'retrying');
    assert.equal(delivery.createdBy, '系统 / system');
    assert.equal(delivery.lastHttpStatus, 500);
    assert.equal(delivery.nextAttemptAt, seconds(firstAttemptAt, 60).toISOString(), 'retried after one minute');
    const [audit] = (await t.ownerQuery(`SELECT actor_username, object_id, detail FROM audit_log WHERE action = 'datasync.prepare' ORDER BY seq DESC LIMIT 1`)) as {
      actor_username: string;
      object_id: string;
      detail: { automatic: boolean };
    }[];
    assert.equal(audit!.actor_username, 'system');
    assert.equal(audit!.object_id, '2026-09');
    assert.equal(audit!.detail.automatic, true);
    const again = await job.run(t.platform, seconds(firstAttemptAt, 5));
    assert.equal((again!.prepared as { created: boolean }).created, false, 'once per month');
  });

  test('September’s payload has the hand-computed figures, the project list and FOCUS-style columns; a refresh of unchanged data changes nothing', async () => {
    const delivery = await deliveryOf('2026-09');
    const download = await t.request('GET', `/api/datasync/deliveries/${delivery.id}/payload.json`, { cookie: operator });
    assert.equal(download.statusCode, 200);
    assert.equal(sm3(new Uint8Array(download.rawPayload)), delivery.payloadSm3);
    const payload = JSON.parse(download.body);
    assert.equal(payload.deliveryId, delivery.id);
    assert.equal(payload.month, '2026-09');
    assert.equal(payload.article, 'QP-15');
    assert.equal(payload.usageSource, 'rating', 'no statements yet: rated as it stands');
    assert.equal(payload.billingPeriodStart, '2026-08-31T16:00:00.000Z');
    assert.equal(payload.billingPeriodEnd, '2026-09-30T16:00:00.000Z');
    // September has 720 hours. vCPU at 35.00: 4 × 360 h + 2 × 360 h = 2,160 vCPU-hours → 105.00;
    // memory 8 GiB × 720 h at 12.00 → 96.00; the water company's 100 GiB disk from the 10th, noon:
    // 100 × 492 h at 0.35 → 23.9166… → 23.92. Total 224.92.
    assert.deepEqual(payload.summary, { projects: 1, approvals: 1, usageLines: 3, billedCost: '224.92' });
    const pick = (row: Record<string, string>) => ({
      sub: row.SubAccountName,
      system: row.x_InformationSystem,
      sku: row.SkuId,
      price: row.ContractedUnitPrice,
      consumed: row.ConsumedQuantity,
      consumedUnit: row.ConsumedUnit,
      pricing: row.PricingQuantity,
      cost: row.BilledCost,
      budget: row.x_DistrictBudget,
    });
    const expected = [
      { sub: names.edu, system: names.system, sku: 'ECS-X86-MEM', price: '12.000000', consumed: '5760.000000', consumedUnit: 'GiB-Hours', pricing: '8.000000', cost: '96.00', budget: 'true' },
      { sub: names.edu, system: names.system, sku: 'ECS-X86-VCPU', price: '35.000000', consumed: '2160.000000', consumedUnit: 'vCPU-Hours', pricing: '3.000000', cost: '105.00', budget: 'true' },
      { sub: names.water, system: '', sku: 'EVS-SATA', price: '0.350000', consumed: '49200.000000', consumedUnit: 'GiB-Hours', pricing: '68.333333', cost: '23.92', budget: 'false' },
    ].sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
    assert.deepEqual(payload.usage.map(pick), expected, 'ordered by unit name (code points), system, platform, item');
    assert.deepEqual(Object.keys(payload.usage[0]), [...USAGE_COLUMNS]);
    assert.ok(payload.usage.every((row: Record<string, string>) => row.BillingCurrency === 'CNY' && row.ChargeCategory === 'Usage'));
    assert.deepEqual(payload.projects, [
      {
        systemId,
        systemName: names.system,
        unitId: payload.projects[0].unitId,
        unitName: names.edu,
        unitCreditCode: payload.projects[0].unitCreditCode,
        purpose: '用于集成测试的信息系统',
        mlpsLevel: 2,
        mlpsFilingNumber: null,
        constructionType: 'new',
        registeredAt: '2026-08-15T02:00:00.000Z',
        approvals: [
          {
            projectId,
            documentNumber: '青发改投〔2026〕88号',
            approvedOn: '2026-08-20',
            approvingBody: '区发展和改革委员会',
            budget: '500000.00',
            architecture: 'x86',
            quotas: [{ itemCode: 'ECS-X86-VCPU', quantity: '8.000' }],
          },
        ],
      },
    ]);

    const refreshed = await t.request('POST', '/api/datasync/months/2026-09', { cookie: operator });
    assert.equal(refreshed.statusCode, 200, refreshed.body);
    assert.equal(refreshed.json().changed, false);
    assert.equal(refreshed.json().delivery.payloadSm3, delivery.payloadSm3, 'the same month gives the same bytes');
    assert.equal(refreshed.json().delivery.revision, 1);
    assert.equal(refreshed.json().delivery.status, 'retrying', 'a refresh without change leaves the retries alone');
  });

  test('failed attempts (HTTP 500, then a timeout) are retried with exponential back-off; the receiver keeps one record', async () => {
    const early = await job.run(t.platform, seconds(firstAttemptAt, 30));
    assert.equal(early!.retrying, 0, 'not before the back-off has passed');
    assert.equal(receiver.requests.length, 1);
    const second = await job.run(t.platform, seconds(firstAttemptAt, 61));
    assert.equal(second!.retrying, 1, 'timed out');
    const delivery = await deliveryOf('2026-09');
    assert.equal(delivery.nextAttemptAt, seconds(firstAttemptAt, 61 + 120).toISOString(), 'then two minutes');
    assert.match(delivery.lastError, /Timeout|abort/i);
    const third = await job.run(t.platform, seconds(firstAttemptAt, 61 + 120));
    assert.equal(third!.delivered, 1);

    assert.deepEqual(
      receiver.requests.map((r) => [r.deliveryId, r.answered, r.signatureValid]),
      [
        [delivery.id, 500, true],
        [delivery.id, 'hang', true],
        [delivery.id, 200, true],
      ],
    );
    assert.equal(receiver.records.size, 1, 'one record at the receiver');
    assert.equal(receiver.records.get(delivery.id)!.month, '2026-09');
    const shown = await detail(delivery.id);
    assert.equal(shown.status, 'delivered');
    assert.equal(shown.nextAttemptAt, null);
    assert.deepEqual(
      shown.attemptLog.map((a: { attempt: number; httpStatus: number | null; outcome: string; cause: string }) => [a.attempt, a.httpStatus, a.outcome, a.cause]),
      [
        [3, 200, 'delivered', 'schedule'],
        [2, null, 'failed', 'schedule'],
        [1, 500, 'failed', 'schedule'],
      ],
    );
    assert.ok(shown.attemptLog.every((a: { startedAt: string; finishedAt: string }) => a.finishedAt >= a.startedAt));
  });

  test('the operator re-sends under the same delivery id: audited, and not a second record at the receiver', async () => {
    const delivery = await deliveryOf('2026-09');
    assert.equal((await t.request('POST', `/api/datasync/deliveries/${delivery.id}/resend`, { cookie: await t.login('edu-admin') })).statusCode, 403);
    assert.equal((await t.request('POST', `/api/datasync/deliveries/${delivery.id}/resend`, { cookie: await t.login('authority') })).statusCode, 403, 'the authority reads only');
    const resent = await t.request('POST', `/api/datasync/deliveries/${delivery.id}/resend`, { cookie: operator });
    assert.equal(resent.statusCode, 200, resent.body);
    assert.equal(resent.json().status, 'pending');
    assert.ok(resent.json().resentBy);
    const [audit] = (await t.ownerQuery(`SELECT actor_username, object_id, result FROM audit_log WHERE action = 'datasync.resend' ORDER BY seq DESC LIMIT 1`)) as Record<string, string>[];
    assert.deepEqual(audit, { actor_username: 'res-admin', object_id: '2026-09', result: 'success' });

    // Queued for the next tick; pushed here directly (the job would also prepare the current month's predecessor).
    const pushed = await pushDueDeliveries(t.platform, seconds(new Date(), 1));
    assert.equal(pushed.delivered, 1);
    assert.equal(receiver.records.size, 1, 'still one record');
    assert.equal(receiver.records.get(delivery.id)!.count, 3, 'the hung attempt, the retry and the re-send all named the same id');
    const shown = await detail(delivery.id);
    assert.equal(shown.status, 'delivered');
    assert.equal(shown.attemptLog[0].cause, 'resend');
    assert.equal(shown.totalAttempts, 4);
  });

  test('two job runs at once prepare and send December 2025 once (1 January 2026 is a holiday, Sunday the 4th a make-up working day)', async () => {
    const before = receiver.requests.length;
    const saturday = await job.run(t.platform, shanghai('2026-01-03T12:00:00'));
    assert.equal((saturday!.prepared as { created: boolean }).created, false);
    const sunday = shanghai('2026-01-04T08:30:00');
    const [a, b] = await Promise.all([job.run(t.platform, sunday), job.run(t.platform, sunday)]);
    const created = [a, b].filter((o) => (o!.prepared as { created: boolean }).created).length;
    assert.equal(created, 1, 'one run prepared the month');
    assert.equal(Number(a!.delivered) + Number(b!.delivered), 1, 'one run sent it');
    const december = await deliveryOf('2025-12');
    assert.equal(december.status, 'delivered');
    assert.equal(receiver.requests.length, before + 1, 'one request');
    assert.equal(receiver.records.get(december.id)!.count, 1);
    assert.equal(december.usageLines, 0);
    assert.equal(december.billedCost, '0.00');
  });

  test('the downloads: the JSON is the pushed body byte for byte; the CSV has the FOCUS-style columns and a row per usage line', async () => {
    const delivery = await deliveryOf('2026-09');
    const json = await t.request('GET', `/api/datasync/deliveries/${delivery.id}/payload.json`, { cookie: await t.login('authority') });
    assert.equal(json.statusCode, 200);
    assert.equal(json.body, receiver.records.get(delivery.id)!.body);
    const csv = await t.request('GET', `/api/datasync/deliveries/${delivery.id}/usage.csv`, { cookie: await t.login('leader') });
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /datasync-2026-09-usage\.csv/);
    const lines = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    assert.deepEqual(lines[0]!.split(','), [...USAGE_COLUMNS]);
    assert.equal(lines.length, 4);
    const cost = USAGE_COLUMNS.indexOf('BilledCost');
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')[cost]).sort(), ['105.00', '23.92', '96.00']);
    assert.equal((await t.request('GET', `/api/datasync/deliveries/${delivery.id}/usage.csv`, { cookie: await t.login('edu-admin') })).statusCode, 403);
  });

  test('a refresh after the month is rated into statements is a new revision under the same delivery id, pushed again', async () => {
    const rated = await t.request('POST', '/api/billing/months/2026-09/rate', { cookie: operator });
    assert.equal(rated.statusCode, 200, rated.body);
    const delivery = await deliveryOf('2026-09');
    const refreshed = await t.request('POST', '/api/datasync/months/2026-09', { cookie: operator });
    assert.equal(refreshed.statusCode, 200, refreshed.body);
    const result = refreshed.json();
    assert.equal(result.changed, true);
    assert.equal(result.delivery.id, delivery.id);
    assert.equal(result.delivery.revision, 2);
    assert.equal(result.delivery.usageSource, 'statements_draft');
    assert.equal(result.delivery.billedCost, '224.92', 'the statements say what the rating said');
    assert.equal(result.delivery.status, 'pending');
    assert.equal((await pushDueDeliveries(t.platform, seconds(new Date(), 1))).delivered, 1);
    assert.equal(receiver.records.size, 2, 'September and December 2025: still one record per month');
    assert.equal(JSON.parse(receiver.records.get(delivery.id)!.body).revision, 2);
  });

  test('a delivery that finally fails tells each datasync:manage holder once; a re-send clears it, and only a new final failure tells again', async () => {
    const notices = async () =>
      (await t.ownerQuery(`SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'datasync.failed' ORDER BY 1`)) as { username: string }[];
    const managers = (
      (await t.ownerQuery(
        `SELECT DISTINCT u.username FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.status = 'active' AND r.role IN (${rolesWith('datasync:manage')
          .map((role) => `'${role}'`)
          .join(',')}) ORDER BY 1`,
      )) as { username: string }[]
    ).map((r) => r.username);
    assert.ok(managers.includes('res-admin') && managers.includes('chief'), 'the operator’s resource administrator and section chief');
    /** Pushes until the delivery is no longer retried: each tick an hour after the last, past any back-off. */
    const failToTheEnd = async () => {
      receiver.failures = Array.from({ length: MAX_SYNC_ATTEMPTS }, () => 500);
      const start = new Date();
      const runs = [];
      for (let tick = 0; tick < MAX_SYNC_ATTEMPTS; tick++) runs.push(await pushDueDeliveries(t.platform, seconds(start, 1 + tick * 3600)));
      assert.deepEqual(receiver.failures, [], 'every failure answered');
      return runs;
    };

    const prepared = await t.request('POST', '/api/datasync/months/2026-07', { cookie: operator });
    assert.equal(prepared.statusCode, 200, prepared.body);
    const { id } = prepared.json().delivery;
    const earlier = await notices();
    const runs = await failToTheEnd();
    assert.deepEqual(
      runs.map((r) => [r.retrying, r.failed, r.notified]),
      [...Array.from({ length: MAX_SYNC_ATTEMPTS - 1 }, () => [1, 0, 0]), [0, 1, 1]],
      'retried, then failed and announced in the run of the last attempt',
    );
    const failed = await detail(id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, MAX_SYNC_ATTEMPTS);
    assert.equal(failed.lastError, 'HTTP 500');
    const told = await notices();
    assert.deepEqual(
      told.map((n) => n.username),
      [...earlier.map((n) => n.username), ...managers].sort(),
      'one notice to each holder of datasync:manage, none to anyone else',
    );
    assert.ok(!told.some((n) => n.username.startsWith('edu-') || n.username === 'leader' || n.username === 'authority'), 'units and readers are not told');
    const inbox = (await t.request('GET', '/api/notifications', { cookie: operator })).json();
    const notice = inbox.items.find((n: { kind: string }) => n.kind === 'datasync.failed');
    assert.equal(notice.title.zh, '数据同步失败：2026-07');
    assert.equal(notice.link, '/datasync');
    assert.match(notice.body.zh, /2026-07/);
    assert.match(notice.body.zh, new RegExp(`连续 ${MAX_SYNC_ATTEMPTS} 次`));
    assert.match(notice.body.zh, /HTTP 500/);
    assert.match(notice.body.zh, /青浦办法第十五条/);
    assert.match(notice.body.zh, /重新推送/);
    assert.match(notice.body.en, new RegExp(`failed ${MAX_SYNC_ATTEMPTS} attempts`));
    assert.match(notice.body.en, /Art\. 15/);
    assert.match(notice.body.en, /re-send it from the data sync page/);
    const edu = (await t.request('GET', '/api/notifications', { cookie: await t.login('edu-admin') })).json();
    assert.ok(!edu.items.some((n: { kind: string }) => n.kind === 'datasync.failed'));

    // The job again (the month it would prepare exists already): nothing more to tell.
    const again = await job.run(t.platform, shanghai('2026-10-20T10:00:00'));
    assert.equal(again!.notified, 0);
    // A run that died between recording the failure and telling it leaves the mark unset; two instances
    // then find it at once, and one of them tells it (the recipients already have it, by its dedupe key).
    await t.ownerQuery(`UPDATE data_sync_deliveries SET failure_notified_at = NULL WHERE id = '${id}'`);
    const [a, b] = await Promise.all([pushDueDeliveries(t.platform, seconds(new Date(), 1)), pushDueDeliveries(t.platform, seconds(new Date(), 1))]);
    assert.equal(a.notified + b.notified, 1, 'claimed by one run');
    assert.deepEqual(await notices(), told, 'still one notice each');
    assert.equal((await pushDueDeliveries(t.platform, seconds(new Date(), 2))).notified, 0);

    // A re-send that fails to the end again is a new failure: told once more.
    assert.equal((await t.request('POST', `/api/datasync/deliveries/${id}/resend`, { cookie: operator })).statusCode, 200);
    const rerun = await failToTheEnd();
    assert.deepEqual(
      rerun.map((r) => r.notified),
      [...Array.from({ length: MAX_SYNC_ATTEMPTS - 1 }, () => 0), 1],
    );
    const toldTwice = await notices();
    assert.deepEqual(toldTwice.map((n) => n.username), [...told.map((n) => n.username), ...managers].sort(), 'one more notice each');
    assert.equal((await detail(id)).totalAttempts, 2 * MAX_SYNC_ATTEMPTS);

    // A re-send that gets through has nothing to tell.
    assert.equal((await t.request('POST', `/api/datasync/deliveries/${id}/resend`, { cookie: operator })).statusCode, 200);
    const resent = await pushDueDeliveries(t.platform, seconds(new Date(), 1));
    assert.deepEqual([resent.delivered, resent.notified], [1, 0]);
    assert.equal((await detail(id)).status, 'delivered');
    assert.deepEqual(await notices(), toldTwice, 'no notice for a delivery that got through');
    assert.equal(((await t.ownerQuery(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'datasync.failed' AND object_id = '2026-07'`)) as { n: number }[])[0]!.n, 3);
  });

  test('without an endpoint a month is file-only and cannot be re-sent; bad months are refused naming the field and QP-15', async () => {
    const { dataSync } = t.platform.config;
    const url = dataSync.url;
    dataSync.url = undefined;
    try {
      const prepared = await t.request('POST', '/api/datasync/months/2026-08', { cookie: operator });
      assert.equal(prepared.statusCode, 200, prepared.body);
      assert.equal(prepared.json().created, true);
      assert.equal(prepared.json().delivery.status, 'file_only');
      assert.equal(prepared.json().delivery.nextAttemptAt, null);
      const refused = await t.request('POST', `/api/datasync/deliveries/${prepared.json().delivery.id}/resend`, { cookie: operator });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json().error.code, 'datasync_endpoint_missing');
      assert.match(refused.json().error.message, /YUNSHU_DATASYNC_URL/);
    } finally {
      dataSync.url = url;
    }
    const unfinished = await t.request('POST', '/api/datasync/months/2099-01', { cookie: operator });
    assert.equal(unfinished.statusCode, 400);
    assert.equal(unfinished.json().error.article, 'QP-15');
    assert.match(unfinished.json().error.message, /青浦办法第十五条/);
    assert.equal(unfinished.json().error.fields[0].path, 'month');
    assert.match(unfinished.json().error.messageEn, /not ended/);
    const malformed = await t.request('POST', '/api/datasync/months/2026-13', { cookie: operator });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().error.fields[0].path, 'params.month');
    const filtered = (await t.request('GET', '/api/datasync/deliveries?status=file_only', { cookie: operator })).json();
    assert.deepEqual(
      filtered.items.map((d: { month: string }) => d.month),
      ['2026-08'],
    );
  });
});

describe('the data sync under the Songjiang profile cites no Qingpu article', () => {
  let t: TestPlatform;
  let operator: string;

  before(async () => {
    t = await startTestPlatform({ YUNSHU_POLICY: 'songjiang-2022' });
    operator = await t.login('res-admin');
  });
  after(() => t.close());

  test('Songjiang does not sync: preparing a month is refused naming the profile parameter, not QP-15', async () => {
    const refused = await t.request('POST', '/api/datasync/months/2026-09', { cookie: operator });
    assert.equal(refused.statusCode, 409);
    const { error } = refused.json();
    assert.equal(error.code, 'datasync_disabled');
    assert.equal(error.article, undefined, 'the Songjiang Measures have no article on the sync');
    assert.match(error.message, /松江区政策参数 dataSync\.period/);
    assert.doesNotMatch(`${error.message} ${error.messageEn}`, /青浦|QP-/);
  });

  test('were Songjiang to sync monthly, its payload and its refusals would still cite no QP article', async () => {
    // The regulation stays silent (article null); only the value changes, as a district may decide.
    const period = t.platform.policy.parameters['dataSync.period'];
    Object.assign(period, { value: 'monthly' });
    try {
      const prepared = await t.request('POST', '/api/datasync/months/2026-09', { cookie: operator });
      assert.equal(prepared.statusCode, 200, prepared.body);
      const download = await t.request('GET', `/api/datasync/deliveries/${prepared.json().delivery.id}/payload.json`, { cookie: operator });
      const payload = JSON.parse(download.body);
      assert.equal(payload.district, 'songjiang-2022');
      assert.equal(payload.article, null);
      const unfinished = await t.request('POST', '/api/datasync/months/2099-01', { cookie: operator });
      assert.equal(unfinished.statusCode, 400);
      assert.equal(unfinished.json().error.article, undefined);
      assert.equal(unfinished.json().error.fields[0].path, 'month');
      assert.doesNotMatch(`${unfinished.json().error.message} ${unfinished.json().error.messageEn}`, /青浦|QP-/);
    } finally {
      Object.assign(period, { value: 'none' });
    }
  });
});
