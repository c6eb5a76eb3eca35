// Does a KMS host answer? `tcp`: the port accepts a connection. `rpc`: on that connection the host
// acknowledges a DCE/RPC bind to the KMS interface (docs/behaviour.md#transport: activation is anonymous RPC over TCP).
import net from 'node:net';
import { socketErrorWords } from '../knowledge/socket-outcomes.js';
import { decodeBindReply, encodeBind } from './rpc-bind.js';
import type { ProbeFn, ProbeRequest, ProbeResult } from '../gather/probes.js';

export type ProbeKind = 'tcp' | 'rpc' | 'none';

export interface ProbeOptions {
  /** Whole-probe limit (connect and, for rpc, the bind reply), in milliseconds. */
  timeoutMs: number;
}

/** The probe for a kind; undefined for `none` (discovery then reports without probing). */
export function createProbe(kind: ProbeKind, options: ProbeOptions): ProbeFn | undefined {
  if (kind === 'none') return undefined;
  let callId = 0;
  return (request) => probeOnce(request, kind, options.timeoutMs, ++callId);
}

function describeSocketError(error: NodeJS.ErrnoException): string {
  const words = socketErrorWords(error.code);
  return words ? `${words} (${error.code})` : error.message;
}

function probeOnce(request: ProbeRequest, kind: 'tcp' | 'rpc', timeoutMs: number, callId: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let received = Buffer.alloc(0);
    const socket = net.createConnection({ host: request.address, port: request.port });
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: socket.connecting ? `connect timeout after ${timeoutMs} ms` : `no bind reply within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, error: describeSocketError(error) }));
    socket.once('connect', () => {
      if (kind === 'tcp') {
        finish({ ok: true, error: null });
        return;
      }
      socket.write(encodeBind(callId));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const reply = decodeBindReply(received);
      if (reply === null) return;
      if (reply.kind === 'ack' && reply.accepted) finish({ ok: true, error: null });
      else if (reply.kind === 'ack') finish({ ok: false, error: `bind_ack rejected the KMS interface (result ${reply.result}, reason ${reply.reason})` });
      else if (reply.kind === 'nak') finish({ ok: false, error: `bind_nak (reason ${reply.reason}): not a KMS host` });
      else finish({ ok: false, error: `${reply.detail}: not a KMS host` });
    });
    socket.once('close', () => finish({ ok: false, error: 'connection closed before a bind reply' }));
  });
}
