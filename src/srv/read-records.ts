// Reads a records file, or standard input for "-": the I/O edge in front of parseRecordsJson.
import path from 'node:path';
import { readTextFile } from '../util/atomic-write.js';
import { usageError } from '../util/errors.js';
import { parseRecordsJson } from './records-json.js';
import type { SrvRecord } from './types.js';

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function readRecords(file: string, cwd: string, stdin: NodeJS.ReadableStream | undefined): Promise<SrvRecord[]> {
  if (file === '-') {
    if (!stdin) throw usageError('--records - needs standard input');
    return parseRecordsJson(await readStream(stdin), 'standard input');
  }
  const resolved = path.resolve(cwd, file);
  return parseRecordsJson(await readTextFile(resolved), file);
}
