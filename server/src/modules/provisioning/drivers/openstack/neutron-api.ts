/** Neutron (network v2.0) requests of the driver: the networks a server can be put on. */
import { listAll, type OpenStackClient } from './openstack-client.ts';

export interface NeutronNetwork {
  id: string;
  name: string;
  status: string;
  shared: boolean;
  'router:external'?: boolean;
  project_id?: string;
  tenant_id?: string;
}

/** The networks the project sees: its own, shared ones and external ones. */
export function listNetworks(client: OpenStackClient): Promise<NeutronNetwork[]> {
  return listAll<NeutronNetwork>(client, 'network', '/networks', 'networks');
}
