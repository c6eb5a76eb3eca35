// The one place a resolver's settings come from: what the flags say, and resolv.conf for the rest
// (`nameserver`, `options timeout:` / `attempts:` / `use-vc`). lookup, discover, doctor and audit all
// build their resolver from here, so one resolv.conf means the same servers and rules for each.
import type { ResolvConf } from './resolv-conf.js';
import type { ResolverOptions, ServerAddress } from './types.js';

export interface ResolverFlags {
  /** `--server`, already parsed (parseServerFlag), so bad input fails before any traffic. */
  servers?: ServerAddress[];
  timeoutMs?: number;
  attempts?: number;
  /** `--tcp`. */
  tcp?: boolean;
}

/** Flags first; resolv.conf is read only when a flag is missing, and then its `use-vc` applies too. */
export async function resolverSettings(flags: ResolverFlags, loadConf: () => Promise<ResolvConf>): Promise<ResolverOptions> {
  const complete = flags.servers !== undefined && flags.timeoutMs !== undefined && flags.attempts !== undefined;
  const conf = complete ? undefined : await loadConf();
  return {
    servers: flags.servers ?? conf!.servers,
    timeoutMs: flags.timeoutMs ?? conf!.timeoutMs,
    attempts: flags.attempts ?? conf!.attempts,
    tcp: (flags.tcp ?? false) || (conf?.useVc ?? false),
  };
}
