// The one contract every output format follows (`kms-srv generate FORMAT`). Renderers are pure:
// the plan and the context in, text out. The clock reaches them through `now`.
import type { Plan, PlanHost } from '../plan/types.js';

/** A TSIG key as `tsig-keygen` writes it (`--key FILE`). */
export interface RenderKey {
  name: string;
  algorithm: string;
  /** Base64 secret. */
  secret: string;
}

/** Everything a renderer reads besides the plan: the host or domain chosen, the server, the key, the date. */
export interface RenderContext {
  /** Used for SOA serials (YYYYMMDDnn). */
  now: Date;
  /** `--host NAME`: only this host (registry formats; the DNS formats keep only its records). */
  host?: string;
  /** `--legacy`: Vista / 2008 `SL` key, entries without priority or weight. */
  legacy?: boolean;
  /** `--delete`: nsupdate / dnscmd delete script instead of add. */
  delete?: boolean;
  /** `--allow-update-any`: named.conf with allow-update { any; } (warned). */
  allowUpdateAny?: boolean;
  /** Serial of the file being replaced (zone format raises past it). */
  previousSerial?: number;
  /** `--domain D`: only this domain (required by `zone` when the plan has several). */
  domain?: string;
  /** `--key FILE`: the real TSIG key for `named-conf` (otherwise a placeholder secret). */
  key?: RenderKey;
  /** `--server HOST[:PORT]`: a `server` line for nsupdate, the server argument for dnscmd. */
  server?: string;
}

/** What a renderer made: the text, and warnings for the person running it. */
export interface RenderOutput {
  text: string;
  /**
   * The file's bytes when they are not `text` in UTF-8 (.reg: UTF-16LE with a byte order mark, as
   * regedit exports). Standard output always gets `text`.
   */
  bytes?: Uint8Array;
  /** Printed on stderr by `generate`; never part of the artefact. */
  warnings: string[];
  /** The text holds a secret, or a place to paste one (a TSIG key clause): a file written from it is 0600. */
  secret?: boolean;
}

/** One file of a several-file output (`generate --output-dir`). */
export interface RenderFile {
  /** A bare file name, no directory part. */
  name: string;
  output: RenderOutput;
}

/** One output format of `generate`: a pure function from a plan to text, with a name and a description. */
export interface Renderer {
  format: string;
  /** One line for `generate --help`. */
  description: string;
  /** Host-side formats refuse several hosts here (each host needs its own values): see `perHost`. */
  render(plan: Plan, context: RenderContext): RenderOutput;
  /**
   * Host-side formats: the values differ per host, so several hosts go into one file each,
   * `<host>.<extension>` (renderHostFiles), plus any `shared` files (powershell's DNS-server part).
   */
  perHost?: {
    extension: string;
    render(plan: Plan, host: PlanHost, context: RenderContext): RenderOutput;
    shared?(plan: Plan, context: RenderContext): RenderFile[];
  };
}
