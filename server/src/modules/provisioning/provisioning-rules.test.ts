import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { loadPolicyProfile } from '../../platform/policy/policy-profile.ts';
import type { CloudServer, CloudVolume } from './drivers/cloud-driver.ts';
import { compareInventory } from './inventory.service.ts';
import { addMonths } from './provisioning-events.ts';
import { backoffDelay, flavorOf } from './reconciler.ts';
import { checkResizes, computeAmounts, defaultServerName, planServers } from './resource-plan.ts';

const vcpu = (quantity: string) => ({ category: 'compute', unitOfMeasure: 'vcpu_month', quantity });
const memory = (quantity: string) => ({ category: 'compute', unitOfMeasure: 'gib_month', quantity });
const disk = (quantity: string) => ({ category: 'block_storage', unitOfMeasure: 'gib_month', quantity });
const database = { category: 'database', unitOfMeasure: 'vcpu_month', quantity: '8' };

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error.fields?.[0]?.path;
  }
  assert.fail('expected a refusal');
}

describe('from approved lines to servers', () => {
  test('compute is counted per vCPU and GiB of memory; other categories sold per vCPU are not servers', () => {
    const amounts = computeAmounts([vcpu('4'), vcpu('2'), memory('16'), disk('100'), database]);
    assert.deepEqual([amounts.vcpus.toString(), amounts.memoryGiB.toString(), amounts.storageGiB.toString()], ['6', '16', '100']);
  });

  test('without a plan, one server takes all of the compute and the block storage is its data disk', () => {
    assert.deepEqual(planServers([vcpu('4'), memory('8'), disk('100')], undefined, 'app-sq2026000001'), {
      servers: [{ name: 'app-sq2026000001', vcpus: 4, memoryGiB: 8, dataDiskGiB: 100 }],
      looseVolumeGiB: null,
    });
    assert.deepEqual(planServers([disk('500')], undefined, 'x'), { servers: [], looseVolumeGiB: 500 }, 'storage alone is a lone volume');
    assert.deepEqual(planServers([vcpu('2.5'), memory('8')], undefined, 'x'), { servers: [], looseVolumeGiB: null }, 'no server from half a vCPU');
    assert.deepEqual(planServers([vcpu('2')], undefined, 'x'), { servers: [], looseVolumeGiB: null }, 'no server without memory');
  });

  test('a plan must fit the lines, kind by kind, with distinct names', () => {
    const lines = [vcpu('8'), memory('16'), disk('100')];
    const plan = planServers(lines, [{ name: 'web-01', vcpus: 4, memoryGiB: 8, dataDiskGiB: 50 }, { name: 'web-02', vcpus: 4, memoryGiB: 8 }], 'x');
    assert.deepEqual(plan.servers.map((s) => s.dataDiskGiB), [50, null]);
    assert.equal(fieldOf(() => planServers(lines, [{ name: 'a', vcpus: 9, memoryGiB: 8 }], 'x')), 'servers.0.vcpus');
    assert.equal(fieldOf(() => planServers(lines, [{ name: 'a', vcpus: 8, memoryGiB: 17 }], 'x')), 'servers.0.memoryGiB');
    assert.equal(fieldOf(() => planServers(lines, [{ name: 'a', vcpus: 1, memoryGiB: 1, dataDiskGiB: 101 }], 'x')), 'servers.0.dataDiskGiB');
    assert.equal(fieldOf(() => planServers(lines, [{ name: 'a', vcpus: 1, memoryGiB: 1 }, { name: 'a', vcpus: 1, memoryGiB: 1 }], 'x')), 'servers.1.name');
  });

  test('default names are host names', () => {
    assert.equal(defaultServerName('SQ2026000123'), 'app-sq2026000123');
  });
});

const zhOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AppError);
    return error.messageZh;
  }
  assert.fail('expected a refusal');
};

describe('resizes', () => {
  const qingpu = loadPolicyProfile('qingpu-2023');
  const current = new Map([['s1', { id: 's1', name: 'web-01', vcpus: 4, memoryGiB: 8 }]]);

  test('a change reshapes or shrinks; growing needs an expansion (QP-10)', () => {
    checkResizes(qingpu, 'change', [{ resourceId: 's1', vcpus: 2, memoryGiB: 8 }], current, null, []);
    assert.match(zhOf(() => checkResizes(qingpu, 'change', [{ resourceId: 's1', vcpus: 6, memoryGiB: 4 }], current, null, [])), /增加 2 vCPU、0 GiB 内存；增加资源请提交扩容申请（青浦办法第十条）/);
  });

  test('an expansion adds at most what its lines grant, new servers included', () => {
    const granted = computeAmounts([vcpu('4'), memory('8')]);
    checkResizes(qingpu, 'expansion', [{ resourceId: 's1', vcpus: 6, memoryGiB: 12 }], current, granted, [{ name: 'n', vcpus: 2, memoryGiB: 4, dataDiskGiB: null }]);
    assert.match(
      zhOf(() => checkResizes(qingpu, 'expansion', [{ resourceId: 's1', vcpus: 7, memoryGiB: 12 }], current, granted, [{ name: 'n', vcpus: 2, memoryGiB: 4, dataDiskGiB: null }])),
      /扩容后新增 5 vCPU、8 GiB 内存，超过本申请资源清单的 4 vCPU、8 GiB/,
    );
  });

  test('only the system’s live servers, once each, and a real change of shape', () => {
    assert.equal(fieldOf(() => checkResizes(qingpu, 'change', [{ resourceId: 'nope', vcpus: 1, memoryGiB: 1 }], current, null, [])), 'resizes.0.resourceId');
    assert.equal(fieldOf(() => checkResizes(qingpu, 'change', [{ resourceId: 's1', vcpus: 4, memoryGiB: 8 }], current, null, [])), 'resizes.0');
    assert.equal(
      fieldOf(() => checkResizes(qingpu, 'change', [{ resourceId: 's1', vcpus: 2, memoryGiB: 8 }, { resourceId: 's1', vcpus: 2, memoryGiB: 4 }], current, null, [])),
      'resizes.1.resourceId',
    );
  });
});

describe('reconciler arithmetic', () => {
  test('back-off doubles per attempt up to its ceiling', () => {
    const options = { backoffMs: 2000, maxBackoffMs: 60_000 };
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, options)), [2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  test('a server’s flavor is its approved shape in MiB', () => {
    assert.deepEqual(flavorOf({ vcpus: 4, memoryGiB: 8, diskGiB: 40 }), { vcpus: 4, ramMiB: 8192, diskGiB: 40 });
  });

  test('a term of months ends on the same day, or the month’s last day', () => {
    assert.equal(addMonths(new Date('2026-01-31T02:00:00Z'), 1).toISOString(), '2026-02-28T02:00:00.000Z');
    assert.equal(addMonths(new Date('2026-11-24T08:00:00Z'), 3).toISOString(), '2027-02-24T08:00:00.000Z');
  });
});

describe('inventory comparison', () => {
  const server = (id: string, name: string, extra: Partial<CloudServer> = {}): CloudServer => ({
    id,
    name,
    status: 'ACTIVE',
    flavor: { vcpus: 2, ramMiB: 4096, diskGiB: 40 },
    addresses: ['10.0.0.5'],
    metadata: {},
    createdAt: '2026-11-24T00:00:00Z',
    taskState: null,
    fault: null,
    ...extra,
  });
  const record = (id: string, providerId: string | null, extra: Record<string, unknown> = {}) => ({
    id,
    kind: 'server' as const,
    name: `r-${id}`,
    provider_id: providerId,
    idempotency_key: `yunshu-${id}`,
    status: 'running',
    desired_state: 'running',
    generation: 1,
    observed_generation: 1,
    observed_spec: { vcpus: 2, memoryGiB: 4, diskGiB: 40 },
    ...extra,
  });
  const volumes: CloudVolume[] = [];

  test('what matches is no finding', () => {
    assert.deepEqual(compareInventory({ servers: [server('p1', 'a')], volumes }, [record('r1', 'p1')]), []);
  });

  test('a server nobody asked for is unknown; one carrying a key whose resource has another server is a duplicate', () => {
    const findings = compareInventory(
      { servers: [server('p1', 'a'), server('p9', 'shadow'), server('p2', 'copy', { metadata: { yunshu_key: 'yunshu-r1' } })], volumes },
      [record('r1', 'p1')],
    );
    assert.deepEqual(findings.map((f) => [f.kind, f.providerId]), [['unknown', 'p9'], ['unknown', 'p2']]);
    assert.equal(findings[1]!.detail.duplicateOf, 'r1');
  });

  test('a create in flight (key known, no provider id yet) is not a finding', () => {
    const inFlight = record('r2', null, { status: 'creating', observed_generation: 0 });
    assert.deepEqual(compareInventory({ servers: [server('p5', 'b', { metadata: { yunshu_key: 'yunshu-r2' } })], volumes }, [inFlight]), []);
  });

  test('a settled record whose server is gone is missing; one still converging is not', () => {
    assert.deepEqual(compareInventory({ servers: [], volumes }, [record('r1', 'p1')]).map((f) => f.kind), ['missing']);
    assert.deepEqual(compareInventory({ servers: [], volumes }, [record('r1', 'p1', { status: 'deleting', generation: 2 })]), []);
  });

  test('another shape or power state than provisioned is drift; a task in progress is not', () => {
    const [drift] = compareInventory({ servers: [server('p1', 'a', { flavor: { vcpus: 8, ramMiB: 4096, diskGiB: 40 }, status: 'SHUTOFF' })], volumes }, [record('r1', 'p1')]);
    assert.deepEqual(drift!.detail, { vcpus: { expected: 2, actual: 8 }, state: { expected: 'running', actual: 'SHUTOFF' } });
    assert.deepEqual(compareInventory({ servers: [server('p1', 'a', { status: 'SHUTOFF', taskState: 'powering-on' })], volumes }, [record('r1', 'p1')]), []);
  });
});
