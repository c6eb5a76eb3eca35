export * from './types.js';
export { parseZoneText, parseZoneFile, streamZone, streamZoneFile, MAX_ZONE_RECORDS, type ParseZoneOptions, type ZoneSummary, type RecordSink } from './parse.js';
export { formatRecord, formatZone, formatRdata, sortRecords, quoteString } from './write.js';
export { bindComparableLines, parseBindDump } from './compare.js';
