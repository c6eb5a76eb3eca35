// The audit line's JSON Schema lists exactly the verdicts the code can give.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../../src/audit/types.js';

describe('schema/audit.schema.json', () => {
  it('has the verdicts of src/audit/types.ts, no more, no fewer', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/audit.schema.json', import.meta.url), 'utf8')) as { properties: { verdict: { enum: string[] } } };
    expect([...schema.properties.verdict.enum].sort()).toEqual([...VERDICTS].sort());
  });
});
