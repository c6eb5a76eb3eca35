// The document model shared by the .reg writer and reader: keys in file order, each with its values.
// A value name of "" is the key's default value (written `@`).

/** Registry roots a .reg file may name, spelled out as regedit requires. */
export const REG_ROOTS = [
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
] as const;

export type RegValue =
  | { name: string; type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { name: string; type: 'REG_MULTI_SZ'; data: string[] }
  | { name: string; type: 'REG_DWORD'; data: number }
  | { name: string; type: 'REG_QWORD'; data: bigint }
  | { name: string; type: 'REG_BINARY'; data: Uint8Array }
  /** `hex(N):` for any other type code (REG_NONE = 0, REG_RESOURCE_LIST = 8, …), bytes as stored. */
  | { name: string; type: 'REG_HEX'; typeCode: number; data: Uint8Array }
  /** `"Name"=-`: remove the value. */
  | { name: string; type: 'DELETE' };

export interface RegKey {
  /** Full path from the root, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft`. */
  path: string;
  /** `[-PATH]`: remove the key and everything below it (no values allowed). */
  delete?: boolean;
  /** `;` comment lines written right before the key line (without the `;`). */
  comments?: string[];
  values: RegValue[];
}

export interface RegDocument {
  keys: RegKey[];
}
