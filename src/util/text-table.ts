// Aligned text columns and counts for people (the --json output is the machine contract).
export type Align = 'left' | 'right';

export interface ColumnOptions {
  /** Per column; left when absent. */
  align?: readonly Align[];
  /** Starts every line. */
  indent?: string;
}

/** Rows as columns two spaces apart, each as wide as its widest cell; no trailing spaces. */
export function alignColumns(rows: ReadonlyArray<readonly string[]>, { align = [], indent = '' }: ColumnOptions = {}): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  const line = (row: readonly string[]): string =>
    indent +
    row
      .map((cell, c) => (align[c] === 'right' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return rows.map(line).join('\n') + '\n';
}

/** A heading row, then the rows, aligned as one table. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[]): string {
  return alignColumns([headers, ...rows], { align });
}

/** "12.50%"; "-" when the share is not a number (a host nobody contacted). */
export function percent(share: number, digits = 2): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : '-';
}


/** "1 record", "3 records": a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
