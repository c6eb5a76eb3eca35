// The `kms-srv/testing` entry: tools for testing DNS clients and KMS discovery in a lab, not for
// production use. The responder answers from a zone and can misbehave on purpose (the faults); the
// stand-in accepts a KMS client's connection; the fuzzers feed mutated replies and files to the readers.

// @group Lab servers: a DNS responder with switchable faults, and a KMS host stand-in
export { startResponder, type Fault, type FaultPlan, type ReceivedQuery, type ResponderOptions, type RunningResponder } from './dns/responder.js';
export { startKmsStandIn, type KmsStandIn, type KmsStandInOptions } from './kms/stand-in.js';

// @group Fuzzers: mutated DNS replies for the reply readers, over sockets for the resolver, mutated input files for the file readers
export { fuzzValidate, type FuzzStats } from './dns/fuzz.js';
export { fuzzOverSockets, type SocketFuzzOptions, type SocketFuzzStats } from './dns/fuzz-sockets.js';
export { fuzzFileReader, FILE_READERS, type FileReaderName, type FileFuzzStats } from './cli/fuzz-files.js';
