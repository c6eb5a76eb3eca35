// Compact stores kept outside the JavaScript heap, for readers of very large inputs (a zone of
// millions of records): numbers as variable-length bytes and interned strings, both in fixed chunks so
// that a store grows without copying what it holds (a doubling array would have old and new alive at
// once), and neither leaves millions of small objects for the garbage collector to trace.

/** Bytes per chunk (64 KiB): large enough to be few, small enough that the last one wastes little. */
const CHUNK_BITS = 16;
const CHUNK_BYTES = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_BYTES - 1;

/**
 * An append-only byte stream of unsigned integers, each written in 7-bit groups (LEB128), read back
 * from any position written down earlier. Positions are below 2^32 (64 Ki chunks of 64 KiB).
 */
export class VarintChunks {
  private readonly chunks: Uint8Array[] = [];
  private chunk = new Uint8Array(0);
  private used = CHUNK_BYTES;
  /** Where `read` continues. */
  cursor = 0;

  /** Where the next byte goes. */
  get position(): number {
    return (this.chunks.length - 1) * CHUNK_BYTES + this.used;
  }

  private byte(value: number): void {
    if (this.used === CHUNK_BYTES) {
      this.chunk = new Uint8Array(CHUNK_BYTES);
      this.chunks.push(this.chunk);
      this.used = 0;
    }
    this.chunk[this.used++] = value;
  }

  /** Appends a whole number from 0 to 2^53 - 1. */
  write(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  /** Reads the number at `cursor` and moves past it. */
  read(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const at = this.cursor++;
      const b = (this.chunks[at >>> CHUNK_BITS] as Uint8Array)[at & CHUNK_MASK] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }
}

/** Growable array of 32-bit unsigned integers, in chunks (nothing copied as it grows). */
export class U32Chunks {
  private readonly chunks: Uint32Array[] = [];
  length = 0;

  push(value: number): void {
    if (this.length >>> (CHUNK_BITS - 2) === this.chunks.length) this.chunks.push(new Uint32Array(CHUNK_BYTES >> 2));
    this.set(this.length++, value);
  }

  get(i: number): number {
    return (this.chunks[i >>> (CHUNK_BITS - 2)] as Uint32Array)[i & (CHUNK_MASK >> 2)] as number;
  }

  set(i: number, value: number): void {
    (this.chunks[i >>> (CHUNK_BITS - 2)] as Uint32Array)[i & (CHUNK_MASK >> 2)] = value;
  }
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Strings by id (0, 1, 2 … in the order added), each stored as bytes: one byte a character when every
 * character is below U+0100 (domain names in presentation form and addresses always are), else two.
 */
export class StringList {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK_BYTES;
  /** Per id: chunk number × 2^16 + offset of its bytes. */
  private readonly starts = new U32Chunks();
  /** Per id: byte length × 2, plus 1 when stored two bytes a character. */
  private readonly shapes = new U32Chunks();

  get size(): number {
    return this.starts.length;
  }

  /** Stores `text`; its id. */
  add(text: string): number {
    let wide = false;
    for (let i = 0; i < text.length && !wide; i++) wide = text.charCodeAt(i) > 0xff;
    const bytes = (wide ? 2 : 1) * text.length;
    // A string never spans two chunks; one longer than a chunk gets a chunk of its own size.
    if (this.chunks.length === 0 || this.used + bytes > CHUNK_BYTES) {
      this.chunks.push(Buffer.alloc(Math.max(CHUNK_BYTES, bytes)));
      this.used = 0;
    }
    const chunkNumber = this.chunks.length - 1;
    (this.chunks[chunkNumber] as Buffer).write(text, this.used, wide ? 'utf16le' : 'latin1');
    this.starts.push(chunkNumber * CHUNK_BYTES + this.used);
    this.shapes.push(bytes * 2 + (wide ? 1 : 0));
    this.used = bytes > CHUNK_BYTES ? CHUNK_BYTES : this.used + bytes;
    return this.starts.length - 1;
  }

  /** The string of `id`. */
  text(id: number): string {
    const start = this.starts.get(id);
    const shape = this.shapes.get(id);
    const chunk = this.chunks[start >>> CHUNK_BITS] as Buffer;
    const from = start & CHUNK_MASK;
    return chunk.toString(shape & 1 ? 'utf16le' : 'latin1', from, from + (shape >>> 1));
  }

  /** Whether string `id` is `text`, compared in place (no string made). */
  holds(id: number, text: string): boolean {
    const shape = this.shapes.get(id);
    const wide = (shape & 1) === 1;
    if (shape >>> 1 !== (wide ? 2 : 1) * text.length) return false;
    const start = this.starts.get(id);
    const chunk = this.chunks[start >>> CHUNK_BITS] as Buffer;
    const from = start & CHUNK_MASK;
    for (let i = 0; i < text.length; i++) {
      const code = wide ? (chunk[from + 2 * i] as number) | ((chunk[from + 2 * i + 1] as number) << 8) : (chunk[from + i] as number);
      if (code !== text.charCodeAt(i)) return false;
    }
    return true;
  }
}

/**
 * Distinct strings by id (0, 1, 2 … in the order first seen), each stored once (StringList) and found
 * by a hash index over the bytes: looking a string up makes no string; `text(id)` makes one.
 */
export class StringTable {
  private readonly list = new StringList();
  /** Open addressing: id + 1 per slot, 0 for an empty one; at most half full. */
  private slots = new Uint32Array(1024);

  get size(): number {
    return this.list.size;
  }

  /** The id of `text`, or undefined when it was never added. */
  find(text: string): number | undefined {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(text) & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot] as number;
      if (held === 0) return undefined;
      if (this.list.holds(held - 1, text)) return held - 1;
    }
  }

  /** The id of `text`, added when new. */
  id(text: string): number {
    const known = this.find(text);
    if (known !== undefined) return known;
    const id = this.list.add(text);
    if (2 * (id + 1) > this.slots.length) {
      // Hashes are not kept (4 bytes a string saved): a rehash, rare, works them out again.
      this.slots = new Uint32Array(this.slots.length * 2);
      for (let old = 0; old <= id; old++) this.place(old, hashOf(this.list.text(old)));
    } else {
      this.place(id, hashOf(text));
    }
    return id;
  }

  /** The string of `id`. */
  text(id: number): string {
    return this.list.text(id);
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }
}
