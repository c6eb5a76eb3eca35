// An in-process authoritative responder for labs, the demo and tests: serves parsed zones over UDP and
// TCP on one port. NOT a production DNS server (no wildcards, delegations, zone transfers, rate
// limits or DNSSEC). Its fault switchboard makes it misbehave on purpose, per query, in the ways a real
// network does and BIND cannot be told to.
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from './packet.js';
import type { Zone } from '../zonefile/types.js';
import { formatServer } from './errors.js';
import { frameTcp, TcpMessageReader } from './tcp-framing.js';
import type { Transport } from './transport.js';
import { ZoneIndex } from './zone-answer.js';

/** One way to misbehave for one query. */
export type Fault =
  /** Say nothing. */
  | { kind: 'drop' }
  /** Answer correctly, `ms` later (past the client's timeout, typically). */
  | { kind: 'delay'; ms: number }
  /** Over UDP, an empty answer with TC set; over TCP, the full answer. */
  | { kind: 'truncate' }
  /** A reply with another ID; then the right answer too when `thenAnswer`. */
  | { kind: 'wrong-id'; thenAnswer?: boolean }
  /** A reply to another question (name `wrong.<qname>`); then the right answer when `thenAnswer`. */
  | { kind: 'wrong-question'; thenAnswer?: boolean }
  /** The right answer sent from another UDP port; then from the right port when `thenAnswer`. */
  | { kind: 'other-port'; thenAnswer?: boolean }
  /** An empty answer with this RCODE. */
  | { kind: 'rcode'; rcode: 'SERVFAIL' | 'REFUSED' | 'FORMERR' | 'NXDOMAIN' | 'NOTIMP' }
  /** These bytes (default: the query's ID and a response header followed by junk). */
  | { kind: 'garbage'; bytes?: Buffer }
  /** A reply whose answer owner name is a compression pointer to itself. */
  | { kind: 'pointer-loop' }
  /** TCP: close the connection with a RST. UDP: treated as `drop`. */
  | { kind: 'reset' }
  /**
   * The correct answer with records added to its sections (poison: foreign owners, unrelated
   * addresses), and optionally another RCODE (answers beside NXDOMAIN) or the AA bit cleared.
   */
  | { kind: 'extra'; answers?: dnsPacket.Answer[]; additionals?: dnsPacket.Answer[]; rcode?: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'; authoritative?: boolean };

/** A query the responder received, as a fault plan sees it. */
export interface ReceivedQuery {
  /** 1-based count of queries received by this responder, both transports. */
  n: number;
  transport: Transport;
  id: number;
  name: string;
  type: string;
  edns: boolean;
}

/** Decides, query by query, whether and how to misbehave. */
export type FaultPlan = (query: ReceivedQuery, transport: Transport, n: number) => Fault | undefined;

/** How `startResponder` answers: the zone, the address and port, and the fault plan. */
export interface ResponderOptions {
  zones: Zone | readonly Zone[];
  /** 127.0.0.1 by default; `::1` for IPv6. */
  host?: string;
  /** 0 (default) picks a port free for both UDP and TCP. */
  port?: number;
  faults?: FaultPlan;
  /** Largest UDP reply we send with EDNS (RFC 6891; 1232 as BIND does). */
  maxUdpSize?: number;
}

/** A started responder: its address and port, the queries it received, and `stop`. */
export interface RunningResponder {
  host: string;
  port: number;
  /** "host:port" ("[::1]:port" for IPv6), as `--server` takes it. */
  address: string;
  /** Queries received, oldest first (the last 1000). */
  readonly queries: ReceivedQuery[];
  /** How many queries were received in all, both transports. */
  received(): number;
  stop(): Promise<void>;
}

const FLAG_TC = dnsPacket.TRUNCATED_RESPONSE;
const FLAG_AA = dnsPacket.AUTHORITATIVE_ANSWER;
const FLAG_RD = dnsPacket.RECURSION_DESIRED;
const QUERY_LOG_LIMIT = 1000;
const PLAIN_UDP_SIZE = 512;

interface Reply {
  send(message: Buffer): void;
  sendFromOtherPort?(message: Buffer): void;
  reset?(): void;
}

/** Starts an authoritative DNS server on loopback (UDP and TCP) answering from a zone, with a fault plan that can drop, delay, truncate or reset chosen replies, answer with a wrong ID or RCODE, or send garbage; for testing clients against a misbehaving server. */
export async function startResponder(options: ResponderOptions): Promise<RunningResponder> {
  const host = options.host ?? '127.0.0.1';
  const index = new ZoneIndex(Array.isArray(options.zones) ? (options.zones as Zone[]) : [options.zones as Zone]);
  const maxUdpSize = options.maxUdpSize ?? 1232;
  const queries: ReceivedQuery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const connections = new Set<net.Socket>();
  const family = net.isIPv6(host) ? 'udp6' : 'udp4';
  let received = 0;
  let stopped = false;

  /** Build the correct reply to `query` (plus `extra`'s records); `udpLimit` set means truncate above it. */
  function buildReply(query: dnsPacket.DecodedPacket, udpLimit: number | undefined, extra?: Extract<Fault, { kind: 'extra' }>): Buffer {
    const question = query.questions?.[0];
    const clientOpt = query.additionals?.find((a) => a.type === 'OPT');
    const optRecords: dnsPacket.Answer[] = clientOpt ? [{ type: 'OPT', name: '.', udpPayloadSize: maxUdpSize } as dnsPacket.Answer] : [];
    const flags = FLAG_AA | ((query.flags ?? 0) & FLAG_RD);
    const base = { type: 'response' as const, id: query.id, questions: query.questions, additionals: optRecords };
    if (!question || (question.class ?? 'IN') !== 'IN') {
      return dnsPacket.encode({ ...base, flags: flags | rcodeBits('REFUSED') });
    }
    const zoneAnswer = index.answer(question.name, question.type);
    const authoritative = extra?.authoritative ?? zoneAnswer.authoritative;
    const full = dnsPacket.encode({
      ...base,
      flags: (authoritative ? flags : flags & ~FLAG_AA) | rcodeBits(extra?.rcode ?? zoneAnswer.rcode),
      answers: [...zoneAnswer.answers, ...(extra?.answers ?? [])],
      authorities: zoneAnswer.authorities,
      additionals: [...zoneAnswer.additionals, ...(extra?.additionals ?? []), ...optRecords],
    });
    if (udpLimit !== undefined && full.length > udpLimit) {
      // RFC 2181 §9: too big for this datagram, so say so and let the client ask over TCP.
      return dnsPacket.encode({ ...base, flags: flags | FLAG_TC });
    }
    return full;
  }

  function handle(raw: Buffer, transport: Transport, reply: Reply): void {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(raw);
    } catch {
      if (raw.length >= 12) reply.send(headerOnly(raw.readUInt16BE(0), rcodeBits('FORMERR')));
      return;
    }
    if (query.type !== 'query') return;
    const question = query.questions?.[0];
    const clientOpt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
    received++;
    const info: ReceivedQuery = {
      n: received,
      transport,
      id: query.id ?? 0,
      name: question?.name ?? '',
      type: question?.type ?? '',
      edns: clientOpt !== undefined,
    };
    queries.push(info);
    if (queries.length > QUERY_LOG_LIMIT) queries.shift();
    const udpLimit = transport === 'udp' ? (clientOpt ? Math.max(PLAIN_UDP_SIZE, Math.min(clientOpt.udpPayloadSize ?? PLAIN_UDP_SIZE, maxUdpSize)) : PLAIN_UDP_SIZE) : undefined;
    const fault = options.faults?.(info, transport, received);
    const answer = () => reply.send(buildReply(query, udpLimit));
    if (!fault) return answer();
    switch (fault.kind) {
      case 'drop':
        return;
      case 'reset':
        if (reply.reset) reply.reset();
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!stopped) answer();
        }, fault.ms);
        timers.add(timer);
        return;
      }
      case 'truncate':
        if (transport === 'udp') reply.send(dnsPacket.encode({ type: 'response', id: query.id, flags: FLAG_AA | FLAG_TC, questions: query.questions }));
        else answer();
        return;
      case 'wrong-id':
        reply.send(buildReply({ ...query, id: ((query.id ?? 0) + 1) & 0xffff }, udpLimit));
        if (fault.thenAnswer) answer();
        return;
      case 'wrong-question':
        reply.send(buildReply({ ...query, questions: question ? [{ ...question, name: `wrong.${question.name}` }] : [] }, udpLimit));
        if (fault.thenAnswer) answer();
        return;
      case 'other-port':
        if (reply.sendFromOtherPort) reply.sendFromOtherPort(buildReply(query, udpLimit));
        if (fault.thenAnswer || !reply.sendFromOtherPort) answer();
        return;
      case 'rcode':
        reply.send(dnsPacket.encode({ type: 'response', id: query.id, flags: FLAG_AA | rcodeBits(fault.rcode), questions: query.questions }));
        return;
      case 'garbage':
        reply.send(fault.bytes ?? garbageFor(raw));
        return;
      case 'pointer-loop':
        reply.send(pointerLoopReply(raw));
        return;
      case 'extra':
        reply.send(buildReply(query, udpLimit, fault));
        return;
    }
  }

  const onConnection = (socket: net.Socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    const reader = new TcpMessageReader();
    socket.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk)) {
        if (socket.destroyed) return;
        handle(message, 'tcp', {
          send: (m) => {
            if (!socket.destroyed) socket.write(frameTcp(m));
          },
          reset: () => socket.resetAndDestroy(),
        });
      }
    });
  };
  const onDatagram = (udp: dgram.Socket, message: Buffer, remote: dgram.RemoteInfo) => {
    handle(message, 'udp', {
      send: (m) => {
        if (!stopped) udp.send(m, remote.port, remote.address);
      },
      sendFromOtherPort: (m) => {
        const other = dgram.createSocket(family);
        other.on('error', () => other.close());
        other.send(m, remote.port, remote.address, () => other.close());
      },
    });
  };

  const { udp, tcp, port } = await listenBoth(host, options.port ?? 0, family, onDatagram, onConnection);
  return {
    host,
    port,
    address: formatServer({ host, port }),
    queries,
    received: () => received,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of connections) socket.destroy();
      await Promise.all([new Promise<void>((resolve) => udp.close(() => resolve())), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
    },
  };
}

/** Bind UDP, then TCP on the same port; with port 0, try again when the TCP side of it is taken. */
async function listenBoth(
  host: string,
  port: number,
  family: 'udp4' | 'udp6',
  onDatagram: (udp: dgram.Socket, message: Buffer, remote: dgram.RemoteInfo) => void,
  onConnection: (socket: net.Socket) => void,
): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  const tries = port === 0 ? 20 : 1;
  for (let attempt = 1; ; attempt++) {
    const udp = dgram.createSocket(family);
    udp.on('message', (message, remote) => onDatagram(udp, message, remote));
    // A socket that failed to bind still holds a handle (and the process open) until it is closed.
    const closeUdp = () => new Promise<void>((resolve) => udp.close(() => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(port, host, () => {
          udp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await closeUdp();
      throw error;
    }
    udp.on('error', () => undefined);
    const bound = udp.address().port;
    const tcp = net.createServer(onConnection);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(bound, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
      return { udp, tcp, port: bound };
    } catch (error) {
      await closeUdp();
      if (attempt >= tries) throw error;
    }
  }
}

function rcodeBits(rcode: string): number {
  const bits: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
  return bits[rcode] ?? 2;
}

function headerOnly(id: number, flags: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x8000 | flags, 2);
  return header;
}

/** The query's ID and a plausible response header, then bytes that decode as nothing. */
function garbageFor(query: Buffer): Buffer {
  const junk = Buffer.from([0x81, 0x80, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f, 0x41, 0x42]);
  return Buffer.concat([query.subarray(0, 2), junk]);
}

/** Header + the query's question + one answer whose owner is a pointer to its own offset. */
function pointerLoopReply(query: Buffer): Buffer {
  let end = 12;
  while (end < query.length && query[end] !== 0) end += (query[end] as number) + 1;
  end += 5; // root label, type, class
  const question = query.subarray(12, Math.min(end, query.length));
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2);
  header.writeUInt16BE(0x8000 | FLAG_AA, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(1, 6);
  const at = 12 + question.length;
  const answer = Buffer.from([0xc0 | (at >> 8), at & 0xff, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
  return Buffer.concat([header, question, answer]);
}
