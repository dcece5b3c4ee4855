// Annotated dumps of netlink messages, field by field, in the kernel's
// names, with offsets and lengths: what `tsip --trace` prints. In the spirit
// of libmnl's mnl_nlmsg_fprintf(), but every field is named. The layout is
// <linux/netlink.h>'s: struct nlmsghdr, the family's header, then struct
// nlattr runs (`|N` is NLA_F_NESTED, `|B` NLA_F_NET_BYTEORDER); for
// NLMSG_ERROR, struct nlmsgerr and its NLMSGERR_ATTR_* TLVs.
//
//   > request, 52 bytes
//   0000 nlmsghdr   nlmsg_len=52 nlmsg_type=RTM_NEWLINK(16) nlmsg_flags=REQUEST|ACK|EXCL|CREATE(0x605) ...
//   0010 ifinfomsg  ifi_family=0 ifi_type=0 ifi_index=0 ifi_flags=0x0 ifi_change=0x0
//   0020   len=10 type=3      IFLA_IFNAME "veth0"
//   002c   len=44 type=18|N   IFLA_LINKINFO
//   0030     len=9 type=1     IFLA_INFO_KIND "veth"
//
// Pure: returns text; the caller decides where it goes.

import {
  NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, NLMSGERR_ATTR_COOKIE, NLMSGERR_ATTR_MISS_NEST,
  NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_POLICY, NLMSG_DONE, NLMSG_ERROR, NLM_F_CAPPED,
} from './constants.js';
import { errnoName } from './errno.js';
import { NLA_HDRLEN, nlaAlign } from './nlattr.js';
import { NLMSG_HDRLEN, nlmsghdr, splitMessages, type RawMessage } from './nlmsghdr.js';
import { MAX_NEST_DEPTH, decodeAttrValue, resolveSet, type AttrSet, type Attrs, type MessageFamily } from './schema.js';
import type { Struct } from './struct.js';

/** What the tracer needs to know of a protocol. */
export interface TraceProtocol {
  typeName(type: number): string;
  family(type: number): MessageFamily | undefined;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

const FLAG_NAMES = {
  base: [[0x01, 'REQUEST'], [0x02, 'MULTI'], [0x04, 'ACK'], [0x08, 'ECHO'], [0x10, 'DUMP_INTR'], [0x20, 'DUMP_FILTERED']],
  get: [[0x300, 'DUMP'], [0x100, 'ROOT'], [0x200, 'MATCH'], [0x400, 'ATOMIC']],
  new: [[0x100, 'REPLACE'], [0x200, 'EXCL'], [0x400, 'CREATE'], [0x800, 'APPEND']],
  del: [[0x100, 'NONREC'], [0x200, 'BULK']],
  ack: [[0x100, 'CAPPED'], [0x200, 'ACK_TLVS']],
} as const;

/**
 * NLM_F_* names for a message's flags; the upper bits mean different things
 * per request kind. NLM_F_DUMP is NLM_F_ROOT|NLM_F_MATCH, named as one.
 */
export function flagNames(type: number, flags: number, typeName: string): string {
  const kind = type === NLMSG_ERROR ? 'ack' : /_GET/.test(typeName) ? 'get' : /_NEW|_SET/.test(typeName) ? 'new' : /_DEL/.test(typeName) ? 'del' : undefined;
  const names: string[] = [];
  let left = flags;
  for (const [bits, name] of [...FLAG_NAMES.base, ...(kind ? FLAG_NAMES[kind] : [])]) {
    if ((left & bits) === bits) {
      names.push(name);
      left &= ~bits;
    }
  }
  if (left) names.push(`0x${left.toString(16)}`);
  return `${names.join('|') || '0'}(0x${flags.toString(16)})`;
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.length ? `<${v.toString('hex')}>` : '<>';
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (v && typeof v === 'object') {
    return `{ ${Object.entries(v).map(([k, x]) => `${k}=${formatValue(x)}`).join(' ')} }`;
  }
  return String(v);
}

function structLine(s: Struct<unknown>, buf: Buffer, at: number, end: number): string {
  const v = s.decode(buf, at, Math.min(s.size, end - at)) as Record<string, unknown>;
  const fields = s.fields.filter((f) => f.name && v[f.name] !== undefined).map((f) => {
    const x = v[f.name!];
    const flagsLike = /flags|change/.test(f.name!) && typeof x === 'number';
    return `${f.name}=${flagsLike ? `0x${(x as number).toString(16)}` : formatValue(x)}`;
  });
  return `${hex4(at)} ${s.name.padEnd(10)} ${fields.join(' ')}`;
}

function attrLines(set: AttrSet | undefined, buf: Buffer, start: number, end: number, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  // Self-nesting sets (a veth peer's link message, a nexthop's RTA_*) would
  // otherwise recurse until the stack overflows.
  if (depth > MAX_NEST_DEPTH) {
    out.push(`${hex4(start)} ${pad}!! nested deeper than ${MAX_NEST_DEPTH} levels: ${end - start} bytes not shown`);
    return;
  }
  const siblings: Attrs = {};
  let off = start;
  while (off + NLA_HDRLEN <= end) {
    const len = buf.readUInt16LE(off);
    const rawType = buf.readUInt16LE(off + 2);
    const type = rawType & NLA_TYPE_MASK;
    const flags = `${rawType & NLA_F_NESTED ? '|N' : ''}${rawType & NLA_F_NET_BYTEORDER ? '|B' : ''}`;
    const head = `${hex4(off)} ${pad}len=${len} type=${type}${flags}`.padEnd(24 + pad.length);
    if (len < NLA_HDRLEN || off + len > end) {
      out.push(`${head} !! nla_len overruns its container (${end - off} bytes left)`);
      return;
    }
    const spec = set?.byId[type];
    const ps = off + NLA_HDRLEN;
    const pe = off + len;
    if (!spec) {
      out.push(`${head} ${set ? `${set.prefix}${type}` : `type ${type}`} (unknown) ${formatValue(buf.subarray(ps, pe))}`);
    } else if (spec.type === 'nested') {
      const inner = resolveSet(spec.nested, siblings);
      out.push(`${head} ${spec.name}${inner ? '' : ` ${formatValue(buf.subarray(ps, pe))}`}`);
      if (inner) attrLines(inner, buf, ps, pe, depth + 1, out);
    } else if (spec.type === 'message') {
      out.push(`${head} ${spec.name}`);
      const fam = spec.message!;
      out.push(`${structLine(fam.header, buf, ps, pe).replace(/^(\w+) /, `$1 ${pad}  `)}`);
      attrLines(fam.attrs, buf, ps + nlaAlign(fam.header.size), pe, depth + 1, out);
    } else {
      let text: string;
      try {
        const v = decodeAttrValue(spec, buf, ps, pe, siblings, []); // the path gets spec.name inside
        siblings[spec.name] = v;
        text = formatValue(v);
      } catch (e) {
        text = `!! ${(e as Error).message}`;
      }
      out.push(`${head} ${spec.name} ${text}`);
    }
    off += nlaAlign(len);
  }
}

const EXTACK: Record<number, string> = {
  [NLMSGERR_ATTR_MSG]: 'NLMSGERR_ATTR_MSG', [NLMSGERR_ATTR_OFFS]: 'NLMSGERR_ATTR_OFFS', [NLMSGERR_ATTR_COOKIE]: 'NLMSGERR_ATTR_COOKIE',
  [NLMSGERR_ATTR_POLICY]: 'NLMSGERR_ATTR_POLICY', [NLMSGERR_ATTR_MISS_TYPE]: 'NLMSGERR_ATTR_MISS_TYPE', [NLMSGERR_ATTR_MISS_NEST]: 'NLMSGERR_ATTR_MISS_NEST',
};

function extackLines(buf: Buffer, start: number, end: number, out: string[]): void {
  for (let off = start; off + NLA_HDRLEN <= end;) {
    const len = buf.readUInt16LE(off);
    const type = buf.readUInt16LE(off + 2) & NLA_TYPE_MASK;
    if (len < NLA_HDRLEN || off + len > end) return;
    const p = buf.subarray(off + NLA_HDRLEN, off + len);
    const v = type === NLMSGERR_ATTR_MSG ? JSON.stringify(p.toString('utf8').replace(/\0$/, '')) : p.length === 4 ? String(p.readUInt32LE(0)) : `<${p.toString('hex')}>`;
    out.push(`${hex4(off)}   len=${len} type=${type}`.padEnd(26) + ` ${EXTACK[type] ?? `type ${type}`} ${v}`);
    off += nlaAlign(len);
  }
}

function messageLines(m: RawMessage, proto: TraceProtocol, out: string[]): void {
  const { hdr, buf, offset, start, end } = m;
  const name = proto.typeName(hdr.nlmsg_type);
  out.push(`${hex4(offset)} nlmsghdr   nlmsg_len=${hdr.nlmsg_len} nlmsg_type=${name}(${hdr.nlmsg_type}) nlmsg_flags=${flagNames(hdr.nlmsg_type, hdr.nlmsg_flags, name)} nlmsg_seq=${hdr.nlmsg_seq} nlmsg_pid=${hdr.nlmsg_pid}`);
  if (hdr.nlmsg_type === NLMSG_ERROR && end - start >= 4) {
    const error = buf.readInt32LE(start);
    out.push(`${hex4(start)} nlmsgerr   error=${error}${error ? ` (-${errnoName(-error)})` : ' (ack)'}`);
    if (end - start >= 4 + NLMSG_HDRLEN) {
      const e = nlmsghdr.decode(buf, start + 4);
      const echoed = hdr.nlmsg_flags & NLM_F_CAPPED ? NLMSG_HDRLEN : e.nlmsg_len;
      out.push(`${hex4(start + 4)}   msg: nlmsg_len=${e.nlmsg_len} nlmsg_type=${proto.typeName(e.nlmsg_type)} nlmsg_seq=${e.nlmsg_seq}${echoed > NLMSG_HDRLEN ? ` (+${echoed - NLMSG_HDRLEN} bytes of the request echoed)` : ''}`);
      // the echoed length is untrusted: past the end there are no TLVs to show
      if (echoed <= end - start - 4) extackLines(buf, start + 4 + nlaAlign(echoed), end, out);
    }
    return;
  }
  if (hdr.nlmsg_type === NLMSG_DONE) {
    if (end - start >= 4) out.push(`${hex4(start)} done       error=${buf.readInt32LE(start)}`);
    extackLines(buf, start + 4, end, out);
    return;
  }
  const fam = proto.family(hdr.nlmsg_type);
  if (!fam) {
    if (end > start) out.push(`${hex4(start)} payload    <${buf.subarray(start, end).toString('hex')}>`);
    return;
  }
  if (end - start < fam.header.size) {
    out.push(`${hex4(start)} ${fam.name} !! ${end - start} bytes, struct needs ${fam.header.size}`);
    return;
  }
  out.push(structLine(fam.header, buf, start, end));
  attrLines(fam.attrs, buf, start + nlaAlign(fam.header.size), end, 1, out);
}

/** The annotated text of one datagram: every message, field by field. */
export function traceDatagram(direction: 'request' | 'reply', bytes: Buffer, proto: TraceProtocol): string {
  const out = [`${direction === 'request' ? '>' : '<'} ${direction}, ${bytes.length} bytes`];
  try {
    for (const m of splitMessages(bytes)) messageLines(m, proto, out);
  } catch (e) {
    out.push(`!! ${(e as Error).message}`);
  }
  return `${out.join('\n')}\n`;
}
