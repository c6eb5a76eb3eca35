// `named-conf`: a named.conf fragment: the TSIG `key` clause once, then one zone clause per domain
// whose update-policy lets that key change only the KMS names (docs/behaviour.md#publishing: never allow-update any
// unless asked, and then loudly).
import type { Plan } from '../plan/types.js';
import { compareNames } from '../names/canonical.js';
import { vlmcsOwner } from '../names/kms-service.js';
import { confString } from './quote.js';
import { ownDomain, recordsByDomain, selectHosts } from './records.js';
import { checkKeyName } from './script-args.js';
import type { RenderContext, RenderOutput, Renderer } from './types.js';

const DEFAULT_KEY_NAME = 'kms-srv-update';
const PLACEHOLDER_SECRET = 'REPLACE-WITH-SECRET-FROM-tsig-keygen';

function render(plan: Plan, context: RenderContext): RenderOutput {
  const warnings: string[] = [];
  const keyName = checkKeyName(context.key?.name ?? plan.tsigKey?.name ?? DEFAULT_KEY_NAME, context.key ? '--key' : 'the plan');
  const algorithm = context.key?.algorithm ?? plan.tsigKey?.algorithm ?? 'hmac-sha256';
  if (context.key && plan.tsigKey && context.key.name !== plan.tsigKey.name) {
    warnings.push(`the key file names key "${context.key.name}" but the plan names "${plan.tsigKey.name}": the file's name is used`);
  }
  const lines = ['// KMS zones (kms-srv generate named-conf): include from named.conf.'];
  if (!context.allowUpdateAny) {
    if (!context.key) {
      lines.push(`// Placeholder secret: create the key with \`tsig-keygen -a ${algorithm} ${keyName}\` and paste its secret,`, '// or run generate again with --key FILE.');
    }
    lines.push(`key ${confString(keyName)} {`, `  algorithm ${algorithm};`, `  secret ${confString(context.key?.secret ?? PLACEHOLDER_SECRET)};`, '};');
  }
  const hosts = selectHosts(plan, context);
  for (const group of recordsByDomain(plan, context)) {
    const domain = group.domain;
    lines.push('', `zone ${confString(domain)} {`, '  type primary;', `  file ${confString(`${domain}.zone`)};`);
    if (context.allowUpdateAny) {
      lines.push('  // WARNING: anyone who can reach this server may rewrite this zone. Prefer update-policy with a TSIG key.', '  allow-update { any; };');
      warnings.push(`zone ${domain}: allow-update { any; } lets anyone who reaches the server rewrite the zone; the default update-policy with a TSIG key is safer`);
    } else {
      lines.push('  update-policy {', `    grant ${confString(keyName)} name ${vlmcsOwner(domain)}. SRV;`);
      const names = [...new Set(hosts.filter((h) => ownDomain(h.name) === domain).map((h) => h.name))].sort(compareNames);
      for (const name of names) lines.push(`    grant ${confString(keyName)} name ${name}. A AAAA;`);
      lines.push('  };');
    }
    lines.push('};');
  }
  if (!context.allowUpdateAny && !context.key) warnings.push('the key clause holds a placeholder secret: pass --key FILE (from tsig-keygen) or paste the secret before loading');
  return { text: `${lines.join('\n')}\n`, warnings, secret: !context.allowUpdateAny };
}

export const namedConfRenderer: Renderer = {
  format: 'named-conf',
  description: 'named.conf zone clauses with a TSIG update-policy limited to the KMS names, and the key clause',
  render,
};
