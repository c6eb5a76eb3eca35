// `dnsmasq`: `srv-host=` and `host-record=` lines for dnsmasq.conf (dnsmasq(8): srv-host takes
// name,target,port,priority,weight; host-record takes name,address[,ttl]).
import type { Plan } from '../plan/types.js';
import { recordsByDomain } from './records.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

function render(plan: Plan, context: RenderContext): RenderOutput {
  const lines = ['# KMS host records (kms-srv generate dnsmasq) for dnsmasq.conf'];
  for (const group of recordsByDomain(plan, context)) {
    lines.push('', `# --- ${group.domain} ---`);
    for (const r of group.srv) lines.push(`srv-host=${r.owner},${r.target},${r.port},${r.priority},${r.weight}`);
    for (const r of group.addresses) lines.push(`host-record=${r.owner},${r.address},${r.ttl}`);
  }
  return { text: `${lines.join('\n')}\n`, warnings: [] };
}

export const dnsmasqRenderer: Renderer = {
  format: 'dnsmasq',
  description: 'dnsmasq.conf srv-host= and host-record= lines',
  render,
};
