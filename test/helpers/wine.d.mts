// Types for wine.mjs (plain JavaScript so scripts and benchmarks can share it).
export declare const WINE: string | undefined;
export declare function wineEnv(prefix: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function wineMissing(): boolean;
export declare function createWinePrefix(dir: string): string;
export declare function sharedWinePrefix(): string;
export declare function privateWinePrefix(): string;
export declare function removeWinePrefix(prefix: string): void;
export declare function windowsPath(linuxPath: string): string;
export interface WindowsRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdoutBytes: Buffer;
  stderrBytes: Buffer;
  stdout: string;
  stderr: string;
}
export declare function runWindows(
  prefix: string,
  program: string,
  args?: string[],
  options?: { cwd?: string; env?: Record<string, string>; input?: string | Buffer; timeoutMs?: number },
): WindowsRun;
