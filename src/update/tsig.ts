// TSIG (RFC 8945): sign a request, verify the signed response. Pure: the clock comes in as seconds.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sameName } from '../names/canonical.js';
import { KmsSrvError } from '../util/errors.js';
import { TSIG_ALGORITHMS, type TsigAlgorithm, type TsigKey } from './tsig-key.js';
import { CLASS, HEADER_LENGTH, TYPE, encodeName, readName, walkMessage } from './wire.js';

/** RFC 8945 §5.2.3 recommends 300 seconds. */
const DEFAULT_FUDGE = 300;

/** TSIG error field values (RFC 8945 §3; the RCODEs 1–15 share the table; 0 is no error and never named). */
const TSIG_ERRORS: Record<number, string> = {
  9: 'NOTAUTH',
  16: 'BADSIG',
  17: 'BADKEY',
  18: 'BADTIME',
  22: 'BADTRUNC',
};

function tsigErrorName(code: number): string {
  return TSIG_ERRORS[code] ?? `TSIG_ERROR_${code}`;
}

/** The fields of a TSIG RR (RFC 8945 §4.2) as read from or written to the wire. */
export interface TsigRecord {
  keyName: string;
  algorithmName: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  otherData: Buffer;
}

function uint48(value: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUIntBE(value, 0, 6);
  return b;
}

function u16(value: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(value, 0);
  return b;
}

/** RFC 8945 §4.3.3: the TSIG variables that follow the message in the MAC input. */
function tsigVariables(rec: TsigRecord): Buffer {
  const classTtl = Buffer.alloc(6);
  classTtl.writeUInt16BE(CLASS.ANY, 0);
  classTtl.writeUInt32BE(0, 2);
  return Buffer.concat([
    encodeName(rec.keyName, true),
    classTtl,
    encodeName(rec.algorithmName, true),
    uint48(rec.timeSigned),
    u16(rec.fudge),
    u16(rec.error),
    u16(rec.otherData.length),
    rec.otherData,
  ]);
}

/**
 * The MAC over (request MAC, for responses) + message without its TSIG RR, with the original ID and
 * ARCOUNT as they were before signing + TSIG variables (RFC 8945 §4.3.1–4.3.3).
 */
export function computeMac(key: TsigKey, unsignedMessage: Buffer, rec: TsigRecord, requestMac?: Buffer): Buffer {
  const hmac = createHmac(TSIG_ALGORITHMS[key.algorithm].digest, key.secret);
  if (requestMac) hmac.update(Buffer.concat([u16(requestMac.length), requestMac]));
  const body = Buffer.from(unsignedMessage);
  body.writeUInt16BE(rec.originalId, 0);
  hmac.update(body);
  hmac.update(tsigVariables(rec));
  return hmac.digest();
}

function encodeTsigRr(rec: TsigRecord): Buffer {
  const rdata = Buffer.concat([
    encodeName(rec.algorithmName, true),
    uint48(rec.timeSigned),
    u16(rec.fudge),
    u16(rec.mac.length),
    rec.mac,
    u16(rec.originalId),
    u16(rec.error),
    u16(rec.otherData.length),
    rec.otherData,
  ]);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE.TSIG, 0);
  fixed.writeUInt16BE(CLASS.ANY, 2);
  fixed.writeUInt32BE(0, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([encodeName(rec.keyName, true), fixed, rdata]);
}

export interface SignedMessage {
  message: Buffer;
  /** Needed to verify the response (RFC 8945 §4.3.1). */
  mac: Buffer;
  timeSigned: number;
}

/** Appends a TSIG RR to `message` (which must not carry one). `nowSeconds` is the injected clock. */
export function signMessage(message: Buffer, key: TsigKey, nowSeconds: number, fudge = DEFAULT_FUDGE): SignedMessage {
  if (message.length < HEADER_LENGTH) throw new KmsSrvError('INPUT_INVALID', 'cannot sign a DNS message shorter than its header');
  const rec: TsigRecord = {
    keyName: `${key.name}.`,
    algorithmName: TSIG_ALGORITHMS[key.algorithm].wireName,
    timeSigned: Math.floor(nowSeconds),
    fudge,
    mac: Buffer.alloc(0),
    originalId: message.readUInt16BE(0),
    error: 0,
    otherData: Buffer.alloc(0),
  };
  rec.mac = computeMac(key, message, rec);
  const signed = Buffer.concat([message, encodeTsigRr(rec)]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return { message: signed, mac: rec.mac, timeSigned: rec.timeSigned };
}

/** Splits a message into its TSIG RR (the last additional record) and the message as it was before signing. */
export function extractTsig(message: Buffer): { record: TsigRecord; unsigned: Buffer } | undefined {
  const layout = walkMessage(message);
  const last = layout.records[layout.records.length - 1];
  if (!last || last.section !== 'additional' || last.type !== TYPE.TSIG) return undefined;
  const buf = message;
  const bad = (what: string, offset: number): KmsSrvError =>
    new KmsSrvError('DNS_BADRESP', `malformed TSIG record: ${what} at byte ${offset}`, { details: { offset } });
  const alg = readName(buf, last.rdataStart);
  let pos = alg.next;
  if (pos + 10 > last.end) throw bad('time signed, fudge and MAC size cut short', pos);
  const timeSigned = buf.readUIntBE(pos, 6);
  const fudge = buf.readUInt16BE(pos + 6);
  const macSize = buf.readUInt16BE(pos + 8);
  pos += 10;
  if (pos + macSize + 6 > last.end) throw bad(`MAC of ${macSize} octets runs past the record`, pos);
  const mac = Buffer.from(buf.subarray(pos, pos + macSize));
  pos += macSize;
  const originalId = buf.readUInt16BE(pos);
  const error = buf.readUInt16BE(pos + 2);
  const otherLen = buf.readUInt16BE(pos + 4);
  pos += 6;
  if (pos + otherLen !== last.end) throw bad(`other data length ${otherLen} does not match the record length`, pos - 2);
  const otherData = Buffer.from(buf.subarray(pos, pos + otherLen));
  const unsigned = Buffer.from(buf.subarray(0, last.start));
  unsigned.writeUInt16BE(layout.counts[3] - 1, 10);
  return {
    record: { keyName: last.name, algorithmName: alg.name, timeSigned, fudge, mac, originalId, error, otherData },
    unsigned,
  };
}

export type TsigVerification =
  | { ok: true; timeSigned: number }
  | {
      ok: false;
      /** missing: no TSIG; server-error: the server rejected our signature; the rest: the reply fails our checks. */
      reason: 'missing' | 'server-error' | 'key-mismatch' | 'bad-mac' | 'bad-time' | 'malformed';
      /** The TSIG error name the failure corresponds to (BADSIG, BADKEY, BADTIME …). */
      tsigError: string;
      message: string;
    };

function sameAlgorithm(wireName: string, algorithm: TsigAlgorithm): boolean {
  return wireName.toLowerCase() === TSIG_ALGORITHMS[algorithm].wireName;
}

const SERVER_ERROR_HINTS: Record<string, string> = {
  BADSIG: 'the server could not verify our signature: the secret differs from the server\'s',
  BADKEY: 'the server does not know this key name or algorithm',
  BADTIME: 'the clocks differ by more than the fudge: check the time on this machine and the server',
  BADTRUNC: 'the server rejected the MAC length',
};

/**
 * Checks the TSIG of a response to a request we signed with `key` and `requestMac` (RFC 8945 §5.3.2,
 * client side): key and algorithm, MAC, then time within the fudge. `nowSeconds` is the injected clock.
 */
export function verifyResponse(response: Buffer, key: TsigKey, requestMac: Buffer, nowSeconds: number): TsigVerification {
  let parts: ReturnType<typeof extractTsig>;
  try {
    parts = extractTsig(response);
  } catch (error) {
    return { ok: false, reason: 'malformed', tsigError: 'FORMERR', message: (error as Error).message };
  }
  if (!parts) {
    return { ok: false, reason: 'missing', tsigError: 'BADSIG', message: 'the response carries no TSIG signature, so it cannot be trusted' };
  }
  const { record, unsigned } = parts;
  if (record.error !== 0 && record.mac.length === 0) {
    const name = tsigErrorName(record.error);
    return { ok: false, reason: 'server-error', tsigError: name, message: `TSIG error ${name}: ${SERVER_ERROR_HINTS[name] ?? 'the server rejected the signature'}` };
  }
  // Names compare case-insensitively (RFC 8945 §4.3.3 puts them in canonical form in the MAC input).
  if (!sameName(record.keyName, key.name) || !sameAlgorithm(record.algorithmName, key.algorithm)) {
    return {
      ok: false,
      reason: 'key-mismatch',
      tsigError: 'BADKEY',
      message: `the response is signed with key ${record.keyName} (${record.algorithmName}), not ${key.name}. (${key.algorithm})`,
    };
  }
  const full = TSIG_ALGORITHMS[key.algorithm].macLength;
  // RFC 8945 §5.2.2.1: a truncated MAC must keep at least half the digest and at least 10 octets.
  if (record.mac.length > full || record.mac.length < Math.max(10, Math.ceil(full / 2))) {
    return { ok: false, reason: 'bad-mac', tsigError: 'BADTRUNC', message: `the response MAC is ${record.mac.length} octets, outside the range allowed for ${key.algorithm}` };
  }
  const expected = computeMac(key, unsigned, record, requestMac).subarray(0, record.mac.length);
  if (!timingSafeEqual(expected, record.mac)) {
    return { ok: false, reason: 'bad-mac', tsigError: 'BADSIG', message: 'the response signature does not match: the reply was altered or forged' };
  }
  if (record.error !== 0) {
    const name = tsigErrorName(record.error);
    return { ok: false, reason: 'server-error', tsigError: name, message: `TSIG error ${name}: ${SERVER_ERROR_HINTS[name] ?? 'the server rejected the signature'}` };
  }
  if (Math.abs(Math.floor(nowSeconds) - record.timeSigned) > record.fudge) {
    return {
      ok: false,
      reason: 'bad-time',
      tsigError: 'BADTIME',
      message: `the response was signed at ${record.timeSigned}, more than ${record.fudge} s from our clock (${Math.floor(nowSeconds)})`,
    };
  }
  return { ok: true, timeSigned: record.timeSigned };
}
