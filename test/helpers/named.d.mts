// Types for named.mjs (plain JavaScript so the benchmarks can share it).
export interface NamedZone {
  /** Zone apex without trailing dot, e.g. "example.test". */
  name: string;
  /** Zone file text; null declares a zone whose file is missing (BIND answers SERVFAIL). */
  text: string | null;
  /** Extra statements inside the zone clause, e.g. an update-policy. */
  clause?: string;
}

export interface NamedOptions {
  zones: NamedZone[];
  /** Extra top-level statements (key clauses …). */
  extra?: string;
  /** Extra statements inside `options { }`. */
  options?: string;
  /** Files written into named's directory without a zone clause (zones that `extra` declares itself). */
  files?: Array<{ name: string; text: string }>;
  /** The zone whose SOA tells that named is up; default the first of `zones`. */
  probeZone?: string;
  /** named's worker threads (default 1). */
  threads?: number;
  /** Answer recursive queries from loopback (forward zones); off by default. */
  recursion?: boolean;
  /** Milliseconds named may take to load its zones and answer (default 30,000). */
  readyWithinMs?: number;
}

export interface NamedServer {
  host: string;
  port: number;
  dir: string;
  /** "127.0.0.1:PORT" for --server. */
  address: string;
  zoneFile(name: string): string;
  stop(): Promise<void>;
}

export function which(tool: string): string | undefined;
export function freePort(host?: string): Promise<number>;
export function startNamed(options: NamedOptions): Promise<NamedServer>;
