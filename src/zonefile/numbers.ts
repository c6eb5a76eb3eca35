// Numeric fields: plain decimal integers, and TTL-style durations with BIND's units
// (w d h m s, any case, summed: "1h30m", "1W2d"; a bare number is seconds).

export const MAX_TTL = 2 ** 31 - 1; // RFC 2181 §8
export const MAX_U32 = 2 ** 32 - 1;

const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
const DURATION = /^(?:\d+[wdhms])+$/i;
const DURATION_PART = /(\d+)([wdhms])/gi;

/** Seconds, or undefined when `text` is not a duration at all. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(DURATION_PART)) total += Number(match[1]) * (UNIT_SECONDS[(match[2] as string).toLowerCase()] as number);
  return total;
}

/** True for a token that can only be a TTL in the TTL/class/type position. */
export function looksLikeTtl(text: string): boolean {
  const first = text.charCodeAt(0);
  return first >= 48 && first <= 57;
}

/** A plain decimal integer, or undefined. */
export function parseInteger(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
