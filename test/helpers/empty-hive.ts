// An empty Windows registry hive (regf), built here because hivex can edit a hive but not create one.
// It holds the least hivexregedit needs to merge into it: the base block, one 4 KiB bin, a root key
// and the security descriptor new keys inherit from it. The layout follows the published regf format
// notes (base block, hbin, nk and sk cells); hivex reading the result back is what checks it.

const BASE_BLOCK = 0x1000;
const BIN_SIZE = 0x1000;
const NONE = 0xffffffff;
/** 2026-01-01T00:00:00Z as a FILETIME (100 ns since 1601): a fixed time keeps the bytes reproducible. */
const WRITTEN = (BigInt(Date.UTC(2026, 0, 1)) + 11_644_473_600_000n) * 10_000n;

/** A SID in binary form: revision 1, NT authority (5), then the sub-authorities. */
function sid(...subAuthorities: number[]): Buffer {
  const bytes = Buffer.alloc(8 + 4 * subAuthorities.length);
  bytes[0] = 1;
  bytes[1] = subAuthorities.length;
  bytes[7] = 5;
  subAuthorities.forEach((value, i) => bytes.writeUInt32LE(value, 8 + 4 * i));
  return bytes;
}

/** Self-relative descriptor: owner Administrators, group SYSTEM, a DACL giving both full control. */
function securityDescriptor(): Buffer {
  const admins = sid(32, 544);
  const system = sid(18);
  const KEY_ALL_ACCESS = 0xf003f;
  const aces = [admins, system].map((who) => {
    const ace = Buffer.alloc(8 + who.length);
    ace.writeUInt8(0, 0); // ACCESS_ALLOWED_ACE_TYPE
    ace.writeUInt8(0x02, 1); // CONTAINER_INHERIT_ACE: subkeys get it too
    ace.writeUInt16LE(ace.length, 2);
    ace.writeUInt32LE(KEY_ALL_ACCESS, 4);
    who.copy(ace, 8);
    return ace;
  });
  const aclBody = Buffer.concat(aces);
  const acl = Buffer.alloc(8);
  acl.writeUInt8(2, 0); // ACL_REVISION
  acl.writeUInt16LE(8 + aclBody.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header.writeUInt8(1, 0); // revision
  header.writeUInt16LE(0x8004, 2); // SE_SELF_RELATIVE | SE_DACL_PRESENT
  const ownerAt = 20;
  const groupAt = ownerAt + admins.length;
  const daclAt = groupAt + system.length;
  header.writeUInt32LE(ownerAt, 4);
  header.writeUInt32LE(groupAt, 8);
  header.writeUInt32LE(0, 12); // no SACL
  header.writeUInt32LE(daclAt, 16);
  return Buffer.concat([header, admins, system, acl, aclBody]);
}

/** Cells are 8-byte aligned and start with their size, negative while in use. */
function cell(body: Buffer): Buffer {
  const size = Math.ceil((4 + body.length) / 8) * 8;
  const bytes = Buffer.alloc(size);
  bytes.writeInt32LE(-size, 0);
  body.copy(bytes, 4);
  return bytes;
}

function rootKey(skOffset: number): Buffer {
  const name = Buffer.from('ROOT', 'latin1');
  const nk = Buffer.alloc(0x4c + name.length);
  nk.write('nk', 0, 'latin1');
  nk.writeUInt16LE(0x2c, 0x02); // KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME (ASCII name)
  nk.writeBigUInt64LE(WRITTEN, 0x04);
  nk.writeUInt32LE(NONE, 0x10); // parent: none, it is the root
  nk.writeUInt32LE(NONE, 0x1c); // subkey list
  nk.writeUInt32LE(NONE, 0x20); // volatile subkey list
  nk.writeUInt32LE(NONE, 0x28); // value list
  nk.writeUInt32LE(skOffset, 0x2c);
  nk.writeUInt32LE(NONE, 0x30); // class name
  nk.writeUInt16LE(name.length, 0x48);
  name.copy(nk, 0x4c);
  return cell(nk);
}

function securityCell(selfOffset: number): Buffer {
  const descriptor = securityDescriptor();
  const sk = Buffer.alloc(0x14 + descriptor.length);
  sk.write('sk', 0, 'latin1');
  // The sk cells form a ring; with one cell, both links point at itself.
  sk.writeUInt32LE(selfOffset, 0x04);
  sk.writeUInt32LE(selfOffset, 0x08);
  sk.writeUInt32LE(1, 0x0c); // reference count: the root key
  sk.writeUInt32LE(descriptor.length, 0x10);
  descriptor.copy(sk, 0x14);
  return cell(sk);
}

function baseBlock(rootOffset: number): Buffer {
  const block = Buffer.alloc(BASE_BLOCK);
  block.write('regf', 0, 'latin1');
  block.writeUInt32LE(1, 0x04); // primary and secondary sequence numbers equal: cleanly written
  block.writeUInt32LE(1, 0x08);
  block.writeBigUInt64LE(WRITTEN, 0x0c);
  block.writeUInt32LE(1, 0x14); // format 1.5, the version that allows hash leaves
  block.writeUInt32LE(5, 0x18);
  block.writeUInt32LE(0, 0x1c); // primary file
  block.writeUInt32LE(1, 0x20); // direct memory load
  block.writeUInt32LE(rootOffset, 0x24);
  block.writeUInt32LE(BIN_SIZE, 0x28);
  block.writeUInt32LE(1, 0x2c); // clustering factor
  let checksum = 0;
  for (let at = 0; at < 0x1fc; at += 4) checksum = (checksum ^ block.readUInt32LE(at)) >>> 0;
  if (checksum === NONE) checksum = 0xfffffffe;
  else if (checksum === 0) checksum = 1;
  block.writeUInt32LE(checksum, 0x1fc);
  return block;
}

/** The bytes of an empty hive: a root key named ROOT with no subkeys or values. */
export function emptyHive(): Buffer {
  const header = Buffer.alloc(0x20);
  header.write('hbin', 0, 'latin1');
  header.writeUInt32LE(0, 0x04); // this bin's offset from the first bin
  header.writeUInt32LE(BIN_SIZE, 0x08);
  header.writeBigUInt64LE(WRITTEN, 0x14);
  // Offsets below count from the first bin, as every offset in the hive does.
  const rootAt = header.length;
  const skAt = rootAt + rootKey(0).length;
  const root = rootKey(skAt);
  const sk = securityCell(skAt);
  const used = Buffer.concat([header, root, sk]);
  const free = Buffer.alloc(BIN_SIZE - used.length);
  free.writeInt32LE(free.length, 0); // one free cell fills the rest of the bin
  return Buffer.concat([baseBlock(rootAt), used, free]);
}
