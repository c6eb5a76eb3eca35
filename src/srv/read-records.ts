// Reads a records file, or standard input for "-": the I/O edge in front of parseRecordsJson.
import path from 'node:path';
import { usageError } from '../util/errors.js';
import { MIB, readInputText, type InputLimits } from '../util/input-file.js';
import { parseRecordsJson } from './records-json.js';
import type { SrvRecord } from './types.js';

/** docs/behaviour.md#input-limits. */
const RECORDS_LIMITS = { maxBytes: 64 * MIB } as const satisfies InputLimits;

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > RECORDS_LIMITS.maxBytes) throw usageError(`--records -: standard input holds more than the limit of ${RECORDS_LIMITS.maxBytes / MIB} MiB`);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readRecords(file: string, cwd: string, stdin: NodeJS.ReadableStream | undefined): Promise<SrvRecord[]> {
  if (file === '-') {
    if (!stdin) throw usageError('--records - needs standard input');
    return parseRecordsJson(await readStream(stdin), 'standard input');
  }
  const resolved = path.resolve(cwd, file);
  return parseRecordsJson(await readInputText(resolved, RECORDS_LIMITS), file);
}
