// `generate reg-add`: one host's values as `reg.exe add` command lines for cmd.exe (several hosts:
// `generate --output-dir`, one file each). REG_MULTI_SZ entries are joined with reg.exe's default
// separator `\0`; /f overwrites without asking. A failing `reg add` (not elevated) ends the script
// with status 1; a machine without the Software Protection service is not an error.
import type { Plan, PlanHost } from '../../plan/types.js';
import type { RegValue } from '../../regfile/types.js';
import { KmsSrvError } from '../../util/errors.js';
import type { RenderContext, RenderOutput, Renderer } from '../types.js';
import { cmdQuote } from '../quote.js';
import { hostSettings, hostWarnings, RESTART_ADVICE, streamHost } from './values.js';

/**
 * `sc query` fails where the service does not exist (measured under Wine, where `net stop sppsvc`
 * exits 1); `net stop` of a stopped service fails too, so only `net start` decides the status.
 */
const RESTART_LINES = [
  'sc query sppsvc >nul 2>&1',
  'if errorlevel 1 (',
  '  echo kms-srv: no Software Protection service here; it reads the values when it starts.',
  ') else (',
  '  net stop sppsvc >nul 2>&1',
  '  net start sppsvc',
  '  if errorlevel 1 exit /b 1',
  ')',
  'exit /b 0',
];

const STOP_ON_FAILURE = 'if errorlevel 1 exit /b 1';

function regAddLine(keyBelowHklm: string, value: RegValue): string {
  const head = `reg add ${cmdQuote(`HKLM\\${keyBelowHklm}`)} /v ${cmdQuote(value.name)}`;
  const tail = '/f';
  switch (value.type) {
    case 'REG_MULTI_SZ':
      return `${head} /t REG_MULTI_SZ /d ${cmdQuote(value.data.join('\\0'))} ${tail}`;
    case 'REG_DWORD':
      return `${head} /t REG_DWORD /d ${value.data} ${tail}`;
    case 'REG_SZ':
      return `${head} /t REG_SZ /d ${cmdQuote(value.data)} ${tail}`;
    default:
      throw new KmsSrvError('INPUT_INVALID', `reg-add does not write ${value.type} values`);
  }
}

function renderHost(_plan: Plan, host: PlanHost, context: RenderContext): RenderOutput {
  const settings = hostSettings(host, context);
  const lines = [
    '@echo off',
    'rem kms-srv: run in an elevated command prompt.',
    `rem KMS host ${host.name}: run on that host only.`,
    ...settings.notes.map((note) => `rem ${note}`),
    // `if errorlevel` rather than `|| exit /b 1`: Wine's cmd exits on `||` even after a success.
    ...settings.values.flatMap((v) => [regAddLine(settings.keyBelowHklm, v), STOP_ON_FAILURE]),
    `rem ${RESTART_ADVICE}`,
    ...RESTART_LINES,
  ];
  return { text: `${lines.join('\r\n')}\r\n`, warnings: hostWarnings(host, context) };
}

export const regAddRenderer: Renderer = {
  format: 'reg-add',
  description: 'KMS host registry values as reg.exe add command lines for one host (run elevated on it)',
  render(plan, context) {
    return renderHost(plan, streamHost(plan, context, 'reg-add'), context);
  },
  perHost: { extension: 'cmd', render: renderHost },
};
