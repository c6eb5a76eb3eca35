// DNS over TCP (RFC 1035 §4.2.2): each message is prefixed by its length as two bytes. Shared by the
// client transport and the in-process responder.

export function frameTcp(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(message.length + 2);
  framed.writeUInt16BE(message.length, 0);
  message.copy(framed, 2);
  return framed;
}

/** Reassembles messages from a TCP byte stream, where they may arrive in pieces or several to a segment. */
export class TcpMessageReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Add received bytes; returns the whole messages they complete, in order. */
  push(chunk: Buffer): Buffer[] {
    let pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < length + 2) break;
      messages.push(pending.subarray(2, length + 2));
      pending = pending.subarray(length + 2);
    }
    this.pending = pending;
    return messages;
  }
}
