export * from './types.js';
export { parseZoneText, parseZoneFile, type ParseZoneOptions } from './parse.js';
export { formatRecord, formatZone, formatRdata, sortRecords, quoteString } from './write.js';
export { bindComparableLines, parseBindDump } from './compare.js';
