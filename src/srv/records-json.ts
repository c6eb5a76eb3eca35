// The records file of `order` and `simulate`: a JSON array of {priority, weight, port, target}
// (optionally ttl), checked once by JSON Schema; one message names the record and the field.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { KmsSrvError } from '../util/errors.js';
import type { SrvRecord } from './types.js';

const uint16 = { type: 'integer', minimum: 0, maximum: 65535 };

/** Host name (labels of letters, digits, '-', '_', at most 63 each), optional trailing dot, or ".". */
const HOST_NAME = '^(\\.|(?!-)[A-Za-z0-9_-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9_-]{1,63}(?<!-))*\\.?)$';

export const RECORDS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'kms-srv SRV records',
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    required: ['priority', 'weight', 'port', 'target'],
    additionalProperties: false,
    properties: {
      priority: uint16,
      weight: uint16,
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      target: { type: 'string', maxLength: 254, pattern: HOST_NAME },
      ttl: { type: 'integer', minimum: 0, maximum: 2147483647 },
    },
  },
} as const;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: false, strict: true }).compile(RECORDS_SCHEMA);
  return compiled;
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `is missing "${String(params.missingProperty)}"`;
    case 'additionalProperties':
      return `has an unknown field "${String(params.additionalProperty)}" (allowed: priority, weight, port, target, ttl)`;
    case 'minimum':
    case 'maximum': {
      const range = error.instancePath.endsWith('/port') ? '1 and 65535' : error.instancePath.endsWith('/ttl') ? '0 and 2147483647' : '0 and 65535';
      return `must be between ${range}`;
    }
    case 'pattern':
    case 'maxLength':
      return 'must be a host name (letters, digits, hyphens, dots) or "."';
    case 'minItems':
      return 'must hold at least one record';
    default:
      return error.message ?? 'is invalid';
  }
}

/** "/2/port" → "records[2].port (JSON pointer /2/port)". */
function where(pointer: string): string {
  const [, index, field] = pointer.split('/');
  if (index === undefined) return 'the document';
  return `records[${index}]${field === undefined ? '' : `.${field}`} (JSON pointer ${pointer})`;
}

/** V8 quotes the start of the bad text in its message, newlines included: keep the message on one line. */
function oneLine(message: string): string {
  return message.replace(/\r?\n/g, '\\n');
}

/** Parses and validates a records document; `source` names it in messages (a file name or "-"). */
export function parseRecordsJson(text: string, source: string): SrvRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new KmsSrvError('RECORDS_INVALID', `${source}: not valid JSON: ${oneLine((error as Error).message)}`, { cause: error, details: { file: source } });
  }
  const validate = validator();
  if (!validate(data)) {
    const error = validate.errors![0]!;
    const subject = error.keyword === 'type' && error.instancePath === '' ? 'the document must be a JSON array of records' : `${where(error.instancePath)} ${error.keyword === 'type' ? `must be ${String((error.params as { type: string }).type)}` : describe(error)}`;
    throw new KmsSrvError('RECORDS_INVALID', `${source}: ${subject}`, { details: { file: source, pointer: error.instancePath } });
  }
  return data as SrvRecord[];
}
