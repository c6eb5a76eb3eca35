// Reads a Windows client's own settings the way sppsvc and the DNS client see them: `reg export` of
// four keys (64-bit view) into a private temporary folder, then WMI through PowerShell where it runs.
// The programs, files and servers are injected (WindowsReaderIo), so the logic in windows-client.ts
// stays pure and tests replace the machine.
import { execFile } from 'node:child_process';
import { getServers } from 'node:dns';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MIB, readInputBytes } from '../util/input-file.js';
import { readWmiProducts, windowsClientConfig, WINDOWS_KEYS, type WindowsClientConfig, type WindowsExports, type WindowsKey, type WmiState } from './windows-client.js';

export interface ProgramResult {
  /** null when the program could not be started or was stopped. */
  status: number | null;
  stdout: string;
  /** What the program said on standard error (reg.exe's reason for a failure). */
  stderr?: string;
  /** Why it did not run (ENOENT, a timeout), when it did not. */
  failure?: string;
}

export interface WindowsReaderIo {
  run(program: string, args: string[], timeoutMs: number): Promise<ProgramResult>;
  /** A new private folder for the exports; removed by `removeDir`. */
  makeTempDir(): Promise<string>;
  removeDir(dir: string): Promise<void>;
  readFile(file: string): Promise<Uint8Array>;
  runtimeServers(): string[];
}

/** A key's export is a few KiB; Tcpip\Parameters with many interfaces stays far below this. */
const EXPORT_LIMITS = { what: 'registry export', maxBytes: 16 * MIB } as const;
const REG_TIMEOUT_MS = 20_000;
/** Keys every Windows has: failing to export one is worth a note. */
const ALWAYS_PRESENT = new Set<WindowsKey>(['spp', 'tcpip']);
/** PowerShell's first start on a cold machine takes seconds. */
const POWERSHELL_TIMEOUT_MS = 30_000;
/** Bounded: ConvertTo-Json of a few dozen products is tens of KiB. */
const MAX_PROGRAM_OUTPUT = 4 * MIB;

/** The properties `slmgr /dlv` shows about KMS, for products with a key installed. */
export const WMI_COMMAND =
  'Get-CimInstance -ClassName SoftwareLicensingProduct -Filter "PartialProductKey IS NOT NULL" | ' +
  'Select-Object Name,LicenseStatus,KeyManagementServiceMachine,KeyManagementServicePort,' +
  'DiscoveredKeyManagementServiceMachineName,DiscoveredKeyManagementServiceMachinePort,DiscoveredKeyManagementServiceMachineIpAddress | ' +
  'ConvertTo-Json -Compress';

export function realWindowsReaderIo(): WindowsReaderIo {
  return {
    run: (program, args, timeoutMs) =>
      new Promise((resolve) => {
        execFile(program, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: MAX_PROGRAM_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
          if (error === null) return resolve({ status: 0, stdout, stderr });
          const code = (error as NodeJS.ErrnoException).code;
          if (typeof code === 'number') return resolve({ status: code, stdout, stderr });
          resolve({ status: null, stdout: '', failure: error.killed ? `stopped after ${timeoutMs} ms` : (code ?? error.message) });
        });
      }),
    makeTempDir: () => mkdtemp(path.join(os.tmpdir(), 'kms-srv-reg-')),
    removeDir: (dir) => rm(dir, { recursive: true, force: true }),
    readFile: (file) => readInputBytes(file, EXPORT_LIMITS),
    runtimeServers: () => getServers(),
  };
}

async function exportKey(io: WindowsReaderIo, dir: string, key: WindowsKey, problems: string[]): Promise<string | Uint8Array | undefined> {
  const file = path.join(dir, `${key}.reg`);
  // /reg:64: the 64-bit view, where sppsvc and the DNS client keep their values, whatever our bitness.
  const result = await io.run('reg.exe', ['export', WINDOWS_KEYS[key], file, '/y', '/reg:64'], REG_TIMEOUT_MS);
  if (result.status === 0) return io.readFile(file);
  // reg.exe exits 1 when the key does not exist (a policy not set), but also when access is denied:
  // for the keys every Windows has, its own words are kept.
  const said = (result.stderr ?? '').trim().split(/\r?\n/)[0]?.slice(0, 200) ?? '';
  if (result.status !== 1) problems.push(`reg export ${WINDOWS_KEYS[key]} failed (${result.failure ?? `exit ${result.status}`})`);
  else if (ALWAYS_PRESENT.has(key)) problems.push(`reg export ${WINDOWS_KEYS[key]}: ${said || 'exit 1'} (if access was denied, run elevated)`);
  return undefined;
}

async function readWmi(io: WindowsReaderIo): Promise<WmiState> {
  const result = await io.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WMI_COMMAND], POWERSHELL_TIMEOUT_MS);
  if (result.status === null) return readWmiProducts(null, `PowerShell could not be run (${result.failure ?? 'unknown reason'})`);
  if (result.status !== 0) return readWmiProducts(null, `PowerShell exited with status ${result.status}`);
  return readWmiProducts(result.stdout);
}

/** This machine's KMS client and DNS settings, each with its source (docs/windows-client.md). */
export async function readWindowsClient(io: WindowsReaderIo = realWindowsReaderIo()): Promise<WindowsClientConfig> {
  const problems: string[] = [];
  const exports: WindowsExports = {};
  const dir = await io.makeTempDir();
  try {
    for (const key of Object.keys(WINDOWS_KEYS) as WindowsKey[]) {
      const exported = await exportKey(io, dir, key, problems);
      if (exported !== undefined) exports[key] = exported;
    }
  } finally {
    await io.removeDir(dir);
  }
  const wmi = await readWmi(io);
  return windowsClientConfig({ exports, runtimeServers: io.runtimeServers(), wmi, problems });
}
