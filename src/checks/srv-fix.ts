// The fix a client without SRV records needs, named exactly: the record lines to add at the domain's
// `_vlmcs._tcp` name and the kms-srv commands that make and send them. Pure text from the facts.
import { KMS_DEFAULT_PORT, vlmcsOwner } from '../names/kms-service.js';
import { absoluteName } from '../names/canonical.js';

/** Stands for the KMS host's name when the facts do not know it; angle brackets so it cannot pass for a real name. */
export const HOST_PLACEHOLDER = '<KMS-HOST-FQDN>';
const DEFAULT_TTL = 3600;
/** Characters a domain may show inside a suggested shell command unquoted; anything else is left as DOMAIN. */
const SHELL_SAFE = /^[A-Za-z0-9._-]+$/;

/** The BIND line of one SRV record at `domain`'s `_vlmcs._tcp` name; the host is the placeholder (the facts do not know it). */
export function srvRecordLine(domain: string): string {
  return `${vlmcsOwner(absoluteName(domain))} ${DEFAULT_TTL} IN SRV 0 100 ${KMS_DEFAULT_PORT} ${HOST_PLACEHOLDER}.`;
}

/** The fix for "no SRV record where the client looks", for `domain` (the first the client searches). */
export function srvMissingFix(domain: string): string {
  const plain = domain.replace(/\.$/, '');
  const shown = SHELL_SAFE.test(plain) ? plain : 'DOMAIN';
  return (
    `Add at ${vlmcsOwner(absoluteName(domain))}, in BIND syntax: \`${srvRecordLine(domain)}\` (replace ${HOST_PLACEHOLDER} with the KMS host's full name; one line per host). ` +
    `From a plan that lists the host and ${shown}: \`kms-srv generate bind --plan PLAN --domain ${shown}\` prints these records, ` +
    `\`kms-srv publish --plan PLAN --server PRIMARY --key KEYFILE\` sends them by signed dynamic update. ` +
    'Or let the KMS host publish them itself, or add a domain that has them to the clients\' suffix search list.'
  );
}
