// How hosts are printed for people: `host:port` as `slmgr /skms` takes it — no root dot, an IPv6
// literal in brackets — while DNS owner names elsewhere keep their trailing dot.
import { KMS_DEFAULT_PORT } from './kms-service.js';

/** "kms1.contoso.com:1688" for "kms1.contoso.com."; "[fd00::1]:1688" for an IPv6 literal. */
export function hostPort(target: string, port: number): string {
  const host = target.endsWith('.') && target !== '.' ? target.slice(0, -1) : target;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** "host", "host:port", "[v6]:port" or a bare IPv6 literal (a client's KeyManagementServiceName[:Port]); port 1688 when absent. */
export function splitHostPort(text: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1] ?? '', port: bracketed[2] ? Number(bracketed[2]) : KMS_DEFAULT_PORT };
  const withPort = /^([^:]+):(\d+)$/.exec(text);
  if (withPort) return { host: withPort[1] ?? '', port: Number(withPort[2]) };
  return { host: text, port: KMS_DEFAULT_PORT };
}
