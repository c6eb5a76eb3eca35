// How hosts are printed for people: `host:port` as `slmgr /skms` takes it — no root dot, an IPv6
// literal in brackets — while DNS owner names elsewhere keep their trailing dot.

/** "kms1.contoso.com:1688" for "kms1.contoso.com."; "[fd00::1]:1688" for an IPv6 literal. */
export function hostPort(target: string, port: number): string {
  const host = target.endsWith('.') && target !== '.' ? target.slice(0, -1) : target;
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
