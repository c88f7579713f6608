import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { offeringProblems, specProblems, unitProblems } from './catalog-rules.ts';

describe('service catalog rules', () => {
  test('compute is sold by vCPU or GiB of memory, bandwidth by Mbps', () => {
    assert.deepEqual(unitProblems('compute', 'vcpu_month'), []);
    assert.deepEqual(unitProblems('compute', 'gib_month'), []);
    const [wrong] = unitProblems('bandwidth_eip', 'gib_month');
    assert.equal(wrong?.path, 'unitOfMeasure');
    assert.match(wrong!.message, /Mbps·月/);
  });

  test('a compute spec needs vCPU and memory options; unknown keys are kept', () => {
    assert.deepEqual(specProblems('compute', { vcpuOptions: [1, 2, 4], memoryGibOptions: [2, 4, 8], family: 'general' }), []);
    const paths = specProblems('compute', { vcpuOptions: [0, 2] }).map((p) => p.path).sort();
    assert.deepEqual(paths, ['spec.memoryGibOptions', 'spec.vcpuOptions.0']);
  });

  test('a range reads low to high', () => {
    assert.deepEqual(specProblems('block_storage', { minGib: 10, maxGib: 32768 }), []);
    assert.equal(specProblems('block_storage', { minGib: 100, maxGib: 10 })[0]?.path, 'spec.minGib');
  });

  test('an ARM platform may not offer an X86-only item, and the message names the platform', () => {
    const problems = offeringProblems(['x86'], [{ id: 'p1', name: '信创资源池', architecture: 'arm' }, { id: 'p2', name: 'X86 资源池', architecture: 'x86' }], ['p2', 'p1']);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, 'platformIds.1');
    assert.match(problems[0]!.message, /信创资源池/);
  });
});
