// A zone file's physical lines, read in fixed chunks so that memory does not grow with the file:
// each line is decoded on its own (a kept token then holds at most its line, never the chunk), and a
// line longer than the bound is refused with the zone error format instead of read on.
import { closeSync, readSync } from 'node:fs';
import { KmsSrvError, fileErrorReason } from '../util/errors.js';
import { zoneError } from './errors.js';
import { Utf8Input } from '../util/text-encoding.js';

/** Bytes read from the file at a time. */
export const ZONE_READ_CHUNK_BYTES = 1 << 16;
/**
 * Longest physical line accepted, in bytes (line feed excluded): a record's RDATA is at most 65535
 * octets on the wire (RFC 1035 §3.2.1), so a longer line is no record (docs/behaviour.md#input-limits).
 */
export const MAX_ZONE_LINE_BYTES = 64 * 1024;

const LF = 10;

/**
 * The lines of the open file `fd` (util/input-file.ts `openInputSync` checked it is a regular file),
 * for one pass; the file is closed when the pass ends, early or not. `file` names it in messages.
 */
export function fileLines(fd: number, file: string): Iterable<string> {
  const buffer = Buffer.allocUnsafe(MAX_ZONE_LINE_BYTES + ZONE_READ_CHUNK_BYTES);
  let start = 0;
  let end = 0;
  // The filled part only, so a search never runs into bytes left over from an earlier chunk.
  let view = buffer.subarray(0, 0);
  // Files saved as UTF-16 (Notepad's "Unicode") are converted to UTF-8 as they are read; a UTF-8
  // byte order mark is dropped. Raw reads are two thirds of the room: UTF-16 grows by half at most.
  const encoding = new Utf8Input(file);
  const raw = Buffer.allocUnsafe(ZONE_READ_CHUNK_BYTES);
  const fill = (): number => {
    if (start > 0) {
      buffer.copyWithin(0, start, end);
      end -= start;
      start = 0;
    }
    let n: number;
    try {
      n = readSync(fd, raw, 0, Math.floor((Math.min(ZONE_READ_CHUNK_BYTES, buffer.length - end) * 2) / 3), null);
    } catch (error) {
      throw new KmsSrvError('FILE_READ', `cannot read zone file ${file}: ${fileErrorReason(error)}`, { cause: error, details: { file } });
    }
    const text = n === 0 ? encoding.end() : encoding.push(raw.subarray(0, n));
    end += text.copy(buffer, end);
    view = buffer.subarray(0, end);
    return n;
  };
  try {
    // The first read happens now, so that a directory or unreadable file fails before parsing starts.
    fill();
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const tooLong = (line: number) => zoneError(file, { line, column: 1 }, `line is longer than ${MAX_ZONE_LINE_BYTES} bytes`);
  function* lines(): Generator<string> {
    try {
      let line = 0;
      for (;;) {
        for (let lf = view.indexOf(LF, start); lf !== -1; lf = view.indexOf(LF, start)) {
          line++;
          if (lf - start > MAX_ZONE_LINE_BYTES) throw tooLong(line);
          yield buffer.toString('utf8', start, lf);
          start = lf + 1;
        }
        if (end - start > MAX_ZONE_LINE_BYTES) throw tooLong(line + 1);
        if (fill() === 0) {
          if (end - start > MAX_ZONE_LINE_BYTES) throw tooLong(line + 1);
          if (end > start) yield buffer.toString('utf8', start, end);
          return;
        }
      }
    } finally {
      closeSync(fd);
    }
  }
  return lines();
}
