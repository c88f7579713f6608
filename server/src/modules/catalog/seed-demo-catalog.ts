/**
 * The demo district's estate: three platforms (two district pools, X86 and 信创, and the city cloud of
 * the second provider, fulfilled by work order), a catalog across IaaS, PaaS, security and SaaS, the
 * district price list (with a price change on 2026-07-01) and the city provider's tender price list.
 */
import type { Architecture, CatalogCategory, UnitOfMeasure } from '@yunshu/shared/catalog-api';
import { toInstant } from '@yunshu/shared/catalog-api';
import type { Trx } from '../../platform/db/database.ts';
import type { AuditTarget } from '../../platform/http/route.ts';
import type { PolicyProfile } from '../../platform/policy/policy-profile.ts';
import { createPlatform } from '../platforms/index.ts';
import { createItem } from './catalog-items.service.ts';
import { addPriceVersion, createBook, type PriceWriter } from './price-books.service.ts';

type PoolKey = 'x86' | 'arm' | 'city';

interface DemoItem {
  code: string;
  nameZh: string;
  nameEn: string;
  category: CatalogCategory;
  unit: UnitOfMeasure;
  architectures: Architecture[];
  pools: PoolKey[];
  spec: Record<string, unknown>;
  /** District prices: [effective from, unit price], in order. */
  district: [string, string][];
  city?: string;
}

const GENERAL_VCPU = [1, 2, 4, 8, 16, 32];
const GENERAL_MEMORY = [1, 2, 4, 8, 16, 32, 64, 128];
const YEAR = '2026-01-01';

const DEMO_ITEMS: DemoItem[] = [
  {
    code: 'ECS-X86-VCPU',
    nameZh: '云主机 vCPU（X86 通用型）',
    nameEn: 'Cloud server vCPU (x86 general purpose)',
    category: 'compute',
    unit: 'vcpu_month',
    architectures: ['x86'],
    pools: ['x86', 'city'],
    spec: { vcpuOptions: GENERAL_VCPU, memoryGibOptions: GENERAL_MEMORY, cpuModel: 'Intel Xeon Gold 6330' },
    // The 2026 second-half price review lowered vCPU from 38.00 to 35.00.
    district: [
      [YEAR, '38.00'],
      ['2026-07-01', '35.00'],
    ],
    city: '32.00',
  },
  {
    code: 'ECS-X86-MEM',
    nameZh: '云主机内存（X86 通用型）',
    nameEn: 'Cloud server memory (x86 general purpose)',
    category: 'compute',
    unit: 'gib_month',
    architectures: ['x86'],
    pools: ['x86', 'city'],
    spec: { vcpuOptions: GENERAL_VCPU, memoryGibOptions: GENERAL_MEMORY },
    district: [[YEAR, '12.00']],
    city: '11.00',
  },
  {
    code: 'ECS-ARM-VCPU',
    nameZh: '信创云主机 vCPU（鲲鹏 920）',
    nameEn: 'Domestic ARM cloud server vCPU (Kunpeng 920)',
    category: 'compute',
    unit: 'vcpu_month',
    architectures: ['arm'],
    pools: ['arm'],
    spec: { vcpuOptions: [2, 4, 8, 16, 32], memoryGibOptions: [4, 8, 16, 32, 64], cpuModel: 'Kunpeng 920', os: ['openEuler 22.03', '麒麟 V10'] },
    district: [[YEAR, '42.00']],
  },
  {
    code: 'ECS-ARM-MEM',
    nameZh: '信创云主机内存',
    nameEn: 'Domestic ARM cloud server memory',
    category: 'compute',
    unit: 'gib_month',
    architectures: ['arm'],
    pools: ['arm'],
    spec: { vcpuOptions: [2, 4, 8, 16, 32], memoryGibOptions: [4, 8, 16, 32, 64] },
    district: [[YEAR, '14.00']],
  },
  {
    code: 'EVS-SATA',
    nameZh: '普通云硬盘',
    nameEn: 'Standard block storage',
    category: 'block_storage',
    unit: 'gib_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm', 'city'],
    spec: { diskType: 'SATA', minGib: 10, maxGib: 32768 },
    district: [[YEAR, '0.35']],
    city: '0.30',
  },
  {
    code: 'EVS-SSD',
    nameZh: '高性能云硬盘（SSD）',
    nameEn: 'High-performance block storage (SSD)',
    category: 'block_storage',
    unit: 'gib_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm'],
    spec: { diskType: 'SSD', minGib: 10, maxGib: 32768, iopsPerGib: 50 },
    district: [[YEAR, '1.00']],
  },
  {
    code: 'OBS-STD',
    nameZh: '对象存储（标准存储）',
    nameEn: 'Object storage (standard)',
    category: 'object_storage',
    unit: 'gib_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm'],
    spec: { storageClass: 'standard', redundancy: '三副本' },
    district: [[YEAR, '0.12']],
  },
  {
    code: 'EIP-BGP',
    nameZh: '弹性公网 IP 带宽（BGP）',
    nameEn: 'Elastic IP bandwidth (BGP)',
    category: 'bandwidth_eip',
    unit: 'mbps_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm', 'city'],
    spec: { minMbps: 1, maxMbps: 1000, line: 'BGP' },
    district: [[YEAR, '25.00']],
    city: '22.00',
  },
  {
    code: 'SLB-STD',
    nameZh: '负载均衡（标准型）',
    nameEn: 'Load balancer (standard)',
    category: 'load_balancer',
    unit: 'instance_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm', 'city'],
    spec: { maxConnections: 50000, protocols: ['TCP', 'UDP', 'HTTP', 'HTTPS'] },
    district: [[YEAR, '150.00']],
    city: '140.00',
  },
  {
    code: 'RDS-MYSQL',
    nameZh: '云数据库 MySQL（4 核 16 GiB 主备）',
    nameEn: 'Cloud database MySQL (4 vCPU, 16 GiB, primary/standby)',
    category: 'database',
    unit: 'instance_month',
    architectures: ['x86'],
    pools: ['x86', 'city'],
    spec: { engine: 'MySQL', versions: ['5.7', '8.0'], vcpuOptions: [4], memoryGibOptions: [16], highAvailability: true },
    district: [[YEAR, '800.00']],
    city: '760.00',
  },
  {
    code: 'RDS-DM',
    nameZh: '达梦数据库 DM8（信创，4 核 16 GiB）',
    nameEn: 'Dameng DM8 database (domestic, 4 vCPU, 16 GiB)',
    category: 'database',
    unit: 'instance_month',
    architectures: ['arm'],
    pools: ['arm'],
    spec: { engine: 'DM8', vcpuOptions: [4], memoryGibOptions: [16] },
    district: [[YEAR, '1200.00']],
  },
  {
    code: 'REDIS-HA',
    nameZh: '缓存 Redis（主备）',
    nameEn: 'Redis cache (primary/standby)',
    category: 'cache',
    unit: 'gib_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm'],
    spec: { engine: 'Redis', versions: ['6.2', '7.0'], memoryGibOptions: [1, 2, 4, 8, 16, 32] },
    district: [[YEAR, '45.00']],
  },
  {
    code: 'MQ-ROCKETMQ',
    nameZh: '消息队列 RocketMQ',
    nameEn: 'RocketMQ message queue',
    category: 'middleware',
    unit: 'instance_month',
    architectures: ['x86'],
    pools: ['x86'],
    spec: { product: 'RocketMQ', versions: ['4.9', '5.1'] },
    district: [[YEAR, '500.00']],
  },
  {
    code: 'SEC-WAF',
    nameZh: 'Web 应用防火墙',
    nameEn: 'Web application firewall',
    category: 'security',
    unit: 'instance_month',
    architectures: ['x86', 'arm'],
    pools: ['x86', 'arm'],
    spec: { service: 'WAF', domains: 10 },
    district: [[YEAR, '600.00']],
  },
  {
    code: 'SAAS-OA',
    nameZh: '协同办公（按单位开通）',
    nameEn: 'Collaborative office suite (per unit)',
    category: 'saas',
    unit: 'instance_month',
    architectures: ['x86'],
    pools: ['x86'],
    spec: { vendor: '示例软件有限公司', seats: 200 },
    district: [[YEAR, '300.00']],
  },
];

/** Seeds platforms, catalog and price books into the demo district (inside the seeding transaction). */
export async function seedDemoCatalog(trx: Trx, options: { policy: PolicyProfile; unitIds: ReadonlyMap<string, string> }): Promise<{ platforms: number; items: number }> {
  const audit = (): AuditTarget => ({ objectType: null, objectId: null, detail: {} });
  const provider = (key: string) => {
    const id = options.unitIds.get(key);
    if (!id) throw new Error(`demo unit ${key} is missing`);
    return id;
  };
  const platform = async (name: string, level: 'city' | 'district', architecture: Architecture, mode: 'driver' | 'work_order', providerKey: string, region: string) =>
    (
      await createPlatform(
        trx,
        options.policy,
        {
          name,
          level,
          providerUnitId: provider(providerKey),
          architecture,
          region,
          mlpsLevel: 3,
          provisioningMode: mode,
          ...(mode === 'driver' ? { driver: 'simulated' as const } : {}),
          connection: {},
          description: mode === 'work_order' ? '市级政务云，由服务商工程师按工单人工开通' : '区电子政务云资源池（模拟驱动）',
        },
        audit(),
      )
    ).id;
  const pools: Record<PoolKey, string> = {
    x86: await platform('区政务云 X86 资源池', 'district', 'x86', 'driver', 'provider1', '区数据中心 A 区'),
    arm: await platform('区政务云 信创资源池', 'district', 'arm', 'driver', 'provider1', '区数据中心 B 区'),
    city: await platform('市政务云（沪信）', 'city', 'x86', 'work_order', 'provider2', '市政务云 浦东节点'),
  };

  const district = await createBook(trx, { kind: 'district', name: '区级电子政务云价格表', description: '区级云资源池服务单价（含税）' }, audit());
  const tender = await createBook(
    trx,
    {
      kind: 'city_tender',
      name: '市政务云招标价格表（沪信）',
      providerUnitId: provider('provider2'),
      tenderReference: 'SHZWY-2025-ZB-017 中标通知书',
      description: '市政务云服务招标结果，区内单位按此价格使用市级云资源（SJ-10）',
    },
    audit(),
  );
  const writer: PriceWriter = { actorId: null, actorName: '系统（演示数据）', source: 'seed' };
  for (const demo of DEMO_ITEMS) {
    const item = await createItem(
      trx,
      {
        code: demo.code,
        nameZh: demo.nameZh,
        nameEn: demo.nameEn,
        category: demo.category,
        unitOfMeasure: demo.unit,
        architectures: demo.architectures,
        platformIds: demo.pools.map((pool) => pools[pool]),
        spec: demo.spec,
        enabled: true,
      },
      audit(),
    );
    // Each version runs until the next one starts: history entered as it happened, nothing closed after the fact.
    for (const [index, [from, unitPrice]] of demo.district.entries()) {
      const next = demo.district[index + 1];
      await addPriceVersion(trx, writer, {
        bookId: district.id,
        item,
        unitPrice,
        from: new Date(toInstant(from)),
        to: next ? new Date(toInstant(next[0])) : null,
        reason: index === 0 ? '2026 年度区级价格' : '2026 年下半年区级价格调整',
      });
    }
    if (demo.city) {
      await addPriceVersion(trx, writer, { bookId: tender.id, item, unitPrice: demo.city, from: new Date(toInstant(YEAR)), to: null, reason: '市政务云服务招标结果' });
    }
  }
  return { platforms: Object.keys(pools).length, items: DEMO_ITEMS.length };
}
