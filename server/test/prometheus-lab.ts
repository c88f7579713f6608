/**
 * prometheus-lab (/work/shared/labs/prometheus-lab.sh): a real Prometheus on loopback. Tests that need
 * it read its URL from YUNSHU_TEST_PROMETHEUS_URL and load known series with the script's `backfill`
 * (promtool, OpenMetrics); they are skipped with a hint when it does not answer, and fail instead when
 * YUNSHU_REQUIRE_PROMETHEUS=1 (CI). PROMLAB_HOME and PROMLAB_PORT pass through to the script.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PrometheusClient } from '../src/modules/efficiency/prometheus-client.ts';

export const PROMETHEUS_URL = process.env.YUNSHU_TEST_PROMETHEUS_URL;
const LAB_SCRIPT = process.env.YUNSHU_TEST_PROMLAB ?? resolve(import.meta.dirname, '../../../shared/labs/prometheus-lab.sh');

export async function prometheusAnswers(): Promise<boolean> {
  if (!PROMETHEUS_URL) return false;
  try {
    return (await fetch(`${PROMETHEUS_URL}/-/ready`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** The `skip` option of a test that needs the lab. */
export function skipWithoutPrometheus(available: boolean): string | false {
  if (available || process.env.YUNSHU_REQUIRE_PROMETHEUS === '1') return false;
  return 'no Prometheus: run PROMLAB_HOME=/tmp/promlab-test PROMLAB_PORT=19090 PROMLAB_NODE_PORT=19100 ../shared/labs/prometheus-lab.sh up and set YUNSHU_TEST_PROMETHEUS_URL=http://127.0.0.1:19090';
}

/** Loads OpenMetrics text (ending in `# EOF`) as past samples; Prometheus restarts to see them. */
export function backfill(openMetrics: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'yunshu-om-'));
  try {
    const file = join(dir, 'series.om');
    writeFileSync(file, openMetrics);
    execFileSync('bash', [LAB_SCRIPT, 'backfill', file], { stdio: 'pipe', timeout: 300_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What Prometheus would have recorded for `rules` every `stepSeconds` over [start, end] (Unix seconds,
 * steps aligned on `start`): each rule's expression evaluated by the lab at those steps (a range query),
 * loaded back as the rule's series. Prometheus itself evaluates a group at an offset of its own within
 * the interval (and promtool's rule backfill does the same); aligning on the day keeps the hand-worked
 * figures exact.
 */
export async function backfillRecordingRules(rules: readonly { record: string; expr: string }[], start: number, end: number, stepSeconds: number): Promise<void> {
  const client = new PrometheusClient({ baseUrl: PROMETHEUS_URL!, timeoutSeconds: 60 });
  const window = { start: new Date(start * 1000), end: new Date(end * 1000), stepSeconds };
  const families: { name: string; type: 'gauge'; series: OmSeries[] }[] = [];
  for (const rule of rules) {
    const series = await client.range(rule.expr, window);
    families.push({ name: rule.record, type: 'gauge', series: series.map((s) => ({ labels: s.labels, samples: s.points.map((p) => [p.at, p.value]) })) });
  }
  if (families.every((f) => f.series.length === 0)) throw new Error(`the recording rules gave nothing between ${start} and ${end}`);
  backfill(openMetricsOf(families));
}

/** One series of an OpenMetrics family: labels and (seconds, value) samples in time order. */
export interface OmSeries {
  labels: Record<string, string>;
  samples: [number, number][];
}

/** OpenMetrics text of families `{ name, type, series }`; counters' samples are named `<name>_total`. */
export function openMetricsOf(families: { name: string; type: 'counter' | 'gauge'; series: OmSeries[] }[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# TYPE ${family.name} ${family.type}`);
    const sample = family.type === 'counter' ? `${family.name}_total` : family.name;
    for (const series of family.series) {
      const labels = Object.entries(series.labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const [at, value] of series.samples) lines.push(`${sample}{${labels}} ${value} ${at}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/** Families gathered series by series (`add`), then written as OpenMetrics text (`text`). */
export function openMetricsBuilder(): { add(name: string, type: 'counter' | 'gauge', labels: Record<string, string>, samples: [number, number][]): void; text(): string } {
  const families = new Map<string, { type: 'counter' | 'gauge'; series: OmSeries[] }>();
  return {
    add(name, type, labels, samples) {
      if (!families.has(name)) families.set(name, { type, series: [] });
      families.get(name)!.series.push({ labels, samples });
    },
    text: () => openMetricsOf([...families].map(([name, family]) => ({ name, ...family }))),
  };
}
