// `generate reg-add`: the same values as `reg.exe add` command lines for cmd.exe. REG_MULTI_SZ entries
// are joined with reg.exe's default separator `\0`; /f overwrites without asking.
import { HOME_DOMAIN_NOTE } from '../../knowledge/registry-values.js';
import type { RegValue } from '../../regfile/types.js';
import { KmsSrvError } from '../../util/errors.js';
import type { Renderer } from '../types.js';
import { cmdQuote } from '../quote.js';
import { selectHosts } from '../records.js';
import { hostSettings, hostWarnings, RESTART_ADVICE, type HostSettings } from './values.js';

const RESTART_COMMAND = 'net stop sppsvc && net start sppsvc';

function regAddLine(keyBelowHklm: string, value: RegValue): string {
  const head = `reg add ${cmdQuote(`HKLM\\${keyBelowHklm}`)} /v ${cmdQuote(value.name)}`;
  switch (value.type) {
    case 'REG_MULTI_SZ':
      return `${head} /t REG_MULTI_SZ /d ${cmdQuote(value.data.join('\\0'))} /f`;
    case 'REG_DWORD':
      return `${head} /t REG_DWORD /d ${value.data} /f`;
    case 'REG_SZ':
      return `${head} /t REG_SZ /d ${cmdQuote(value.data)} /f`;
    default:
      throw new KmsSrvError('INPUT_INVALID', `reg-add does not write ${value.type} values`);
  }
}

function section(settings: HostSettings, title: string): string[] {
  return [`rem ${title}`, `rem ${HOME_DOMAIN_NOTE}`, ...settings.values.map((v) => regAddLine(settings.keyBelowHklm, v)), `rem ${RESTART_ADVICE}`, RESTART_COMMAND];
}

export const regAddRenderer: Renderer = {
  format: 'reg-add',
  description: 'KMS host registry values as reg.exe add command lines (run elevated on each host)',
  render(plan, context) {
    const hosts = selectHosts(plan, context);
    const lines = ['@echo off', 'rem kms-srv: run in an elevated command prompt.'];
    for (const host of hosts) {
      lines.push('', ...section(hostSettings(plan, host, context), `KMS host ${host.name}: run on that host only.`));
    }
    return { text: `${lines.join('\r\n')}\r\n`, warnings: hostWarnings(hosts, context) };
  },
};

