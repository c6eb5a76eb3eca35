// Input quoted in a message is cut to a bounded excerpt: a 200 MB line must not become a 200 MB
// error message (issue 10). The cut is marked with how much was left out.

/** How many characters of any input a message quotes: enough for the longest domain name in text form. */
export const EXCERPT_LENGTH = 256;

/** `text` itself when short, else its first `max` characters and "…(N more characters)". */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  if (text.length <= max) return text;
  let end = max;
  // Never split a surrogate pair: half of one is not a character.
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…(${text.length - end} more characters)`;
}
