// JSON.parse keeps the last of two equal keys without a word; YAML (uniqueKeys) refuses them. A plan
// must mean one thing, so a JSON plan with a duplicate key is refused too, naming the JSON pointer
// (RFC 6901) of the second occurrence. Runs over text JSON.parse has already accepted.
import { escapePointer } from './validate.js';

interface Container {
  /** Keys seen so far (objects), or undefined for an array. */
  keys: Set<string> | undefined;
  /** The object key or array index under which the value now being read sits. */
  at: string;
  index: number;
  /** The pointer of the container itself. */
  pointer: string;
}

/** The pointer of the first duplicate key in valid JSON `text`, or undefined when there is none. */
export function firstDuplicateKey(text: string): string | undefined {
  const stack: Container[] = [];
  // After an object key's string comes ":"; any other string is a value.
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const pointer = `${top.pointer}/${escapePointer(key)}`;
        if (top.keys.has(key)) return pointer;
        top.keys.add(key);
        top.at = pointer;
        expectKey = false;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      const pointer = top === undefined ? '' : top.keys ? top.at : `${top.pointer}/${top.index}`;
      stack.push({ keys: c === '{' ? new Set() : undefined, at: pointer, index: 0, pointer });
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}
