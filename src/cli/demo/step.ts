// What every demo step shares: the context the steps hand on and the indented output. Kept apart from
// the demo command, which loads the steps, so the steps do not import the command back.
import type { CliIo } from '../io.js';
import type { RunningResponder } from '../../dns/responder.js';
import type { QueryResult, ServerAddress } from '../../dns/types.js';
import type { ShippedDemoZone } from './shipped-zones.js';

export interface DemoContext {
  io: CliIo;
  /** The zone the serve step serves, one of zones/. */
  zoneFile: ShippedDemoZone;
  /** Set by the serve step. */
  responder?: RunningResponder;
  server?: ServerAddress;
  /** The zone's apex without the trailing dot, e.g. "example.test". */
  domain?: string;
  /** Set by the lookup step. */
  srv?: QueryResult;
  /** Steps set this to report failure; the demo still cleans up. */
  exitCode: number;
}

export interface DemoStep {
  title: (ctx: DemoContext) => string;
  run: (ctx: DemoContext) => Promise<void>;
}

/** Step output is indented under its numbered title. */
export function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '   ');
}
