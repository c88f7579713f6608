import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentLastSeenQuery, cpuUtilization, DAILY_FIGURES, dailyRollupQueries, diskUsed, memoryUtilization, RECORDED, recordingRules, recordingRulesFile } from './utilization-queries.ts';

describe('PromQL of the daily rollup', () => {
  const queries = dailyRollupQueries('yunshu-node');

  test('one query per figure, over the whole fleet, never for one server', () => {
    assert.deepEqual(Object.keys(queries).sort(), [...DAILY_FIGURES].sort());
    for (const query of Object.values(queries)) assert.doesNotMatch(query, /yunshu_resource="/, 'never a query for one server');
  });

  test('the recording rules read node_exporter of the job, aggregated by the resource label', () => {
    const rules = recordingRules('yunshu-node');
    assert.deepEqual(
      rules.map((r) => r.record),
      [RECORDED.cpu, RECORDED.memory, RECORDED.disk],
    );
    assert.deepEqual(
      rules.map((r) => r.expr),
      [cpuUtilization('yunshu-node'), memoryUtilization('yunshu-node'), diskUsed('yunshu-node')],
    );
    for (const { expr } of rules) {
      assert.match(expr, /by \(yunshu_resource\)/);
      assert.match(expr, /job="yunshu-node",yunshu_resource!=""/);
    }
    assert.match(cpuUtilization('yunshu-node'), /rate\(node_cpu_seconds_total\{[^}]*mode="idle"\}\[5m\]\)/);
    assert.match(diskUsed('yunshu-node'), /node_filesystem_size_bytes\{[^}]*fstype!~"tmpfs/);
  });

  test('the rule file evaluates them every 5 minutes, each expression quoted for YAML', () => {
    const file = recordingRulesFile('yunshu-node');
    assert.match(file, /^groups:\n {2}- name: yunshu-utilization\n {4}interval: 5m\n {4}rules:\n/m);
    assert.ok(file.includes(`      - record: ${RECORDED.cpu}\n        expr: '${cpuUtilization('yunshu-node')}'\n`));
    assert.equal(file.match(/- record: /g)?.length, 3);
  });

  test('a day is the 288 readings recorded at 00:05 … 24:00, taken at the end of the day', () => {
    assert.equal(queries.cpu_avg, `avg_over_time(${RECORDED.cpu}[86399s])`);
    assert.equal(queries.cpu_p95, `quantile_over_time(0.95, ${RECORDED.cpu}[86399s])`);
    assert.equal(queries.samples, `count_over_time(${RECORDED.cpu}[86399s])`);
    assert.equal(queries.memory_max, `max_over_time(${RECORDED.memory}[86399s])`);
    assert.equal(queries.disk_used_bytes, `max_over_time(${RECORDED.disk}[86399s])`);
  });

  test('network counts a day’s increase of real interfaces from the raw counters', () => {
    assert.match(queries.network_rx_bytes, /^sum by \(yunshu_resource\) \(increase\(node_network_receive_bytes_total\{job="yunshu-node",yunshu_resource!="",device!~"lo\|veth/);
    assert.match(queries.network_rx_bytes, /\[86400s\]\)\)$/);
  });

  test('the agent’s last sighting: the latest up == 1 sample within the look-back, to the minute', () => {
    assert.equal(
      agentLastSeenQuery('yunshu-node', 86_400),
      'max by (yunshu_resource) (max_over_time((timestamp(up{job="yunshu-node",yunshu_resource!=""}) and up{job="yunshu-node",yunshu_resource!=""} == 1)[86400s:1m]))',
    );
  });
});
