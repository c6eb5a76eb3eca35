// The one table of output formats. `generate` and the public API look renderers up here; an unknown
// format is an error that lists the known ones. Registry formats (src/render/registry/,
// src/render/powershell.ts) add their rows to RENDERERS.
import { KmsSrvError } from '../util/errors.js';
import { findHost } from './records.js';
import { bindRenderer } from './bind.js';
import { dnscmdRenderer } from './dnscmd.js';
import { dnsmasqRenderer } from './dnsmasq.js';
import { namedConfRenderer } from './named-conf.js';
import { nsupdateRenderer } from './nsupdate.js';
import { powershellRenderer } from './powershell.js';
import { regAddRenderer } from './registry/reg-add.js';
import { regClientRenderer, regRenderer } from './registry/reg.js';
import type { RenderContext, RenderFile, Renderer } from './types.js';
import type { Plan } from '../plan/types.js';
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

// Names Windows keeps for devices (CON, NUL, COM1, …), even with an extension after them.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * `<host>.<extension>` for one host's file. Plan host names are already letters, digits, hyphens and
 * dots; this keeps a file name from ever holding a path separator or naming a Windows device.
 */
export function hostFileName(hostName: string, extension: string): string {
  const first = hostName.split('.', 1)[0] ?? '';
  if (!/^[a-z0-9][a-z0-9.-]*$/i.test(hostName) || WINDOWS_DEVICE.test(first)) {
    throw new KmsSrvError('INPUT_INVALID', `host ${JSON.stringify(hostName.slice(0, 80))} cannot name a file (letters, digits, hyphens and dots only; no Windows device name such as CON)`, {
      details: { host: hostName.slice(0, 80) },
    });
  }
  return `${hostName}.${extension}`;
}

/** The formats whose values differ per host (one file per host with `generate --output-dir`). */
export function hostSideFormats(): string[] {
  return RENDERERS.filter((r) => r.perHost).map((r) => r.format);
}

/** `--output-dir` given for a format that writes one file. */
export function notHostSide(format: string): KmsSrvError {
  return new KmsSrvError('USAGE', `--output-dir is for the host-side formats (${hostSideFormats().join(', ')}); ${format} writes one file: -o FILE`, { details: { format } });
}

/**
 * A host-side format as one file per host (`--host` keeps one), then its shared files; any other
 * format is a usage error (it writes one file).
 */
export function renderHostFiles(renderer: Renderer, plan: Plan, context: RenderContext): RenderFile[] {
  const perHost = renderer.perHost;
  if (!perHost) throw notHostSide(renderer.format);
  const hosts = context.host === undefined ? plan.hosts : [findHost(plan, context.host)];
  const files = hosts.map((host) => ({ name: hostFileName(host.name, perHost.extension), output: perHost.render(plan, host, context) }));
  return [...files, ...(perHost.shared?.(plan, context) ?? [])];
}

export type { RenderContext, RenderFile, RenderOutput, Renderer } from './types.js';
