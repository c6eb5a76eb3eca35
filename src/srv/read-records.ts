// Reads a records file, or standard input for "-": the I/O edge in front of parseRecordsJson.
import path from 'node:path';
import { usageError } from '../util/errors.js';
import { MIB, readInputStreamText, readInputText, type InputLimits } from '../util/input-file.js';
import { parseRecordsJson } from './records-json.js';
import type { SrvRecord } from './types.js';

/** docs/behaviour.md#input-limits. */
const RECORDS_LIMITS = { maxBytes: 64 * MIB } as const satisfies InputLimits;

export async function readRecords(file: string, cwd: string, stdin: NodeJS.ReadableStream | undefined): Promise<SrvRecord[]> {
  if (file === '-') {
    if (!stdin) throw usageError('--records - needs standard input');
    return parseRecordsJson(await readInputStreamText(stdin, 'standard input', RECORDS_LIMITS), 'standard input');
  }
  const resolved = path.resolve(cwd, file);
  return parseRecordsJson(await readInputText(resolved, RECORDS_LIMITS), file);
}
