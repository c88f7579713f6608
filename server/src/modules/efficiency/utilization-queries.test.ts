import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentLastSeenQuery, cpuUtilization, DAILY_FIGURES, dailyRollupQueries } from './utilization-queries.ts';

describe('PromQL of the daily rollup', () => {
  const queries = dailyRollupQueries('yunshu-node');

  test('one query per figure, each aggregated by the resource label over the whole fleet', () => {
    assert.deepEqual(Object.keys(queries).sort(), [...DAILY_FIGURES].sort());
    for (const query of Object.values(queries)) {
      assert.match(query, /by \(yunshu_resource\)/);
      assert.match(query, /job="yunshu-node",yunshu_resource!=""/);
      assert.doesNotMatch(query, /yunshu_resource="/, 'never a query for one server');
    }
  });

  test('a day is the 288 five-minute readings ending at 00:05 … 24:00, taken at the end of the day', () => {
    assert.equal(queries.cpu_avg, `avg_over_time((${cpuUtilization('yunshu-node')})[86399s:5m])`);
    assert.match(queries.cpu_p95, /^quantile_over_time\(0\.95, \(/);
    assert.match(queries.samples, /^count_over_time\(/);
    assert.match(queries.memory_max, /^max_over_time\(\(100 \* \(1 - sum by \(yunshu_resource\) \(node_memory_MemAvailable_bytes/);
  });

  test('network counts a day’s increase of real interfaces; disk the real file systems', () => {
    assert.match(queries.network_rx_bytes, /increase\(node_network_receive_bytes_total\{[^}]*device!~"lo\|veth/);
    assert.match(queries.network_rx_bytes, /\[86400s\]\)\)$/);
    assert.match(queries.disk_used_bytes, /node_filesystem_size_bytes\{[^}]*fstype!~"tmpfs/);
  });

  test('the agent’s last sighting: the latest up == 1 sample within the look-back, to the minute', () => {
    assert.equal(
      agentLastSeenQuery('yunshu-node', 86_400),
      'max by (yunshu_resource) (max_over_time((timestamp(up{job="yunshu-node",yunshu_resource!=""}) and up{job="yunshu-node",yunshu_resource!=""} == 1)[86400s:1m]))',
    );
  });
});
