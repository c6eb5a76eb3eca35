// Types for windows-node.mjs.
export declare const windowsNodePath: string;
export declare function ensureWindowsNode(): string;
