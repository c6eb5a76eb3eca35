// The one contract every output format follows (`kms-srv generate FORMAT`). Renderers are pure:
// the plan and the context in, text out. The clock reaches them through `now`.
import type { Plan } from '../plan/types.js';

export interface RenderContext {
  /** Used for SOA serials (YYYYMMDDnn). */
  now: Date;
  /** `--host NAME`: only this host (reg, reg-client, reg-add, powershell). */
  host?: string;
  /** `--legacy`: Vista / 2008 `SL` key, entries without priority or weight. */
  legacy?: boolean;
  /** `--delete`: nsupdate delete script instead of add. */
  delete?: boolean;
  /** `--allow-update-any`: named.conf with allow-update { any; } (warned). */
  allowUpdateAny?: boolean;
  /** Serial of the file being replaced (zone format raises past it). */
  previousSerial?: number;
}

export interface RenderOutput {
  text: string;
  /** Printed on stderr by `generate`; never part of the artefact. */
  warnings: string[];
}

export interface Renderer {
  format: string;
  /** One line for `generate --help`. */
  description: string;
  render(plan: Plan, context: RenderContext): RenderOutput;
}
