// Text inputs as Windows saves them: UTF-8 with or without a byte order mark, or UTF-16LE with its
// mark. One decoder for every reader (whole files, streamed zone files and audit lists, .reg files).
import { StringDecoder } from 'node:string_decoder';
import { KmsSrvError } from './errors.js';

/**
 * An input's bytes as UTF-8, whatever Windows saved them as: UTF-8 with or without a byte order mark
 * (Notepad writes one), or UTF-16LE with its mark (Notepad's "Unicode", regedit, PowerShell 5's `>`).
 * Fed chunk by chunk, so streamed inputs (zone files, audit lists) convert as they are read.
 */
export class Utf8Input {
  private mode: 'pending' | 'utf8' | 'utf16le' = 'pending';
  private head = Buffer.alloc(0);
  private readonly decoder = new StringDecoder('utf16le');
  private highSurrogate = '';

  constructor(private readonly name: string) {}

  /** UTF-8 bytes for `chunk` (possibly none yet, while the byte order mark is undecided). */
  push(chunk: Uint8Array): Buffer {
    if (this.mode !== 'pending') return this.convert(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.head = Buffer.concat([this.head, chunk]);
    return this.head.length < 3 ? Buffer.alloc(0) : this.start();
  }

  /** The bytes held back at the end of the input. */
  end(): Buffer {
    if (this.mode === 'pending') return this.start();
    return this.mode === 'utf16le' ? Buffer.from(this.highSurrogate + this.decoder.end(), 'utf8') : Buffer.alloc(0);
  }

  private start(): Buffer {
    const head = this.head;
    this.head = Buffer.alloc(0);
    if (head[0] === 0xfe && head[1] === 0xff) {
      throw new KmsSrvError('FILE_READ', `cannot read ${this.name}: it is UTF-16 big-endian; save it as UTF-8 or UTF-16 (little-endian, as Notepad's "Unicode")`, { details: { file: this.name } });
    }
    if (head[0] === 0xff && head[1] === 0xfe) {
      this.mode = 'utf16le';
      return this.convert(head.subarray(2));
    }
    this.mode = 'utf8';
    return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  }

  private convert(chunk: Buffer): Buffer {
    if (this.mode !== 'utf16le') return chunk;
    // StringDecoder can hand out the first half of a surrogate pair cut between chunks on its own
    // (when the cut also splits a code unit), which UTF-8 cannot encode: keep it for the next chunk.
    let text = this.highSurrogate + this.decoder.write(chunk);
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return Buffer.from(text, 'utf8');
  }
}

/** Whole input bytes as text (see Utf8Input for the encodings taken). */
export function decodeInputText(bytes: Uint8Array, name: string): string {
  const input = new Utf8Input(name);
  return Buffer.concat([input.push(bytes), input.end()]).toString('utf8');
}

/** The chunks of a stream as UTF-8 (see Utf8Input), for readers that split lines themselves. */
export async function* utf8Chunks(stream: AsyncIterable<unknown>, name: string): AsyncGenerator<Buffer> {
  const input = new Utf8Input(name);
  for await (const chunk of stream) {
    const out = input.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    if (out.length > 0) yield out;
  }
  const last = input.end();
  if (last.length > 0) yield last;
}

