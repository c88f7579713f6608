/**
 * Notifications: who `notify` reaches, idempotence, the caller's tenant scope, the inbox API, and the
 * outbox — e-mail to a real SMTP server and a signed webhook to a real HTTP server that fails at first.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { sm3 } from 'sm-crypto-v2';
import { SMTPServer } from 'smtp-server';
import { creditCodeCheckCharacter } from '@yunshu/shared/credit-code';
import { deliverDue, type NotificationInput, notify, type Recipients } from '../src/modules/notifications/index.ts';
import { MAX_DELIVERY_ATTEMPTS } from '../src/modules/notifications/delivery-rules.ts';
import { SYSTEM_SCOPE, type TenantScope } from '../src/platform/db/database.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

const message = (overrides: Partial<NotificationInput> = {}): NotificationInput => ({
  kind: 'test',
  title: { zh: '待办提醒', en: 'Reminder' },
  body: { zh: '请处理一项审批', en: 'An approval waits for you' },
  link: '/applications/00000000-0000-4000-8000-000000000001',
  ...overrides,
});

async function userId(t: TestPlatform, username: string): Promise<string> {
  const [row] = (await t.ownerQuery(`SELECT id FROM users WHERE username = $1`, [username])) as { id: string }[];
  return row!.id;
}

async function inboxOf(t: TestPlatform, username: string): Promise<{ id: string; kind: string; dedupe_key: string | null; read_at: Date | null }[]> {
  return (await t.ownerQuery(`SELECT n.* FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = $1 ORDER BY n.created_at`, [username])) as never;
}

function notifyAs(t: TestPlatform, tenant: TenantScope, recipients: Recipients, input: NotificationInput): Promise<number> {
  return t.platform.db.tx(tenant, (trx) => notify(trx, recipients, input));
}

describe('notify and the inbox', () => {
  let t: TestPlatform;
  let admin: string;
  before(async () => {
    t = await startTestPlatform();
    admin = await t.login('sysadmin');
  });
  after(() => t.close());

  test('by role it reaches exactly the active holders: not disabled users, not users of disabled units', async () => {
    const [operator] = (await t.ownerQuery(`SELECT id FROM units WHERE type = 'operator' ORDER BY created_at LIMIT 1`)) as { id: string }[];
    const create = async (username: string, unitId: string) => {
      const response = await t.request('POST', '/api/users', { cookie: admin, body: { username, displayName: username, unitId, roles: ['operator_section_chief'] } });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().user.id as string;
    };
    await create('chief-two', operator!.id);
    const disabled = await create('chief-disabled', operator!.id);
    assert.equal((await t.request('POST', `/api/users/${disabled}/disable`, { cookie: admin })).statusCode, 200);
    const first17 = `11310118MB00${String(Math.floor(Math.random() * 90_000) + 10_000)}`;
    const unit = await t.request('POST', '/api/units', {
      cookie: admin,
      body: { name: '停用的运行管理单位', type: 'operator', creditCode: `${first17}${creditCodeCheckCharacter(first17)}`, contactName: '测', contactPhone: '021-12345678', districtBudget: true },
    });
    assert.equal(unit.statusCode, 201, unit.body);
    await create('chief-elsewhere', unit.json().id);
    assert.equal((await t.request('PATCH', `/api/units/${unit.json().id}`, { cookie: admin, body: { disabled: true } })).statusCode, 200);

    const created = await notifyAs(t, SYSTEM_SCOPE, { roles: ['operator_section_chief'] }, message());
    assert.equal(created, 2);
    const reached = (await t.ownerQuery(
      `SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'test' ORDER BY u.username`,
    )) as { username: string }[];
    assert.deepEqual(reached.map((r) => r.username), ['chief', 'chief-two']);
  });

  test('users named by id and by role are notified once each', async () => {
    const chief = await userId(t, 'chief');
    const created = await notifyAs(t, SYSTEM_SCOPE, { userIds: [chief], roles: ['operator_section_chief', 'operator_leader'] }, message({ kind: 'union' }));
    assert.equal(created, 3, 'chief, chief-two, leader');
  });

  test('a dedupe key never notifies the same user twice, but still reaches a new recipient', async () => {
    const chief = await userId(t, 'chief');
    const input = message({ kind: 'dedupe', dedupeKey: `application:${randomBytes(4).toString('hex')}:submitted` });
    assert.equal(await notifyAs(t, SYSTEM_SCOPE, { userIds: [chief] }, input), 1);
    assert.equal(await notifyAs(t, SYSTEM_SCOPE, { userIds: [chief] }, input), 0);
    assert.equal(await notifyAs(t, SYSTEM_SCOPE, { roles: ['operator_section_chief'] }, input), 1, 'chief-two only');
    assert.equal((await inboxOf(t, 'chief')).filter((n) => n.kind === 'dedupe').length, 1);
    assert.equal(await notifyAs(t, SYSTEM_SCOPE, { userIds: [] }, input), 0, 'nobody named');
  });

  test("a unit-scoped caller reaches the operator's staff, and its own scope is back afterwards", async () => {
    const [edu] = (await t.ownerQuery(`SELECT id FROM units WHERE name LIKE '%教育局'`)) as { id: string }[];
    const applicant = await userId(t, 'edu-applicant');
    const tenant: TenantScope = { scope: 'unit', unitId: edu!.id, userId: applicant };
    const seen = await t.platform.db.tx(tenant, async (trx) => {
      const before = await trx.selectFrom('users').select('username').orderBy('username').execute();
      const created = await notify(trx, { roles: ['operator_leader'] }, message({ kind: 'from-unit' }));
      const after = await trx.selectFrom('users').select(['username', 'unit_id']).orderBy('username').execute();
      const settings = await sql<{ scope: string; unit_id: string; user_id: string }>`
        SELECT current_setting('yunshu.scope') AS scope, current_setting('yunshu.unit_id') AS unit_id, current_setting('yunshu.user_id') AS user_id`.execute(trx);
      const ownInbox = await trx.selectFrom('notifications').select('kind').execute();
      return { before, created, after, settings: settings.rows[0]!, ownInbox };
    });
    assert.equal(seen.created, 1);
    assert.ok(seen.before.some((u) => u.username === 'edu-applicant'));
    assert.equal(seen.before.some((u) => u.username === 'leader'), false, 'the unit cannot see the leader before');
    assert.deepEqual(seen.after.map((u) => u.username), seen.before.map((u) => u.username), 'and sees exactly its own unit after');
    assert.ok(seen.after.every((u) => u.unit_id === edu!.id));
    assert.deepEqual(seen.settings, { scope: 'unit', unit_id: edu!.id, user_id: applicant });
    assert.deepEqual(seen.ownInbox, [], "the leader's notification is not in the applicant's view");
    assert.equal((await inboxOf(t, 'leader')).filter((n) => n.kind === 'from-unit').length, 1);
  });

  test('without SMTP or a webhook configured, nothing is queued for delivery', async () => {
    await t.ownerQuery(`UPDATE users SET email = 'chief@example.gov.cn' WHERE username = 'chief'`);
    await notifyAs(t, SYSTEM_SCOPE, { roles: ['operator_section_chief'] }, message({ kind: 'quiet' }));
    const [row] = (await t.ownerQuery(`SELECT count(*)::int AS count FROM notification_deliveries`)) as { count: number }[];
    assert.equal(row!.count, 0);
  });

  test('the inbox lists, filters and counts unread; reading one and reading all are audited', async () => {
    const cookie = await t.login('leader');
    const leader = await userId(t, 'leader');
    await notifyAs(t, SYSTEM_SCOPE, { userIds: [leader] }, message({ kind: 'inbox-1', title: { zh: '第一条', en: 'First' } }));
    await notifyAs(t, SYSTEM_SCOPE, { userIds: [leader] }, message({ kind: 'inbox-2', title: { zh: '第二条', en: 'Second' } }));
    const total = (await inboxOf(t, 'leader')).length;
    assert.deepEqual((await t.request('GET', '/api/notifications/unread-count', { cookie })).json(), { count: total });

    const page = (await t.request('GET', '/api/notifications?pageSize=2', { cookie })).json();
    assert.equal(page.total, total);
    assert.equal(page.items.length, 2);
    const newest = page.items[0];
    assert.equal(newest.title.zh, '第二条');
    assert.equal(newest.readAt, null);

    const read = await t.request('POST', `/api/notifications/${newest.id}/read`, { cookie });
    assert.equal(read.statusCode, 200, read.body);
    assert.ok(read.json().readAt);
    const again = (await t.request('POST', `/api/notifications/${newest.id}/read`, { cookie })).json();
    assert.equal(again.readAt, read.json().readAt, 'read once: the first time is kept');
    assert.deepEqual((await t.request('GET', '/api/notifications/unread-count', { cookie })).json(), { count: total - 1 });
    const unread = (await t.request('GET', '/api/notifications?unread=true&pageSize=200', { cookie })).json();
    assert.equal(unread.total, total - 1);
    assert.ok(unread.items.every((n: { readAt: string | null }) => n.readAt === null));
    assert.deepEqual(
      (await t.request('GET', '/api/notifications?unread=false', { cookie })).json().items.map((n: { id: string }) => n.id),
      [newest.id],
    );

    const all = await t.request('POST', '/api/notifications/read-all', { cookie });
    assert.deepEqual(all.json(), { updated: total - 1 });
    assert.deepEqual((await t.request('GET', '/api/notifications/unread-count', { cookie })).json(), { count: 0 });
    const audits = (await t.ownerQuery(
      `SELECT action, object_id, actor_username FROM audit_log WHERE action IN ('notification.read', 'notification.read_all') AND result = 'success' ORDER BY seq`,
    )) as { action: string; object_id: string; actor_username: string }[];
    assert.deepEqual(
      audits.map((a) => [a.action, a.object_id, a.actor_username]),
      [
        ['notification.read', newest.id, 'leader'],
        ['notification.read', newest.id, 'leader'],
        ['notification.read_all', leader, 'leader'],
      ],
    );
  });

  test("one user can neither see nor mark another's notification", async () => {
    const chief = await userId(t, 'chief');
    await notifyAs(t, SYSTEM_SCOPE, { userIds: [chief] }, message({ kind: 'private' }));
    const [mine] = (await inboxOf(t, 'chief')).filter((n) => n.kind === 'private');
    const leaderCookie = await t.login('leader');
    const refused = await t.request('POST', `/api/notifications/${mine!.id}/read`, { cookie: leaderCookie });
    assert.equal(refused.statusCode, 404);
    const listed = (await t.request('GET', '/api/notifications?pageSize=200', { cookie: leaderCookie })).json();
    assert.equal(listed.items.some((n: { id: string }) => n.id === mine!.id), false);
    await t.request('POST', '/api/notifications/read-all', { cookie: leaderCookie });

    // Row-level security alone, even for a query that forgets to name the user.
    const [operator] = (await t.ownerQuery(`SELECT unit_id FROM users WHERE username = 'leader'`)) as { unit_id: string }[];
    const leader = await userId(t, 'leader');
    const asLeader: TenantScope = { scope: 'all', unitId: operator!.unit_id, userId: leader };
    const { updated, visible } = await t.platform.db.tx(asLeader, async (trx) => ({
      updated: Number((await trx.updateTable('notifications').set({ read_at: new Date() }).where('id', '=', mine!.id).executeTakeFirst()).numUpdatedRows),
      visible: await trx.selectFrom('notifications').select('id').where('id', '=', mine!.id).execute(),
    }));
    assert.equal(updated, 0);
    assert.deepEqual(visible, []);
    const [still] = (await inboxOf(t, 'chief')).filter((n) => n.kind === 'private');
    assert.equal(still!.read_at, null);
  });
});

/** The decoded value of a header of a raw RFC 5322 message (RFC 2047 encoded words, folded lines). */
function headerOf(raw: string, name: string): string | null {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return null;
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

describe('e-mail deliveries', () => {
  let t: TestPlatform;
  let smtp: SMTPServer;
  const received: { from: string; to: string[]; raw: string }[] = [];
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((a) => a.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await startTestPlatform({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_FROM: '青浦区大数据中心 <cloud@qingpu.example.gov.cn>' });
  });
  after(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  test('a recipient with an address gets the notification by e-mail, with its Chinese subject intact', async () => {
    await t.ownerQuery(`UPDATE users SET email = 'liu.qiang@qingpu.example.gov.cn' WHERE username = 'chief'`);
    await t.ownerQuery(`UPDATE users SET email = NULL WHERE username = 'leader'`);
    const recipients = [await userId(t, 'chief'), await userId(t, 'leader')];
    await t.platform.db.tx(SYSTEM_SCOPE, (trx) =>
      notify(trx, { userIds: recipients }, message({ title: { zh: '已超期：QP-2026-0001 二级审批', en: 'Overdue' }, body: { zh: '请尽快办理', en: 'Please decide' } })),
    );
    const queued = (await t.ownerQuery(`SELECT channel, target, status FROM notification_deliveries`)) as { channel: string; target: string; status: string }[];
    assert.deepEqual(queued, [{ channel: 'email', target: 'liu.qiang@qingpu.example.gov.cn', status: 'pending' }], 'none for a user without an address');

    // A moment later than the queueing: the database keeps microseconds, a Date only milliseconds.
    const run = await deliverDue(t.platform, new Date(Date.now() + 1_000));
    assert.deepEqual(run, { delivered: 1, retrying: 0, failed: 0 });
    assert.equal(received.length, 1);
    const mail = received[0]!;
    assert.deepEqual(mail.to, ['liu.qiang@qingpu.example.gov.cn']);
    assert.equal(mail.from, 'cloud@qingpu.example.gov.cn');
    assert.equal(headerOf(mail.raw, 'Subject'), '【云枢】已超期：QP-2026-0001 二级审批');
    const [row] = (await t.ownerQuery(`SELECT id, status, attempts, delivered_at, last_error FROM notification_deliveries`)) as Record<string, any>[];
    assert.equal(row!.status, 'delivered');
    assert.equal(row!.attempts, 1);
    assert.ok(row!.delivered_at);
    assert.equal(headerOf(mail.raw, 'X-Yunshu-Delivery'), row!.id);
    assert.deepEqual(await deliverDue(t.platform, new Date(Date.now() + 3_600_000)), { delivered: 0, retrying: 0, failed: 0 }, 'sent once');
  });
});

describe('webhook deliveries', () => {
  let t: TestPlatform;
  const secret = randomBytes(32).toString('hex');
  const requests: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = requests.length < 2 ? 500 : 200;
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'ok' : 'try later');
    });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await startTestPlatform({ WEBHOOK_URL: `http://127.0.0.1:${port}/yunshu/events`, WEBHOOK_SECRET: secret });
  });
  after(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('one signed event per notify call, retried with back-off under the same delivery id until accepted', async () => {
    const created = await t.platform.db.tx(SYSTEM_SCOPE, (trx) =>
      notify(trx, { roles: ['operator_resource_admin', 'operator_leader'] }, message({ kind: 'application.submitted', dedupeKey: 'hook-test' })),
    );
    assert.equal(created, 2);
    const [delivery] = (await t.ownerQuery(`SELECT id, channel, notification_id FROM notification_deliveries`)) as { id: string; channel: string }[];
    assert.equal(delivery!.channel, 'webhook');
    assert.equal(((await t.ownerQuery(`SELECT count(*)::int AS n FROM notification_deliveries`)) as { n: number }[])[0]!.n, 1, 'one event for both recipients');

    const t0 = Date.now() + 1_000;
    const at = (ms: number) => new Date(t0 + ms);
    assert.deepEqual(await deliverDue(t.platform, at(0)), { delivered: 0, retrying: 1, failed: 0 });
    assert.deepEqual(await deliverDue(t.platform, at(30_000)), { delivered: 0, retrying: 0, failed: 0 }, 'not before the back-off ends');
    assert.equal(requests.length, 1);
    assert.deepEqual(await deliverDue(t.platform, at(61_000)), { delivered: 0, retrying: 1, failed: 0 });
    assert.deepEqual(await deliverDue(t.platform, at(61_000 + 90_000)), { delivered: 0, retrying: 0, failed: 0 }, 'the second wait is longer');
    assert.deepEqual(await deliverDue(t.platform, at(61_000 + 121_000)), { delivered: 1, retrying: 0, failed: 0 });
    assert.deepEqual(await deliverDue(t.platform, at(86_400_000)), { delivered: 0, retrying: 0, failed: 0 });

    assert.deepEqual(requests.map((r) => r.answered), [500, 500, 200], 'delivered once in the end');
    assert.deepEqual(new Set(requests.map((r) => r.headers['x-yunshu-delivery'])), new Set([delivery!.id]), 'one idempotency key on every attempt');
    for (const { headers, body } of requests) {
      const timestamp = String(headers['x-yunshu-timestamp']);
      assert.match(timestamp, /^\d{10}$/);
      assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 60);
      const expected = sm3(`${timestamp}.${body}`, { key: secret, mode: 'hmac' });
      assert.equal(headers['x-yunshu-signature'], `hmac-sm3=${expected}`);
      assert.match(String(headers['content-type']), /application\/json/);
    }
    const event = JSON.parse(requests[2]!.body);
    assert.equal(event.kind, 'application.submitted');
    assert.equal(event.title.zh, '待办提醒');
    assert.deepEqual(event.recipients.map((r: { username: string }) => r.username).sort(), ['leader', 'res-admin']);
    assert.equal(requests[0]!.body, requests[2]!.body, 'the same body on every attempt');

    const [row] = (await t.ownerQuery(`SELECT status, attempts, last_error, delivered_at FROM notification_deliveries`)) as Record<string, any>[];
    assert.equal(row!.status, 'delivered');
    assert.equal(row!.attempts, 3);
    assert.equal(row!.last_error, null);
  });

  test('a delivery is given up as failed after the last attempt, keeping the last error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const [row] = (await t.ownerQuery(
      `INSERT INTO notification_deliveries (channel, target, payload, attempts) VALUES ('webhook', 'http://127.0.0.1:${port}/gone', '{"kind":"x"}', ${MAX_DELIVERY_ATTEMPTS - 2}) RETURNING id`,
    )) as { id: string }[];
    const t0 = Date.now() + 1_000;
    assert.deepEqual(await deliverDue(t.platform, new Date(t0)), { delivered: 0, retrying: 1, failed: 0 });
    assert.deepEqual(await deliverDue(t.platform, new Date(t0 + 2 * 3_600_000)), { delivered: 0, retrying: 0, failed: 1 });
    const [failed] = (await t.ownerQuery(`SELECT status, attempts, last_error FROM notification_deliveries WHERE id = $1`, [row!.id])) as Record<string, any>[];
    assert.equal(failed!.status, 'failed');
    assert.equal(failed!.attempts, MAX_DELIVERY_ATTEMPTS);
    assert.match(failed!.last_error, /ECONNREFUSED|fetch failed/);
    assert.deepEqual(await deliverDue(t.platform, new Date(t0 + 48 * 3_600_000)), { delivered: 0, retrying: 0, failed: 0 }, 'never tried again');
  });
});
