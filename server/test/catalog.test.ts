/**
 * The service catalog (SJ-2, SJ-7), versioned price books (SJ-10) with their Excel workbooks, and the
 * cost calculator: prices are selected by instant, never overlap (even when transactions race), are
 * never edited once effective, import all-or-nothing, and amounts are exact to the fen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { creditCodeCheckCharacter } from '@yunshu/shared/credit-code';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { estimateCost, priceAt } from '../src/modules/catalog/index.ts';
import { sm3Hex } from '../src/platform/crypto/sm.ts';
import { SYSTEM_SCOPE } from '../src/platform/db/database.ts';
import { PRICE_HEADERS, priceWorkbook, XLSX } from './catalog-fixtures.ts';
import { startTestPlatform, type TestPlatform } from './harness.ts';

const ALL_SCOPE = { scope: 'all' as const, unitId: null, userId: null };

async function sheetRows(buffer: Buffer, name = '价格表'): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as never);
  const sheet = book.getWorksheet(name)!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v)));
  });
  return rows;
}

describe('service catalog, price books and the calculator', () => {
  let t: TestPlatform;
  let admin: string;
  const platforms: Record<string, { id: string; name: string }> = {};
  const items: Record<string, { id: string; code: string }> = {};
  let districtBook: string;
  let tenderBook: string;
  let provider1: string;
  let serial = 0;

  const call = (method: string, url: string, body?: unknown, cookie = admin) => t.request(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
  const upload = (bookId: string, content: Buffer) => t.request('POST', `/api/price-books/${bookId}/import`, { cookie: admin, body: content, headers: { 'content-type': XLSX } });

  /** A fresh compute item on the X86 pool, for tests that need a clean price history. */
  async function freshItem(overrides: Record<string, unknown> = {}) {
    serial++;
    const response = await call('POST', '/api/catalog/items', {
      code: `TEST-ITEM-${serial}`,
      nameZh: `测试服务 ${serial}`,
      nameEn: `Test item ${serial}`,
      category: 'compute',
      unitOfMeasure: 'vcpu_month',
      architectures: ['x86'],
      platformIds: [platforms.x86!.id],
      spec: { vcpuOptions: [1, 2], memoryGibOptions: [2, 4] },
      ...overrides,
    });
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; code: string };
  }

  const addPrice = (itemId: string, unitPrice: string, effectiveFrom: string, effectiveTo?: string, bookId = districtBook) =>
    call('POST', `/api/price-books/${bookId}/prices`, { itemId, unitPrice, effectiveFrom, ...(effectiveTo ? { effectiveTo } : {}), reason: '测试调价' });

  before(async () => {
    t = await startTestPlatform();
    admin = await t.login('res-admin');
    const list = (await call('GET', '/api/platforms')).json().items as { id: string; name: string; level: string; architecture: string }[];
    platforms.x86 = list.find((p) => p.level === 'district' && p.architecture === 'x86')!;
    platforms.arm = list.find((p) => p.architecture === 'arm')!;
    platforms.city = list.find((p) => p.level === 'city')!;
    for (const item of (await call('GET', '/api/catalog/items?pageSize=200')).json().items) items[item.code] = item;
    const books = (await call('GET', '/api/price-books')).json().items as { id: string; kind: string }[];
    districtBook = books.find((b) => b.kind === 'district')!.id;
    tenderBook = books.find((b) => b.kind === 'city_tender')!.id;
    const units = (await call('GET', '/api/units?type=provider')).json().items as { id: string; name: string }[];
    provider1 = units.find((u) => u.name === '申云数据科技有限公司')!.id;
  });
  after(() => t.close());

  describe('catalog items', () => {
    test('the demo catalog spans IaaS, PaaS, security and SaaS, and filters by what the UI asks', async () => {
      const all = (await call('GET', '/api/catalog/items?pageSize=200')).json();
      assert.ok(all.total >= 12);
      assert.deepEqual([...new Set(all.items.map((i: { serviceModel: string }) => i.serviceModel))].sort(), ['iaas', 'paas', 'saas', 'security']);
      const codes = async (query: string) => (await call('GET', `/api/catalog/items?pageSize=200&${query}`)).json().items.map((i: { code: string }) => i.code);
      assert.deepEqual(await codes('category=database'), ['RDS-DM', 'RDS-MYSQL']);
      assert.deepEqual(await codes('serviceModel=paas'), ['MQ-ROCKETMQ', 'RDS-DM', 'RDS-MYSQL', 'REDIS-HA']);
      assert.ok((await codes('architecture=arm')).every((code: string) => !code.includes('X86')));
      assert.deepEqual(await codes(`platformId=${platforms.city!.id}`), ['ECS-X86-MEM', 'ECS-X86-VCPU', 'EIP-BGP', 'EVS-SATA', 'RDS-MYSQL', 'SLB-STD']);
      assert.deepEqual(await codes(`q=${encodeURIComponent('达梦')}`), ['RDS-DM']);
      const vcpu = (await call('GET', `/api/catalog/items/${items['ECS-X86-VCPU']!.id}`)).json();
      assert.deepEqual(vcpu.spec.vcpuOptions, [1, 2, 4, 8, 16, 32]);
      assert.deepEqual(vcpu.platforms.map((p: { name: string }) => p.name).sort(), ['区政务云 X86 资源池', '市政务云（沪信）']);
    });

    test('the unit fits the category, the spec its category, and a platform only items of its architecture', async () => {
      const body = (overrides: Record<string, unknown>) => ({
        code: 'bad-item',
        nameZh: '校验项',
        nameEn: 'Check',
        category: 'bandwidth_eip',
        unitOfMeasure: 'mbps_month',
        architectures: ['x86'],
        platformIds: [platforms.x86!.id],
        spec: { minMbps: 1, maxMbps: 100 },
        ...overrides,
      });
      const paths = async (overrides: Record<string, unknown>) => {
        const response = await call('POST', '/api/catalog/items', body(overrides));
        assert.equal(response.statusCode, 400, response.body);
        return response.json().error.fields.map((f: { path: string }) => f.path);
      };
      assert.deepEqual(await paths({ unitOfMeasure: 'gib_month' }), ['unitOfMeasure']);
      assert.deepEqual(await paths({ spec: { minMbps: 100, maxMbps: 1 } }), ['spec.minMbps']);
      assert.deepEqual(await paths({ category: 'compute', unitOfMeasure: 'vcpu_month', spec: { vcpuOptions: [2] } }), ['spec.memoryGibOptions']);
      assert.deepEqual(await paths({ platformIds: [platforms.x86!.id, platforms.arm!.id] }), ['platformIds.1']);
      const created = await call('POST', '/api/catalog/items', body({}));
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().code, 'BAD-ITEM', 'codes are capitals');
      const duplicate = await call('POST', '/api/catalog/items', body({}));
      assert.equal(duplicate.json().error.fields[0].path, 'code');
    });

    test('once priced, an item keeps its category and unit and cannot be deleted; an unused one can', async () => {
      const priced = await freshItem();
      assert.equal((await addPrice(priced.id, '10', '2030-01-01')).statusCode, 201);
      const unit = await call('PATCH', `/api/catalog/items/${priced.id}`, { unitOfMeasure: 'gib_month' });
      assert.equal(unit.statusCode, 409);
      assert.equal(unit.json().error.code, 'item_priced');
      const renamed = await call('PATCH', `/api/catalog/items/${priced.id}`, { nameZh: '改名后的测试服务', enabled: false });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().enabled, false);
      assert.equal((await call('DELETE', `/api/catalog/items/${priced.id}`)).statusCode, 409);
      const unused = await freshItem();
      assert.equal((await call('DELETE', `/api/catalog/items/${unused.id}`)).statusCode, 204);
      assert.equal((await call('GET', `/api/catalog/items/${unused.id}`)).statusCode, 404);
    });
  });

  describe('price books', () => {
    test('one district price list; a tender list belongs to a provider; a platform’s book follows its level (SJ-10)', async () => {
      const second = await call('POST', '/api/price-books', { kind: 'district', name: '第二份区级价格表' });
      assert.equal(second.statusCode, 409);
      assert.equal(second.json().error.code, 'district_book_exists');
      const units = (await call('GET', '/api/units?pageSize=200')).json().items as { id: string; type: string }[];
      const notProvider = await call('POST', '/api/price-books', { kind: 'city_tender', name: '错误招标表', providerUnitId: units.find((u) => u.type === 'auditor')!.id, tenderReference: 'X-1' });
      assert.equal(notProvider.statusCode, 400);
      assert.equal(notProvider.json().error.fields[0].path, 'providerUnitId');
      const bookOf = async (platformId: string) => (await call('GET', `/api/price-books?platformId=${platformId}`)).json().items.map((b: { id: string }) => b.id);
      assert.deepEqual(await bookOf(platforms.city!.id), [tenderBook]);
      assert.deepEqual(await bookOf(platforms.x86!.id), [districtBook]);
      assert.deepEqual(await bookOf(platforms.arm!.id), [districtBook]);
      const tender = (await call('GET', `/api/price-books/${tenderBook}`)).json();
      assert.equal(tender.provider.name, '沪信通信服务有限公司');
      assert.ok(tender.tenderReference);
    });

    test('at a price change, the instant before takes the old price and the exact instant the new one', async () => {
      const vcpu = items['ECS-X86-VCPU']!.id;
      const before = '2026-06-30T15:59:59.999Z';
      const change = '2026-06-30T16:00:00.000Z'; // 2026-07-01 00:00 Beijing time
      const [old, next] = await t.platform.db.tx(ALL_SCOPE, async (trx) => [await priceAt(trx, districtBook, vcpu, before), await priceAt(trx, districtBook, vcpu, change)]);
      assert.equal(old?.unitPrice, '38.000000');
      assert.equal(next?.unitPrice, '35.000000');
      assert.equal(old?.to?.toISOString(), change);
      assert.equal(next?.from.toISOString(), change);
      const listed = async (at: string) => (await call('GET', `/api/price-books/${districtBook}/prices?itemId=${vcpu}&at=${encodeURIComponent(at)}`)).json().items;
      assert.deepEqual((await listed(before)).map((v: { unitPrice: string }) => v.unitPrice), ['38.00']);
      assert.deepEqual((await listed('2026-07-01')).map((v: { unitPrice: string }) => v.unitPrice), ['35.00'], 'a date means 00:00 Beijing time');
      const none = await t.platform.db.tx(ALL_SCOPE, (trx) => priceAt(trx, districtBook, vcpu, '2025-12-31T15:59:59.999Z'));
      assert.equal(none, null, 'before the first version there is no price');
    });

    test('a version starting after the open-ended one closes it at its start, with a change record', async () => {
      const item = await freshItem();
      const first = (await addPrice(item.id, '20.00', '2026-01-01')).json();
      assert.equal(first.closed, null);
      assert.equal(first.version.status, 'effective');
      const second = await addPrice(item.id, '18.50', '2031-01-01');
      assert.equal(second.statusCode, 201, second.body);
      const { version, closed } = second.json();
      assert.equal(version.status, 'scheduled');
      assert.equal(closed.id, first.version.id);
      assert.equal(closed.effectiveTo, '2030-12-31T16:00:00.000Z');
      assert.equal(version.effectiveFrom, closed.effectiveTo);
      const changes = (await call('GET', `/api/price-books/${districtBook}/changes?itemId=${item.id}`)).json().items;
      assert.deepEqual(changes.map((c: { change: string }) => c.change), ['closed', 'added', 'added']);
      assert.equal(changes[0].causedByPriceId, version.id);
      assert.equal(changes[0].actor.name, '云资源管理员 陈晓');
      const [record] = (await t.ownerQuery(`SELECT * FROM audit_log WHERE action = 'price.add' ORDER BY seq DESC LIMIT 1`)) as { object_id: string; detail: Record<string, unknown> }[];
      assert.equal(record!.object_id, version.id);
      assert.equal(record!.detail.closedVersionId, first.version.id);
    });

    test('an overlapping version is refused, naming the conflicting version’s dates and price', async () => {
      const item = await freshItem();
      await addPrice(item.id, '20.00', '2026-01-01', '2030-01-01');
      await addPrice(item.id, '19.00', '2030-01-01');
      const inside = await addPrice(item.id, '21.00', '2029-06-01', '2029-07-01');
      assert.equal(inside.statusCode, 409, inside.body);
      const { error } = inside.json();
      assert.equal(error.code, 'price_overlap');
      assert.match(error.message, /2029-06-01 至 2029-07-01.*与已有版本（2026-01-01 至 2030-01-01，单价 20\.00 元）重叠/);
      assert.match(error.messageEn, /from 2026-01-01 to 2030-01-01/);
      assert.equal(error.details.effectiveTo, '2029-12-31T16:00:00.000Z');
      const same = await addPrice(item.id, '17.00', '2030-01-01');
      assert.equal(same.statusCode, 409);
      assert.match(same.json().error.message, /2030-01-01 起/);
      assert.equal((await call('GET', `/api/price-books/${districtBook}/prices?itemId=${item.id}`)).json().total, 2, 'nothing added');
    });

    test('a new version cannot end an effective price retroactively', async () => {
      const item = await freshItem();
      await addPrice(item.id, '20.00', '2026-01-01');
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      const response = await addPrice(item.id, '15.00', yesterday);
      assert.equal(response.statusCode, 409, response.body);
      assert.equal(response.json().error.code, 'price_retroactive');
    });

    test('an effective price is never edited or withdrawn — not through the API, not in SQL', async () => {
      const item = await freshItem();
      const effective = (await addPrice(item.id, '20.00', '2026-01-01')).json().version;
      const edit = await call('PATCH', `/api/prices/${effective.id}`, { unitPrice: '1.00', reason: '改错' });
      assert.equal(edit.statusCode, 409);
      assert.equal(edit.json().error.code, 'price_effective');
      assert.match(edit.json().error.message, /2026-01-01 生效，不得修改/);
      assert.equal((await call('POST', `/api/prices/${effective.id}/withdraw`, { reason: '撤销' })).statusCode, 409);
      await assert.rejects(
        t.platform.db.tx(ALL_SCOPE, (trx) => sql`UPDATE price_versions SET unit_price = 1 WHERE id = ${effective.id}`.execute(trx)),
        /effective and cannot be edited/,
      );
      await assert.rejects(
        t.platform.db.tx(ALL_SCOPE, (trx) => sql`UPDATE price_versions SET effective_to = now() - interval '1 day' WHERE id = ${effective.id}`.execute(trx)),
        /cannot be moved in the past/,
      );
      await assert.rejects(t.platform.db.tx(ALL_SCOPE, (trx) => sql`DELETE FROM price_versions WHERE id = ${effective.id}`.execute(trx)), /permission denied/);
      await assert.rejects(t.platform.db.tx(ALL_SCOPE, (trx) => sql`DELETE FROM price_changes`.execute(trx)), /permission denied|append-only/);
      assert.equal((await call('GET', `/api/prices/${effective.id}`)).json().unitPrice, '20.00');
    });

    test('a version not yet effective may be corrected or withdrawn; the version it closed follows', async () => {
      const item = await freshItem();
      const current = (await addPrice(item.id, '20.00', '2026-01-01')).json().version;
      const future = (await addPrice(item.id, '18.00', '2031-01-01')).json().version;
      const price = await call('PATCH', `/api/prices/${future.id}`, { unitPrice: '18.80', reason: '招标结果更正' });
      assert.equal(price.statusCode, 200, price.body);
      assert.equal(price.json().unitPrice, '18.80');
      const later = await call('PATCH', `/api/prices/${future.id}`, { effectiveFrom: '2031-03-01', reason: '推迟执行' });
      assert.equal(later.statusCode, 200, later.body);
      assert.equal((await call('GET', `/api/prices/${current.id}`)).json().effectiveTo, '2031-02-28T16:00:00.000Z', 'the closed version ends where the corrected one starts');
      const earlier = await call('PATCH', `/api/prices/${future.id}`, { effectiveFrom: '2030-10-01', reason: '提前执行' });
      assert.equal(earlier.statusCode, 200, earlier.body);
      assert.equal((await call('GET', `/api/prices/${current.id}`)).json().effectiveTo, '2030-09-30T16:00:00.000Z');
      const end = await call('PATCH', `/api/prices/${future.id}`, { effectiveTo: '2035-01-01', reason: '执行期限至 2034 年底' });
      assert.equal(end.json().effectiveTo, '2034-12-31T16:00:00.000Z');
      assert.equal((await call('GET', `/api/prices/${current.id}`)).json().effectiveTo, '2030-09-30T16:00:00.000Z', 'a new end leaves the one before alone');
      const withdrawn = await call('POST', `/api/prices/${future.id}/withdraw`, { reason: '调价取消' });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.equal(withdrawn.json().status, 'withdrawn');
      assert.equal((await call('GET', `/api/prices/${current.id}`)).json().effectiveTo, null, 'the current price runs on');
      const kinds = (await call('GET', `/api/price-books/${districtBook}/changes?itemId=${item.id}&pageSize=50`)).json().items.map((c: { change: string }) => c.change);
      assert.deepEqual(kinds, ['reopened', 'withdrawn', 'corrected', 'corrected', 'closed', 'corrected', 'closed', 'corrected', 'closed', 'added', 'added']);
      const listed = (await call('GET', `/api/price-books/${districtBook}/prices?itemId=${item.id}`)).json();
      assert.equal(listed.total, 1, 'withdrawn versions are hidden unless asked for');
      assert.equal((await call('GET', `/api/price-books/${districtBook}/prices?itemId=${item.id}&includeWithdrawn=true`)).json().total, 2);
    });

    test('two transactions racing to add overlapping versions cannot both succeed', async () => {
      const item = await freshItem();
      const insert = (trx: Parameters<Parameters<typeof t.platform.db.tx>[1]>[0], price: string, from: string) =>
        trx.insertInto('price_versions').values({ book_id: districtBook, item_id: item.id, unit_price: price, effective_from: new Date(from), effective_to: null, reason: '并发测试', created_by: null }).execute();
      let firstInserted!: () => void;
      const inserted = new Promise<void>((resolve) => {
        firstInserted = resolve;
      });
      let secondStarted!: () => void;
      const started = new Promise<void>((resolve) => {
        secondStarted = resolve;
      });
      // The first holds its row uncommitted while the second tries; with one connection (PGlite) they queue instead.
      const first = t.platform.db.tx(ALL_SCOPE, async (trx) => {
        await insert(trx, '1.00', '2032-01-01');
        firstInserted();
        await Promise.race([started, sleep(300)]);
        await sleep(200);
      });
      const second = inserted.then(() =>
        t.platform.db.tx(ALL_SCOPE, async (trx) => {
          secondStarted();
          await insert(trx, '2.00', '2032-06-01');
        }),
      );
      const results = await Promise.allSettled([first, second]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
      const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      assert.equal(failure.reason.code, '23P01', String(failure.reason));
      assert.equal((await call('GET', `/api/price-books/${districtBook}/prices?itemId=${item.id}`)).json().total, 1);

      // The same race through the API: one is added, the other refused with the message.
      const other = await freshItem();
      const responses = await Promise.all([addPrice(other.id, '5.00', '2032-01-01'), addPrice(other.id, '6.00', '2032-01-01')]);
      assert.deepEqual(responses.map((r) => r.statusCode).sort(), [201, 409]);
      assert.equal(responses.find((r) => r.statusCode === 409)!.json().error.code, 'price_overlap');
    });
  });

  describe('Excel workbooks', () => {
    let emptyBook: string;
    before(async () => {
      const created = await call('POST', '/api/price-books', { kind: 'city_tender', name: '市政务云招标价格表（申云）', providerUnitId: provider1, tenderReference: 'SHZWY-2026-ZB-003' });
      assert.equal(created.statusCode, 201, created.body);
      emptyBook = created.json().id;
    });

    test('the template has the Chinese headers and lists the catalog codes on a second sheet', async () => {
      const response = await call('GET', `/api/price-books/${districtBook}/template`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /spreadsheetml/);
      assert.match(String(response.headers['content-disposition']), /attachment/);
      const [headers] = await sheetRows(response.rawPayload);
      assert.deepEqual(headers, PRICE_HEADERS);
      const catalog = await sheetRows(response.rawPayload, '服务目录');
      assert.deepEqual(catalog[0]?.slice(0, 2), ['服务编码', '服务名称']);
      const codes = catalog.slice(1).map((row) => row[0]);
      assert.ok(codes.includes('ECS-X86-VCPU') && codes.includes('SAAS-OA'));
      assert.equal(catalog.find((row) => row[0] === 'ECS-X86-VCPU')?.[5], 35, 'the current price in this book');
    });

    test('one bad row among good ones imports nothing and names that row and column', async () => {
      const content = await priceWorkbook([
        ['EVS-SSD', '高性能云硬盘', 'GiB·月', '0.90', '2026-01-01', null, '中标价'],
        ['OBS-STD', '对象存储', 'GiB·月', 0.1, '2026-01-01'],
        ['SLB-STD', '负载均衡', '实例·月', '0.1234567', '2026-01-01'],
        ['RDS-MYSQL', '云数据库', '实例·月', 700, '2026-01-01'],
      ]);
      const response = await upload(emptyBook, content);
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json();
      assert.equal(error.code, 'import_rejected');
      assert.match(error.message, /1 处错误，未导入任何价格/);
      assert.equal(error.details.errors.length, 1);
      const [problem] = error.details.errors;
      assert.equal(problem.row, 4);
      assert.equal(problem.column, 'D');
      assert.equal(problem.header, '单价（元）');
      assert.match(problem.message, /第 4 行 D 列.*超过 6 位小数/);
      assert.match(problem.messageEn, /Row 4, column D.*more than 6 decimal places/);
      assert.equal((await call('GET', `/api/price-books/${emptyBook}`)).json().versionCount, 0);
      const [record] = (await t.ownerQuery(`SELECT result, reason FROM audit_log WHERE action = 'price_book.import' ORDER BY seq DESC LIMIT 1`)) as { result: string; reason: string }[];
      assert.deepEqual(record, { result: 'failure', reason: 'import_rejected' });
    });

    test('every problem of a workbook is reported at once: codes, units, dates and overlaps between rows', async () => {
      const content = await priceWorkbook([
        ['EVS-SSD', '', '', '0.90', '2026-01-01'],
        ['NO-SUCH-ITEM', '', '', '1', '2026-01-01'],
        ['RDS-MYSQL', '', '', '1', '2026-13-01'],
        ['EIP-BGP', '', 'GiB·月', '1', '2026-01-01'],
        ['SEC-WAF', '', '', '1', '2026-01-01', '2027-01-01'],
        ['SEC-WAF', '', '', '2', '2026-06-01'],
        ['SAAS-OA', '', '', '', '2026-01-01', '2025-01-01'],
      ]);
      const { error } = (await upload(emptyBook, content)).json();
      const where = error.details.errors.map((e: { row: number; column: string }) => `${e.row}${e.column}`);
      assert.deepEqual(where, ['3A', '4E', '5C', '7E', '8D', '8F']);
      assert.ok(error.details.errors.every((e: { message: string; messageEn: string }) => e.message && e.messageEn));
      assert.match(error.details.errors[3].message, /与第 6 行（2026-01-01 至 2027-01-01）重叠/);
      assert.equal((await call('GET', `/api/price-books/${emptyBook}`)).json().versionCount, 0);
    });

    test('a good workbook imports exactly: text and number prices, date cells, text dates and serial days', async () => {
      const serialDay = (Date.UTC(2026, 0, 1) - Date.UTC(1899, 11, 30)) / 86_400_000;
      const content = await priceWorkbook([
        ['ECS-X86-VCPU', '云主机 vCPU', 'vCPU·月', '33.50', '2026-01-01', null, '2026 年中标价'],
        ['ECS-X86-MEM', null, null, 11, new Date(Date.UTC(2026, 0, 1))],
        ['evs-sata', null, 'GiB·月', 0.35, serialDay],
        ['EIP-BGP', null, 'mbps_month', '1.005', '2026/1/1', '2030年1月1日'],
        ['EIP-BGP', null, null, '0.9', '2030-01-01', null, '续约价'],
      ]);
      const response = await upload(emptyBook, content);
      assert.equal(response.statusCode, 200, response.body);
      const result = response.json();
      assert.equal(result.imported, 5);
      assert.equal(result.sm3, sm3Hex(content));
      const versions = (await call('GET', `/api/price-books/${emptyBook}/prices`)).json().items as { item: { code: string }; unitPrice: string; effectiveFrom: string; effectiveTo: string | null; reason: string }[];
      const seen = versions.map((v) => [v.item.code, v.unitPrice, v.effectiveFrom, v.effectiveTo]);
      const jan = '2025-12-31T16:00:00.000Z';
      assert.deepEqual(seen, [
        ['ECS-X86-MEM', '11.00', jan, null],
        ['ECS-X86-VCPU', '33.50', jan, null],
        ['EIP-BGP', '1.005', jan, '2029-12-31T16:00:00.000Z'],
        ['EIP-BGP', '0.90', '2029-12-31T16:00:00.000Z', null],
        ['EVS-SATA', '0.35', jan, null],
      ]);
      const [numeric] = (await t.ownerQuery(`SELECT unit_price::text AS p FROM price_versions v JOIN catalog_items i ON i.id = v.item_id WHERE v.book_id = '${emptyBook}' AND i.code = 'EVS-SATA'`)) as { p: string }[];
      assert.equal(numeric!.p, '0.350000', 'stored exactly');
      assert.ok(versions.find((v) => v.item.code === 'ECS-X86-MEM')!.reason.startsWith('价格表导入'));
      const changes = (await t.ownerQuery(`SELECT source, import_sm3 FROM price_changes WHERE book_id = '${emptyBook}'`)) as { source: string; import_sm3: string }[];
      assert.equal(changes.length, 5, 'one change record per version');
      assert.ok(changes.every((c) => c.source === 'import' && c.import_sm3 === result.sm3));
      const audits = (await t.ownerQuery(`SELECT detail FROM audit_log WHERE action = 'price_book.import' AND result = 'success'`)) as { detail: Record<string, unknown> }[];
      assert.equal(audits.length, 1, 'one audit record for the import');
      assert.equal(audits[0]!.detail.rows, 5);
      assert.equal(audits[0]!.detail.sm3, sm3Hex(content));
    });

    test('an export imports back unchanged into another book', async () => {
      const exported = await call('GET', `/api/price-books/${districtBook}/export`);
      assert.equal(exported.statusCode, 200);
      const original = await sheetRows(exported.rawPayload);
      assert.deepEqual(original[0], PRICE_HEADERS);
      assert.ok(original.some((row) => row[0] === 'ECS-X86-VCPU' && row[3] === 38), 'prices are number cells where exact');

      const admin2 = await t.login('sysadmin');
      const first17 = '91310118MB0088001';
      const unit = await t.request('POST', '/api/units', {
        cookie: admin2,
        body: { name: '测试云服务有限公司', type: 'provider', creditCode: first17 + creditCodeCheckCharacter(first17), contactName: '测试', contactPhone: '021-59730000', districtBudget: false },
      });
      assert.equal(unit.statusCode, 201, unit.body);
      const copy = (await call('POST', '/api/price-books', { kind: 'city_tender', name: '往返测试价格表', providerUnitId: unit.json().id, tenderReference: 'RT-1' })).json();
      const imported = await upload(copy.id, exported.rawPayload);
      assert.equal(imported.statusCode, 200, imported.body);
      assert.equal(imported.json().imported, original.length - 1);
      const again = await sheetRows((await call('GET', `/api/price-books/${copy.id}/export`)).rawPayload);
      assert.deepEqual(again, original);
    });

    test('a body that is not a workbook is refused clearly', async () => {
      const json = await call('POST', `/api/price-books/${emptyBook}/import`, { rows: [] });
      assert.equal(json.statusCode, 400);
      assert.match(json.json().error.fields[0].message, /\.xlsx/);
      const garbage = await upload(emptyBook, Buffer.from('not a workbook'));
      assert.equal(garbage.statusCode, 400);
      assert.equal(garbage.json().error.code, 'import_unreadable');
      const headerless = await upload(emptyBook, await priceWorkbook([['ECS-X86-VCPU', 1, '2030-01-01']], ['编码', '价格', '日期']));
      assert.equal(headerless.json().error.details.errors[0].message, '缺少表头“服务编码”');
    });
  });

  describe('the calculator', () => {
    test('each line is rounded half-up to the fen once; the total is the sum of the lines; each names its price version', async () => {
      const halfUp = await freshItem({ category: 'block_storage', unitOfMeasure: 'gib_month', spec: { minGib: 1, maxGib: 100 } });
      await addPrice(halfUp.id, '1.005', '2026-01-01');
      const response = await call('POST', '/api/catalog/estimate', {
        platformId: platforms.x86!.id,
        lines: [
          { itemId: items['EVS-SATA']!.id, quantity: '3', months: 1 },
          { itemId: items['ECS-X86-VCPU']!.id, quantity: '4', months: 12 },
          { itemId: halfUp.id, quantity: '1', months: 1 },
          { itemId: halfUp.id, quantity: '1', months: 1 },
        ],
      });
      assert.equal(response.statusCode, 200, response.body);
      const estimate = response.json();
      assert.equal(estimate.priceBook.id, districtBook);
      assert.deepEqual(estimate.lines.map((l: { amount: string }) => l.amount), ['1.05', '1680.00', '1.01', '1.01']);
      assert.equal(estimate.total, '1683.07', 'the sum of rounded lines (rounding the unrounded sum would give 1683.06)');
      assert.equal(estimate.lines[0].unitPrice, '0.35');
      const vcpu = estimate.lines[1];
      assert.deepEqual(vcpu.priceVersion.effectiveFrom, '2026-06-30T16:00:00.000Z');
      assert.equal(vcpu.priceVersion.bookId, districtBook);
      assert.equal(vcpu.priceVersion.effectiveTo, null);
    });

    test('the price is the one in force at the instant asked for, and a city platform uses its tender prices', async () => {
      const line = { itemId: items['ECS-X86-VCPU']!.id, quantity: '4', months: 12 };
      const june = (await call('POST', '/api/catalog/estimate', { platformId: platforms.x86!.id, at: '2026-06-30T23:59:59+08:00', lines: [line] })).json();
      assert.equal(june.lines[0].unitPrice, '38.00');
      assert.equal(june.total, '1824.00');
      assert.equal(june.lines[0].priceVersion.effectiveTo, '2026-06-30T16:00:00.000Z');
      const city = (await call('POST', '/api/catalog/estimate', { platformId: platforms.city!.id, lines: [{ ...line, quantity: '0.5' }] })).json();
      assert.equal(city.priceBook.id, tenderBook);
      assert.equal(city.lines[0].unitPrice, '32.00');
      assert.equal(city.total, '192.00');
      const direct = await t.platform.db.tx(SYSTEM_SCOPE, (trx) => estimateCost(trx, { platformId: platforms.city!.id, lines: [line] }));
      assert.equal(direct.total, '1536.00', 'the service function is the one the route uses');
    });

    test('lines the platform does not offer, or that have no price then, are refused by line and reason', async () => {
      const refused = await call('POST', '/api/catalog/estimate', {
        platformId: platforms.x86!.id,
        lines: [
          { itemId: items['EVS-SATA']!.id, quantity: '1', months: 1 },
          { itemId: items['ECS-ARM-VCPU']!.id, quantity: '1', months: 1 },
        ],
      });
      assert.equal(refused.statusCode, 400);
      const { error } = refused.json();
      assert.equal(error.code, 'estimate_refused');
      assert.deepEqual(error.fields.map((f: { path: string }) => f.path), ['lines.1.itemId']);
      assert.match(error.fields[0].message, /第 2 行：云平台“区政务云 X86 资源池”不提供服务“ECS-ARM-VCPU/);
      const early = await call('POST', '/api/catalog/estimate', { platformId: platforms.x86!.id, at: '2025-06-01', lines: [{ itemId: items['EVS-SATA']!.id, quantity: '1', months: 1 }] });
      assert.equal(early.statusCode, 400);
      assert.match(early.json().error.fields[0].message, /第 1 行：价格表“区级电子政务云价格表”在 2025-06-01 没有“EVS-SATA”的有效价格/);
      const badQuantity = await call('POST', '/api/catalog/estimate', { platformId: platforms.x86!.id, lines: [{ itemId: items['EVS-SATA']!.id, quantity: '0', months: 121 }] });
      assert.deepEqual(badQuantity.json().error.fields.map((f: { path: string }) => f.path).sort(), ['lines.0.months', 'lines.0.quantity']);
    });

    test('a disabled platform takes no estimates', async () => {
      const created = await call('POST', '/api/platforms', {
        name: '待停用测算平台',
        level: 'district',
        providerUnitId: provider1,
        architecture: 'x86',
        region: '测试',
        mlpsLevel: 2,
        provisioningMode: 'driver',
        driver: 'simulated',
      });
      await call('POST', `/api/platforms/${created.json().id}/disable`);
      const response = await call('POST', '/api/catalog/estimate', { platformId: created.json().id, lines: [{ itemId: items['EVS-SATA']!.id, quantity: '1', months: 1 }] });
      assert.equal(response.statusCode, 400);
      assert.match(response.json().error.message, /已停用/);
    });

    test('every role may estimate; unit staff may not change the catalog', async () => {
      const edu = await t.login('edu-applicant');
      const estimate = await call('POST', '/api/catalog/estimate', { platformId: platforms.x86!.id, lines: [{ itemId: items['EVS-SATA']!.id, quantity: '100', months: 12 }] }, edu);
      assert.equal(estimate.statusCode, 200, estimate.body);
      assert.equal(estimate.json().total, '420.00');
      assert.equal((await call('POST', `/api/price-books/${districtBook}/prices`, { itemId: items['EVS-SATA']!.id, unitPrice: '0', effectiveFrom: '2031-01-01', reason: '越权' }, edu)).statusCode, 403);
    });
  });
});
