// `generate reg` / `reg-client`: .reg files for regedit (docs/behaviour.md#formats). Host values per host, each key block
// preceded by a comment naming the host; client values for clients pinned to one host.
import { HOME_DOMAIN_NOTE } from '../../knowledge/registry-values.js';
import { writeReg } from '../../regfile/write.js';
import type { RegKey } from '../../regfile/types.js';
import type { Renderer } from '../types.js';
import { selectHosts } from '../records.js';
import { clientSettings, hostSettings, hostWarnings, pinnedHost, RESTART_ADVICE, type HostSettings } from './values.js';

function keyBlock(settings: HostSettings, comments: string[]): RegKey {
  return { path: `HKEY_LOCAL_MACHINE\\${settings.keyBelowHklm}`, comments, values: settings.values };
}

export const regRenderer: Renderer = {
  format: 'reg',
  description: 'KMS host registry values (DnsDomainPublishList, …) as a .reg file, one section per host',
  render(plan, context) {
    const hosts = selectHosts(plan, context);
    const keys = hosts.map((host) =>
      keyBlock(hostSettings(plan, host, context), [`kms-srv: KMS host ${host.name}: import on that host only.`, HOME_DOMAIN_NOTE, RESTART_ADVICE]),
    );
    return { text: writeReg({ keys }), warnings: hostWarnings(hosts, context) };
  },
};

export const regClientRenderer: Renderer = {
  format: 'reg-client',
  description: 'KMS client registry values pinning clients to one host (KeyManagementServiceName/Port) as a .reg file',
  render(plan, context) {
    const host = pinnedHost(plan, context);
    const comments = [
      `kms-srv: pins a KMS client to ${host.name}:${host.port}; DNS auto-discovery is bypassed (slmgr /ckms undoes it).`,
      RESTART_ADVICE,
    ];
    return { text: writeReg({ keys: [keyBlock(clientSettings(host, context), comments)] }), warnings: [] };
  },
};
