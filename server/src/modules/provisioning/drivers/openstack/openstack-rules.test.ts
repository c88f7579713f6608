import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NeutronNetwork } from './neutron-api.ts';
import type { NovaFlavor } from './nova-api.ts';
import { chooseDefaultImage, chooseFlavor, chooseNetwork, flavorNameFor, noFlavorMessage, serverStatusOf, volumeStatusOf } from './openstack-rules.ts';

const flavor = (id: string, vcpus: number, ram: number, disk: number): NovaFlavor => ({ id, name: `f${id}`, vcpus, ram, disk });
// The lab's standard flavors, listed in Nova's order (by id).
const LAB = [flavor('1', 1, 512, 1), flavor('2', 1, 2048, 20), flavor('42', 1, 128, 1), flavor('84', 1, 192, 1)];

describe('OpenStack driver choices', () => {
  test('a flavor of exactly the approved size is taken when there is one', () => {
    assert.deepEqual(chooseFlavor(LAB, { vcpus: 1, ramMiB: 512, diskGiB: 1 }), { flavor: LAB[0], exact: true });
  });

  test('else the smallest that is no smaller in vCPUs, memory and disk', () => {
    assert.deepEqual(chooseFlavor(LAB, { vcpus: 1, ramMiB: 160, diskGiB: 1 }), { flavor: LAB[3], exact: false });
    assert.deepEqual(chooseFlavor(LAB, { vcpus: 1, ramMiB: 128, diskGiB: 2 }), { flavor: LAB[1], exact: false });
    const more = [flavor('a', 4, 1024, 10), flavor('b', 2, 8192, 10), flavor('c', 2, 4096, 40)];
    assert.equal(chooseFlavor(more, { vcpus: 2, ramMiB: 2048, diskGiB: 10 })?.flavor.id, 'c');
  });

  test('else none, with a message naming the largest flavor offered', () => {
    assert.equal(chooseFlavor(LAB, { vcpus: 2, ramMiB: 128, diskGiB: 1 }), null);
    assert.equal(
      noFlavorMessage(LAB, { vcpus: 2, ramMiB: 128, diskGiB: 1 }),
      'No flavor offers at least 2 vCPU, 128 MiB of memory and 1 GiB of disk; the largest offered is f2 (1 vCPU, 2048 MiB, 20 GiB)',
    );
    assert.match(noFlavorMessage([], { vcpus: 1, ramMiB: 1, diskGiB: 1 }), /sees no flavor/);
    assert.equal(flavorNameFor({ vcpus: 4, ramMiB: 8192, diskGiB: 40 }), 'yunshu-4c-8192m-40g');
  });

  const network = (id: string, project: string, extra: Partial<NeutronNetwork> = {}): NeutronNetwork => ({ id, name: `net-${id}`, status: 'ACTIVE', shared: false, project_id: project, ...extra });

  test('a named network is used, by id or unique name, and an unknown or ambiguous one is refused', () => {
    const seen = [network('a', 'p1'), network('b', 'p2', { name: 'twin' }), network('c', 'p2', { name: 'twin' })];
    assert.deepEqual(chooseNetwork(seen, 'p1', 'net-a'), { ok: true, networks: [{ uuid: 'a' }] });
    assert.deepEqual(chooseNetwork(seen, 'p1', 'b'), { ok: true, networks: [{ uuid: 'b' }] });
    assert.equal(chooseNetwork(seen, 'p1', 'twin').ok, false);
    assert.equal(chooseNetwork(seen, 'p1', 'missing').ok, false);
  });

  test('unnamed: the project’s only network, else the only shared one, else no port at all; several are refused', () => {
    const external = network('x', 'p0', { shared: true, 'router:external': true });
    assert.deepEqual(chooseNetwork([], 'p1'), { ok: true, networks: 'none' });
    assert.deepEqual(chooseNetwork([external], 'p1'), { ok: true, networks: 'none' });
    assert.deepEqual(chooseNetwork([external, network('a', 'p1'), network('s', 'p0', { shared: true })], 'p1'), { ok: true, networks: [{ uuid: 'a' }] });
    assert.deepEqual(chooseNetwork([network('s', 'p0', { shared: true })], 'p1'), { ok: true, networks: [{ uuid: 's' }] });
    // An admin sees other projects' private networks; they are not candidates.
    assert.deepEqual(chooseNetwork([network('o', 'p9')], 'p1'), { ok: true, networks: 'none' });
    const several = chooseNetwork([network('a', 'p1'), network('b', 'p1')], 'p1');
    assert.equal(several.ok, false);
    assert.match(several.ok ? '' : several.message, /net-a, net-b/);
  });

  test('the default image is the only public one; none or several need configuration', () => {
    const image = (id: string) => ({ id, name: `img-${id}`, status: 'active' });
    assert.deepEqual(chooseDefaultImage([image('1')]), { ok: true, image: image('1') });
    assert.equal(chooseDefaultImage([]).ok, false);
    assert.equal(chooseDefaultImage([image('1'), image('2')]).ok, false);
  });

  test('Nova and Cinder statuses read in the interface’s terms', () => {
    assert.equal(serverStatusOf('ACTIVE'), 'ACTIVE');
    assert.equal(serverStatusOf('HARD_REBOOT'), 'ACTIVE');
    assert.equal(serverStatusOf('SUSPENDED'), 'SHUTOFF');
    assert.equal(serverStatusOf('REVERT_RESIZE'), 'RESIZE');
    assert.equal(serverStatusOf('VERIFY_RESIZE'), 'VERIFY_RESIZE');
    assert.equal(serverStatusOf('UNKNOWN'), 'ERROR');
    assert.equal(serverStatusOf('SOFT_DELETED'), null);
    assert.equal(volumeStatusOf('reserved', false), 'attaching');
    assert.equal(volumeStatusOf('downloading', false), 'creating');
    assert.equal(volumeStatusOf('error_deleting', false), 'error');
    assert.equal(volumeStatusOf('extending', true), 'in-use');
    assert.equal(volumeStatusOf('uploading', false), 'available');
  });
});
