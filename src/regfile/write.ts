// The .reg writer: a pure function from the document model to `Windows Registry Editor Version 5.00`
// text with CRLF line ends. Hex data is wrapped exactly as regedit wraps it (see wrapHex).
import { KmsSrvError } from '../util/errors.js';
import { multiStringBytes, qwordBytes, stringBytes } from './bytes.js';
import { REG_ROOTS, type RegDocument, type RegKey, type RegValue } from './types.js';

const REG5_HEADER = 'Windows Registry Editor Version 5.00';
const CRLF = '\r\n';

/**
 * regedit's rule (Wine's regproc.c `export_hex_data` mirrors it: MAX_HEX_CHARS 77): a column counter
 * starts at the width of `"Name"=hex(7):`; after each byte that is followed by a comma it grows by 3;
 * once it reaches 77 the line ends with `\` and the next starts with two spaces (counter 2). So
 * continuation lines carry 25 bytes (2 + 25 × 3 = 77 characters, 78 with the backslash) and the first
 * line fewer, depending on the name's length.
 */
const MAX_HEX_COLUMN = 77;

export function writeReg(doc: RegDocument): string {
  const lines: string[] = [REG5_HEADER, ''];
  for (const key of doc.keys) {
    checkKey(key);
    for (const comment of key.comments ?? []) {
      if (/[\r\n]/.test(comment)) throw invalid(`comment before [${key.path}] contains a line break`);
      lines.push(comment === '' ? ';' : `; ${comment}`);
    }
    lines.push(key.delete ? `[-${key.path}]` : `[${key.path}]`);
    for (const value of key.values) lines.push(writeValue(key.path, value));
    lines.push('');
  }
  return lines.join(CRLF) + CRLF;
}

function checkKey(key: RegKey): void {
  const root = key.path.split('\\', 1)[0] ?? '';
  if (!(REG_ROOTS as readonly string[]).includes(root)) {
    throw invalid(`key "${key.path}" must start with one of ${REG_ROOTS.join(', ')}`);
  }
  if (/[\r\n]/.test(key.path) || key.path.split('\\').some((part) => part === '')) {
    throw invalid(`key "${key.path}" has an empty part or a line break`);
  }
  if (key.delete && key.values.length > 0) throw invalid(`deleted key [-${key.path}] cannot carry values`);
}

function writeValue(keyPath: string, value: RegValue): string {
  if (/[\r\n]/.test(value.name)) throw invalid(`a value name under [${keyPath}] contains a line break`);
  const head = value.name === '' ? '@=' : `"${escapeRegString(value.name)}"=`;
  const where = `value "${value.name}" under [${keyPath}]`;
  switch (value.type) {
    case 'DELETE':
      return `${head}-`;
    case 'REG_SZ':
      if (value.data.includes('\0')) throw invalid(`${where}: REG_SZ data cannot contain NUL`);
      // A quoted string cannot hold a line break; regedit falls back to hex(1) for such data.
      if (/[\r\n]/.test(value.data)) return head + wrapHex(head.length, 1, stringBytes(value.data));
      return `${head}"${escapeRegString(value.data)}"`;
    case 'REG_EXPAND_SZ':
      if (value.data.includes('\0')) throw invalid(`${where}: REG_EXPAND_SZ data cannot contain NUL`);
      return head + wrapHex(head.length, 2, stringBytes(value.data));
    case 'REG_MULTI_SZ':
      for (const item of value.data) {
        if (item === '' || item.includes('\0')) {
          throw invalid(`${where}: REG_MULTI_SZ entries must be non-empty and without NUL`);
        }
      }
      return head + wrapHex(head.length, 7, multiStringBytes(value.data));
    case 'REG_DWORD':
      if (!Number.isInteger(value.data) || value.data < 0 || value.data > 0xffffffff) {
        throw invalid(`${where}: REG_DWORD must be a whole number 0..4294967295, got ${value.data}`);
      }
      return `${head}dword:${value.data.toString(16).padStart(8, '0')}`;
    case 'REG_QWORD':
      if (value.data < 0n || value.data > 0xffffffffffffffffn) {
        throw invalid(`${where}: REG_QWORD must be 0..2^64-1, got ${value.data}`);
      }
      return head + wrapHex(head.length, 0xb, qwordBytes(value.data));
    case 'REG_BINARY':
      return head + wrapHex(head.length, 3, value.data);
    case 'REG_HEX':
      if (!Number.isInteger(value.typeCode) || value.typeCode < 0 || value.typeCode > 0xffffffff) {
        throw invalid(`${where}: type code must be 0..4294967295, got ${value.typeCode}`);
      }
      return head + wrapHex(head.length, value.typeCode, value.data);
  }
}

/** `hex:` for REG_BINARY (3), `hex(N):` otherwise, then the bytes wrapped by regedit's rule. */
function wrapHex(nameWidth: number, typeCode: number, bytes: Uint8Array): string {
  const prefix = typeCode === 3 ? 'hex:' : `hex(${typeCode.toString(16)}):`;
  let column = nameWidth + prefix.length;
  let out = prefix;
  bytes.forEach((byte, i) => {
    out += byte.toString(16).padStart(2, '0');
    if (i === bytes.length - 1) return;
    out += ',';
    column += 3;
    if (column >= MAX_HEX_COLUMN) {
      out += `\\${CRLF}  `;
      column = 2;
    }
  });
  return out;
}

/** Inside quotes only the backslash and the double quote are escaped (as regedit does). */
function escapeRegString(text: string): string {
  return text.replace(/[\\"]/g, (c) => `\\${c}`);
}

function invalid(message: string): KmsSrvError {
  return new KmsSrvError('INPUT_INVALID', `cannot write .reg: ${message}`);
}
