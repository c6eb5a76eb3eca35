// `generate reg` / `reg-client`: .reg files for regedit (docs/behaviour.md#formats). One host per file
// (several hosts: `generate --output-dir`), its key block preceded by comments naming the host and
// saying why these values; client values for clients pinned to one host. Files are written as
// regedit exports them: UTF-16LE with a byte order mark, CRLF (measured under Wine, docs/windows.md).
import { writeReg } from '../../regfile/write.js';
import { encodeRegUtf16 } from '../../regfile/bytes.js';
import type { RegKey } from '../../regfile/types.js';
import type { PlanHost } from '../../plan/types.js';
import type { Plan } from '../../plan/types.js';
import type { RenderContext, RenderOutput, Renderer } from '../types.js';
import { clientSettings, hostSettings, hostWarnings, pinnedHost, RESTART_ADVICE, streamHost, type HostSettings } from './values.js';

function keyBlock(settings: HostSettings, comments: string[]): RegKey {
  return { path: `HKEY_LOCAL_MACHINE\\${settings.keyBelowHklm}`, comments, values: settings.values };
}

function regOutput(keys: RegKey[], warnings: string[]): RenderOutput {
  const text = writeReg({ keys });
  return { text, bytes: encodeRegUtf16(text), warnings };
}

function renderHost(_plan: Plan, host: PlanHost, context: RenderContext): RenderOutput {
  const settings = hostSettings(host, context);
  const comments = [`kms-srv: KMS host ${host.name}: import on that host only.`, ...settings.notes, RESTART_ADVICE];
  return regOutput([keyBlock(settings, comments)], hostWarnings(host, context));
}

export const regRenderer: Renderer = {
  format: 'reg',
  description: 'KMS host registry values (DnsDomainPublishList or DisableDnsPublishing) as a .reg file for one host',
  render(plan, context) {
    return renderHost(plan, streamHost(plan, context, 'reg'), context);
  },
  perHost: { extension: 'reg', render: renderHost },
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
    return regOutput([keyBlock(clientSettings(host, context), comments)], []);
  },
};
