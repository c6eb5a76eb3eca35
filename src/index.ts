// Public API of the kms-srv package (re-exports only; each area adds its lines).
export { writeReg } from './regfile/write.js';
export { readReg, type ReadRegOptions } from './regfile/read.js';
export { encodeRegUtf16 } from './regfile/bytes.js';
export type { RegDocument, RegKey, RegValue } from './regfile/types.js';
export {
  readKmsClientSettings,
  parsePublishEntry,
  type KmsRegistrySettings,
  type KmsPinnedHost,
  type PublishListEntry,
} from './regfile/kms-settings.js';
export { discover, domainsToSearch, cacheKeyFor, manualHostInForce } from './kms/discovery.js';
export { runDiscover, toDiscoverJson, parseKmsHost, type DiscoverOptions, type DiscoverRunDeps, type DiscoverReport } from './kms/run-discover.js';
export { formatDiscoverText } from './kms/discover-text.js';
export { createProbe, type ProbeKind } from './kms/probe.js';
export { encodeBind, decodeBindReply, KMS_INTERFACE, NDR_TRANSFER_SYNTAX } from './kms/rpc-bind.js';
export { createHostCache, loadHostCache, parseHostCache, saveHostCache, type HostCache, type HostCacheFile } from './kms/host-cache.js';
export { startKmsStandIn, type KmsStandIn, type KmsStandInOptions } from './kms/stand-in.js';
export { EVENTS, DNS_EVENTS, clientError, eventOfRcode, describeClientCode, type ClientEvent, type DnsEvent, type ClientSituation, type DomainOutcome } from './knowledge/client-error.js';
export type * from './kms/types.js';
export { runUpdate, updateExitCode, type UpdateOptions, type UpdateDeps, type UpdateMode, type ZoneOutcome, type ZoneResult, type ZoneFailure } from './update/publish.js';
export { parseTsigKeys, loadTsigKeys, selectTsigKey, TSIG_ALGORITHMS, type TsigKey, type TsigAlgorithm } from './update/tsig-key.js';
export { signMessage, verifyResponse, extractTsig, computeMac, type TsigRecord, type TsigVerification, type SignedMessage } from './update/tsig.js';
export { buildUpdate, prerequisitesFor, type UpdateRequest, type Prerequisite } from './update/build.js';
export { planZones, presentRecord, type UpdateRecord, type ZoneRecords, type RrsetId } from './update/records.js';
export { publishChanges, unpublishChanges, type Change } from './update/diff.js';
export { cryptoRng, seededRng, parseSeed, type Rng } from './util/random.js';
export { orderRecords, orderIndices, drawPosition, priorityGroups, offersService } from './srv/select.js';
export {
  firstPickShares,
  firstPickFractions,
  orderProbabilities,
  orderFractions,
  positionShares,
  drawFractions,
  MAX_ENUMERATED_RECORDS,
  type OrderFraction,
} from './srv/probability.js';
export { type Fraction } from './srv/fraction.js';
export { chiSquarePValue, chiSquareCritical, goodnessOfFit, type GoodnessOfFit } from './srv/chi-square.js';
export { parseRecordsJson, RECORDS_SCHEMA } from './srv/records-json.js';
export type { SrvRecord, ClientProfile } from './srv/types.js';
export { simulate } from './sim/simulate.js';
export { DEFAULT_TIMING, type SimulationInput, type SimulationReport, type SimulationTiming, type HostReport, type Outage } from './sim/types.js';
export { CHECKS, CHECK_IDS, checkById, runChecks, clientErrorCode, summarize, buildReport, renderReportText, reportExitCode, factsFromZone, renderChecksMarkdown, SEVERITIES } from './checks/index.js';
export type { Check, CheckWhere, Finding, Severity, Facts, DomainFact, SrvFact, NsAnswerFact, ProbeFact, ClientFact, CheckReport, RunWhere, SeveritySummary } from './checks/index.js';
export { CODES, findCode, codeByHex, codeByDecimal, codeByName, nearestCodes, formatCode, type CodeEntry } from './knowledge/codes.js';
export { AVMA_MATRIX, AVMA_KEYS, AVMA_VERSIONS, AVMA_EDITIONS, AVMA_NOTIFICATIONS, AVMA_EVENTS, avmaKey, checkAvma, parseAvmaVersion, parseAvmaEdition, type AvmaVerdict } from './knowledge/avma.js';
export { loadPlan, parsePlan, loadPlanDetailed, parsePlanDetailed, planProblems, type LoadedPlan } from './plan/load.js';
export type { PlanProblem } from './plan/validate.js';
export type { Plan, PlanHost, PlanPublishEntry, PlanTsigKey } from './plan/types.js';
export { getRenderer, renderers, formatNames, renderHostFiles, hostSideFormats, type Renderer, type RenderContext, type RenderOutput, type RenderFile } from './render/index.js';
export { recordsByDomain, type DomainRecords, type SrvRecord as RenderSrvRecord, type AddressRecord } from './render/records.js';
export { zoneSerial, readSoaSerial } from './render/zone.js';
export { runDoctor, type DoctorOptions, type DoctorDeps, type DoctorResult } from './doctor/run-doctor.js';
export { gatherFacts } from './doctor/gather.js';
export { formatDoctorText } from './doctor/text.js';
export { clientFactFromReg, type ClientSettings } from './doctor/client-reg.js';
export type { GatherOptions, GatherDeps, GatherLog, GatherQuery, GatherQueryAt, DoctorProbeKind } from './doctor/types.js';
export type { GatherProbe, ProbeFn, ProbeRequest, ProbeResult } from './gather/probes.js';
export { Resolver, expectAnswers, resolveOrThrow, type ResolverDeps } from './dns/resolver.js';
export type { ServerAddress, ResolverOptions, QueryOptions, QueryResult, DnsRecord } from './dns/types.js';
export { DnsError, isDnsError, dnsOutcome, formatServer, type DnsNodeCode } from './dns/errors.js';
export { parseServer } from './dns/server-address.js';
export { parseResolvConf, loadResolvConf, type ResolvConf } from './dns/resolv-conf.js';
export { startResponder, type Fault, type FaultPlan, type ResponderOptions, type RunningResponder } from './dns/responder.js';
export { parseZoneText, parseZoneFile, formatRecord, formatZone, type ParseZoneOptions, type Zone, type ZoneRecord, type RecordData } from './zonefile/index.js';
export { KmsSrvError, isKmsSrvError, EXIT, type ErrorCode } from './util/errors.js';
export { writeFileAtomic } from './util/atomic-write.js';
export { run } from './cli/program.js';
export { memoryIo, processIo, type CliIo } from './cli/io.js';
