// Types for bundle.mjs.
export declare const BUNDLE_PATH: string;
export declare function bundleCli(outfile?: string): Promise<{ path: string; bytes: number }>;
