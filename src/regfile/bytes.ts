// Byte encodings of the string types: REG_SZ / REG_EXPAND_SZ are UTF-16LE with one NUL terminator;
// REG_MULTI_SZ is each string NUL-terminated plus a final NUL (so the data ends in a double NUL).
import { decodeInputText } from '../util/text-encoding.js';

export function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf16le'));
}

export function stringBytes(text: string): Uint8Array {
  return utf16le(`${text}\0`);
}

export function multiStringBytes(items: readonly string[]): Uint8Array {
  // An empty list is stored as a lone terminator, as regedit writes it.
  return utf16le(items.length === 0 ? '\0' : `${items.join('\0')}\0\0`);
}

/** Decodes REG_SZ bytes; the data ends at the first NUL (what Windows reads). */
export function decodeString(bytes: Uint8Array, wide: boolean): string {
  const text = wide ? Buffer.from(bytes).toString('utf16le') : Buffer.from(bytes).toString('latin1');
  const end = text.indexOf('\0');
  return end === -1 ? text : text.slice(0, end);
}

/** Decodes REG_MULTI_SZ bytes: the list ends at the first empty string (double NUL). */
export function decodeMultiString(bytes: Uint8Array, wide: boolean): string[] {
  let text = wide ? Buffer.from(bytes).toString('utf16le') : Buffer.from(bytes).toString('latin1');
  const end = text.indexOf('\0\0');
  if (end !== -1) text = text.slice(0, end);
  else if (text.endsWith('\0')) text = text.slice(0, -1);
  return text === '' ? [] : text.split('\0');
}

export function qwordBytes(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

/** A file's bytes as text: UTF-16LE (BOM or NUL high bytes, as regedit writes) or UTF-8. */
export function decodeRegBytes(bytes: Uint8Array): string {
  // Without a byte order mark, NUL high bytes still say UTF-16LE (a file cut from its mark).
  if (bytes.length >= 2 && bytes[0] !== 0 && bytes[0] !== 0xff && bytes[1] === 0) return Buffer.from(bytes).toString('utf16le');
  return decodeInputText(bytes, 'the .reg file');
}

/** Text as regedit saves it: UTF-16LE with a byte order mark. */
export function encodeRegUtf16(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}
