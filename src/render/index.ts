// The one table of output formats. `generate` and the public API look renderers up here; an unknown
// format is an error that lists the known ones. Registry formats (src/render/registry/,
// src/render/powershell.ts) add their rows to RENDERERS.
import { KmsSrvError } from '../util/errors.js';
import { bindRenderer } from './bind.js';
import { dnscmdRenderer } from './dnscmd.js';
import { dnsmasqRenderer } from './dnsmasq.js';
import { namedConfRenderer } from './named-conf.js';
import { nsupdateRenderer } from './nsupdate.js';
import { powershellRenderer } from './powershell.js';
import { regAddRenderer } from './registry/reg-add.js';
import { regClientRenderer, regRenderer } from './registry/reg.js';
import type { Renderer } from './types.js';
import { zoneRenderer } from './zone.js';

const RENDERERS: readonly Renderer[] = [
  bindRenderer,
  zoneRenderer,
  namedConfRenderer,
  nsupdateRenderer,
  regRenderer,
  regClientRenderer,
  regAddRenderer,
  powershellRenderer,
  dnscmdRenderer,
  dnsmasqRenderer,
];

/** Format name → renderer, in the order `generate --list` shows them. */
export const renderers: ReadonlyMap<string, Renderer> = new Map(RENDERERS.map((r) => [r.format, r]));

/** The output formats `getRenderer` knows, in the order `generate --list` shows them. */
export function formatNames(): string[] {
  return [...renderers.keys()];
}

/** The renderer for an output format (`bind`, `named-conf`, `nsupdate`, `dnscmd`, `powershell`, `reg`, …); an unknown format throws a `KmsSrvError` that lists the known ones. */
export function getRenderer(format: string): Renderer {
  const renderer = renderers.get(format);
  if (!renderer) {
    throw new KmsSrvError('UNKNOWN_FORMAT', `unknown format "${format}"; known formats: ${formatNames().join(', ')}`, { details: { format } });
  }
  return renderer;
}

export type { RenderContext, RenderOutput, Renderer } from './types.js';
