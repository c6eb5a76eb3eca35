// Output of any size goes out 64 KiB at a time, and the next piece is not made before the stream took
// the last: a slow reader (a pager, a pipe) must not make check-zone queue its whole report.
import { describe, expect, it } from 'vitest';
import { writeInPieces, type OutputStream } from '../../src/cli/io.js';

describe('writeInPieces', () => {
  it('writes the pieces in order, in writes of about 64 KiB, and waits for the stream after each', async () => {
    const writes: string[] = [];
    let pulled = 0;
    let release: (() => void) | undefined;
    const stream: OutputStream = {
      write: (text) => void writes.push(text),
      drained: () => new Promise<void>((resolve) => (release = resolve)),
    };
    const piece = 'x'.repeat(20 * 1024);
    function* pieces(): Generator<string> {
      for (let i = 0; i < 8; i++) {
        pulled++;
        yield piece;
      }
    }
    const done = writeInPieces(stream, pieces());
    // Four pieces make the first 64 KiB; the fifth is not pulled until the stream has drained.
    await Promise.resolve();
    expect(pulled).toBe(4);
    expect(writes.map((w) => w.length)).toEqual([4 * piece.length]);
    for (let turn = 0; turn < 3 && release; turn++) {
      const next = release;
      release = undefined;
      next();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    expect(pulled).toBe(8);
    expect(writes.join('')).toBe(piece.repeat(8));
    expect(writes.map((w) => w.length)).toEqual([4 * piece.length, 4 * piece.length, 0]);
  });

  it('writes without waiting to a stream that never makes one wait', async () => {
    const writes: string[] = [];
    await writeInPieces({ write: (text) => void writes.push(text) }, ['a', 'b', 'c']);
    expect(writes.join('')).toBe('abc');
  });
});
