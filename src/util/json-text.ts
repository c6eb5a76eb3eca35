// `JSON.stringify(value, null, 2)` in pieces, for reports too large to be one string (V8 caps a
// string near 512 MiB: a check-zone report of two million SRV records passes it). The top levels
// are walked; below `depth` each value is stringified whole and indented to its place.

function stringifyAt(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  // A JSON string never holds a raw line feed, so every line feed is a line break of the layout.
  return text === undefined || indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}

/** The same text as `JSON.stringify(value, null, 2)`, as a sequence of pieces (plain data only). */
export function* jsonPieces(value: unknown, depth = 6, indent = ''): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    yield stringifyAt(value, indent) ?? 'null';
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      const item: unknown = value[i];
      // As JSON.stringify: what has no JSON form is null inside an array.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonPieces(item, depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(item, depth - 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}
