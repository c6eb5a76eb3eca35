// dns-packet with names in presentation form. Its own name codec reads each label as UTF-8 and joins
// labels with ".", so a label holding a dot comes out as two labels and ESC or a newline comes out
// raw, ready to reach a terminal; and it writes `a\.b` as the three octets `a\.b`. Every record codec
// in dns-packet calls `name.encode` / `name.decode` through its exported `name` object, so replacing
// those two (and `encodingLength`) gives every record type the RFC 1035 escapes of src/names. Import
// dns-packet from here, never directly, so the replacement is in place before the first message.
import dnsPacket from 'dns-packet';
import { labelOctets, labelText, plainLabel } from '../names/presentation.js';

interface NameCodec {
  encode: ((text: string, buf?: Buffer, offset?: number) => Buffer) & { bytes: number };
  decode: ((buf: Buffer, offset?: number) => string) & { bytes: number };
  encodingLength: (text: string) => number;
}

// dns-packet refuses a name whose labels, each with its length octet, add up to more than this.
const MAX_NAME_BYTES = 254;

const codec = (dnsPacket as unknown as { name: NameCodec }).name;

codec.encodingLength = (text) => labelOctets(text).reduce((sum, label) => sum + label.length + 1, 1);

codec.encode = Object.assign(
  (text: string, buf?: Buffer, at0?: number): Buffer => {
    // As dns-packet: a missing (or NaN) offset is 0.
    const offset = at0 || 0;
    const labels = labelOctets(text);
    const out = buf ?? Buffer.alloc(labels.reduce((sum, label) => sum + label.length + 1, 1));
    let at = offset;
    for (const label of labels) {
      out[at++] = label.length;
      out.set(label, at);
      at += label.length;
    }
    out[at++] = 0;
    codec.encode.bytes = at - offset;
    return out;
  },
  { bytes: 0 },
);

codec.decode = Object.assign(
  (buf: Buffer, at0?: number): string => {
    // The same limits as dns-packet's decoder: pointers only to earlier bytes, 254 octets in all. A
    // missing offset is 0, and so is NaN, which dns-packet's record decoders pass after reading a
    // string past the end; NaN kept would never reach the end of the buffer.
    let offset = at0 || 0;
    const labels: string[] = [];
    let start = offset;
    let consumed = 0;
    let jumped = false;
    let total = 0;
    for (;;) {
      if (!(offset < buf.length)) throw new Error('Cannot decode name (buffer overflow)');
      const len = buf[offset++] as number;
      if (!jumped) consumed++;
      if (len === 0) break;
      if ((len & 0xc0) === 0) {
        if (offset + len > buf.length) throw new Error('Cannot decode name (buffer overflow)');
        total += len + 1;
        if (total > MAX_NAME_BYTES) throw new Error('Cannot decode name (name too long)');
        labels.push(plainLabel(buf, offset, offset + len) ? buf.toString('latin1', offset, offset + len) : labelText(buf, offset, offset + len));
        offset += len;
        if (!jumped) consumed += len;
      } else if ((len & 0xc0) === 0xc0) {
        if (offset + 1 > buf.length) throw new Error('Cannot decode name (buffer overflow)');
        const target = buf.readUInt16BE(offset - 1) - 0xc000;
        if (target >= start) throw new Error('Cannot decode name (bad pointer)');
        if (!jumped) consumed++;
        offset = start = target;
        jumped = true;
      } else {
        throw new Error('Cannot decode name (bad label)');
      }
    }
    codec.decode.bytes = consumed;
    return labels.length === 0 ? '.' : labels.join('.');
  },
  { bytes: 0 },
);

export default dnsPacket;
