// Markdown facts the doc tests share: GitHub's heading anchors and a page's links outside code.

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

/**
 * The anchors of a page: its headings', a repeated heading numbered `-1`, `-2` … as GitHub does, and
 * explicit HTML anchors (`<a id="…">`, which GitHub keeps as `user-content-…` and resolves).
 */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(text)) {
    for (const html of line.matchAll(/<a (?:id|name)="([^"]+)"><\/a>/g)) anchors.add(html[1]!);
    const match = /^#{1,6} (.+)$/.exec(line);
    if (!match) continue;
    const base = anchorOf(match[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The lines of a page outside fenced code blocks. */
export function withoutCode(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    return !fenced && !line.startsWith('```');
  });
}

/** Inline links `[text](target)` outside code (fenced blocks and `code spans`), with their line text. */
export function linksOf(text: string): Array<{ target: string; line: string }> {
  return withoutCode(text).flatMap((line) =>
    [...line.replace(/`[^`]*`/g, '``').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => ({ target: m[1]!, line })),
  );
}
