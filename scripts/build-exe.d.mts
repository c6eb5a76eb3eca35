// Types for build-exe.mjs.
export declare const EXE_DIR: string;
export interface BuiltExecutable {
  path: string;
  bytes: number;
  windows: boolean;
}
export declare function buildExecutables(options?: { outDir?: string; only?: 'windows' | 'linux'; bundle?: string }): Promise<BuiltExecutable[]>;
