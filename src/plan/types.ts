// The validated, normalised plan (see schema/plan.schema.json). Loading fills every default, so code
// inside the toolkit never sees a missing field.
export interface PlanPublishEntry {
  /** Absolute domain without trailing dot, lower case. */
  domain: string;
  priority: number;
  weight: number;
}

/** One KMS host of a plan: its name, addresses, port, priority and weight. */
export interface PlanHost {
  /** FQDN without trailing dot, lower case. */
  name: string;
  /** TCP port the KMS host listens on (default 1688). */
  port: number;
  ipv4: string[];
  ipv6: string[];
  /**
   * Who writes this host's SRV records: "auto", the host itself by dynamic update; "manual", someone
   * else (a zone file, kms-srv publish), and the host is told not to (docs/behaviour.md#publishing).
   * The host's own `publishing`, else the plan's.
   */
  publishing: 'auto' | 'manual';
  /** Domains to publish in, the host's own domain always included (first when added by default). */
  publish: PlanPublishEntry[];
}

export interface PlanTsigKey {
  /** Key name as in `key "NAME" { … }`. */
  name: string;
  algorithm: 'hmac-sha256' | 'hmac-sha512' | 'hmac-sha1' | 'hmac-md5';
}

/** A validated, normalised plan: the KMS hosts and the domains they are published in. */
export interface Plan {
  /** Default TTL for generated records, seconds. */
  ttl: number;
  /** The default of every host's `publishing` (each host carries its own, filled in by the loader). */
  publishing: 'auto' | 'manual';
  tsigKey?: PlanTsigKey;
  /** Name servers for generated lab zones (FQDN), default ns1.<zone>. */
  nameservers?: string[];
  /** SOA contact for generated lab zones, default hostmaster.<zone>. */
  contact?: string;
  hosts: PlanHost[];
}
