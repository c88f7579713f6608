/**
 * The block writer read back by Prometheus' own reader (`promtool tsdb dump`): every sample of series
 * with regular and irregular spacing (each timestamp encoding bucket), constants, fractions, negative
 * values and zeros, over several chunks, comes back exactly, under the labels it was written with.
 * promtool comes with Debian's prometheus package (../shared/labs/prometheus-lab.sh install); without
 * it the test is skipped with that hint, unless YUNSHU_REQUIRE_PROMETHEUS=1 (CI).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type BlockSeries, compareLabels, crc32c, writeBlock } from './tsdb-block.ts';

const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;
const skip = promtool || process.env.YUNSHU_REQUIRE_PROMETHEUS === '1' ? false : 'no promtool: ../shared/labs/prometheus-lab.sh install';

const T0 = Date.UTC(2026, 9, 1);

function series(name: string, labels: Record<string, string>, count: number, value: (i: number) => number, step: (i: number) => number): BlockSeries & { times: number[]; values: number[] } {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0, t = T0; i < count; i++, t += step(i)) {
    times.push(t);
    values.push(value(i));
  }
  return { labels: [['__name__', name], ...Object.entries(labels)], times, values, samples: () => ({ times, values }) };
}

test('CRC-32C is the Castagnoli checksum', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
});

test('label sets sort pair by pair, names before values, shorter first', () => {
  const a = [['__name__', 'a'], ['job', 'x']] as const;
  const b = [['__name__', 'a'], ['job', 'x'], ['mode', 'idle']] as const;
  const c = [['__name__', 'a'], ['cpu', '9']] as const;
  assert.deepEqual([b, a, c].sort(compareLabels), [c, a, b]);
});

test('a written block reads back sample for sample with promtool', { skip }, () => {
  const written = [
    // Five-minute readings over a day and a half: a counter of hundredths, as node_exporter's CPU seconds.
    series('node_cpu_seconds_total', { cpu: '0', mode: 'idle', yunshu_resource: 'r1' }, 432, (i) => Math.round(i * 271.37 * 100) / 100, () => 300_000),
    series('node_memory_MemTotal_bytes', { yunshu_resource: 'r1' }, 250, () => 8 * 1024 ** 3, () => 300_000),
    series('node_memory_MemAvailable_bytes', { yunshu_resource: 'r1' }, 250, (i) => 4096 * ((i * 7919) % 1_000_003), () => 300_000),
    // Every delta-of-delta bucket: 0, 14, 17, 20 bits and the 64-bit escape, backwards too.
    series('odd_spacing', { yunshu_resource: 'r2' }, 130, (i) => (i % 3 === 0 ? -i / 7 : i * 1e-9), (i) => [15_000, 300_000, 307_000, 360_000, 800_000, 90_000_000][i % 6]!),
    series('zeros', { yunshu_resource: 'r2' }, 3, () => 0, () => 1),
    series('single', { yunshu_resource: 'r3' }, 1, () => Number.MAX_VALUE, () => 1),
  ];
  const dataDir = mkdtempSync(join(tmpdir(), 'yunshu-tsdb-'));
  try {
    const block = writeBlock(dataDir, written);
    assert.equal(block.series, written.length);
    assert.equal(block.samples, written.reduce((n, s) => n + s.times.length, 0));
    assert.equal(block.minTime, T0);
    mkdirSync(join(dataDir, 'wal'));
    const dump = execFileSync('promtool', ['tsdb', 'dump', dataDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const read = new Map<string, [number, number][]>();
    for (const line of dump.trim().split('\n')) {
      const match = /^(\{.*\}) (\S+) (\d+)$/.exec(line);
      assert.ok(match, `unexpected dump line: ${line}`);
      const key = match[1]!;
      if (!read.has(key)) read.set(key, []);
      read.get(key)!.push([Number(match[3]), Number(match[2])]);
    }
    assert.equal(read.size, written.length);
    for (const s of written) {
      const labels = [...s.labels].sort(([a], [b]) => (a < b ? -1 : 1));
      const key = `{${labels.map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
      const samples = read.get(key);
      assert.ok(samples, `series ${key} missing from the dump`);
      assert.deepEqual(
        samples,
        s.times.map((t, i) => [t, s.values[i]]),
        key,
      );
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
