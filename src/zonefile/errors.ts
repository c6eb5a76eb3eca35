// Every zone-file problem becomes one located ZONE_SYNTAX error: "file:line:column: message".
import { KmsSrvError, type ErrorCode } from '../util/errors.js';

export interface Position {
  line: number;
  column: number;
}

export function zoneError(file: string, at: Position, message: string, code: ErrorCode = 'ZONE_SYNTAX', cause?: unknown): KmsSrvError {
  return new KmsSrvError(code, `${file}:${at.line}:${at.column}: ${message}`, {
    details: { file, line: at.line, column: at.column },
    ...(cause === undefined ? {} : { cause }),
  });
}
