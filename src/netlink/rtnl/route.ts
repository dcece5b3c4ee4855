// Routes: RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE. <linux/rtnetlink.h>
//
// A message is struct rtmsg followed by RTA_* attributes. rtm_table is one
// byte: a table id above 255 travels in RTA_TABLE (u32) and rtm_table then
// says RT_TABLE_COMPAT (252); the kernel sends RTA_TABLE for every route.
// Two payloads are irregular and have hand-written codecs below:
// RTA_VIA (struct rtvia) and RTA_MULTIPATH (struct rtnexthop array).
// Kernel spec: Documentation/netlink/specs/rt-route.yaml.

import { AF_INET, AF_INET6 } from '../constants.js';
import { DecodeError } from '../errors.js';
import { formatIP, parseIP } from '../inet.js';
import { nlaAlign, type Writer } from '../nlattr.js';
import { attrSet, decodeAttrs, encodeAttrs, type Attrs, type Body, type CustomCodec, type MessageFamily } from '../schema.js';
import { defineStruct, s32, struct, u8, u32, u64 } from '../struct.js';

/*
 * struct rtmsg {
 *         unsigned char           rtm_family;
 *         unsigned char           rtm_dst_len;
 *         unsigned char           rtm_src_len;
 *         unsigned char           rtm_tos;
 *
 *         unsigned char           rtm_table;      // Routing table id
 *         unsigned char           rtm_protocol;   // Routing protocol; RTPROT_*
 *         unsigned char           rtm_scope;      // RT_SCOPE_*
 *         unsigned char           rtm_type;       // RTN_*
 *
 *         unsigned                rtm_flags;      // RTM_F_*
 * };
 */
export interface RtMsg {
  rtm_family: number;
  rtm_dst_len: number;
  rtm_src_len: number;
  rtm_tos: number;
  rtm_table: number;
  rtm_protocol: number;
  rtm_scope: number;
  rtm_type: number;
  rtm_flags: number;
}
export const rtmsg = defineStruct<RtMsg>('rtmsg', struct([
  u8('rtm_family'), u8('rtm_dst_len'), u8('rtm_src_len'), u8('rtm_tos'),
  u8('rtm_table'), u8('rtm_protocol'), u8('rtm_scope'), u8('rtm_type'),
  u32('rtm_flags'),
]));

/*
 * struct rta_cacheinfo {
 *         __u32   rta_clntref;
 *         __u32   rta_lastuse;
 *         __s32   rta_expires;
 *         __u32   rta_error;
 *         __u32   rta_used;
 *
 * #define RTNETLINK_HAVE_PEERINFO 1
 *         __u32   rta_id;
 *         __u32   rta_ts;
 *         __u32   rta_tsage;
 * };
 */
export interface RtaCacheinfo {
  rta_clntref: number;
  rta_lastuse: number;
  rta_expires: number;
  rta_error: number;
  rta_used: number;
  rta_id: number;
  rta_ts: number;
  rta_tsage: number;
}
export const rta_cacheinfo = defineStruct<RtaCacheinfo>('rta_cacheinfo', struct([
  u32('rta_clntref'), u32('rta_lastuse'), s32('rta_expires'), u32('rta_error'), u32('rta_used'),
  u32('rta_id'), u32('rta_ts'), u32('rta_tsage'),
]));

/*
 * struct rta_mfc_stats {
 *         __u64   mfcs_packets;
 *         __u64   mfcs_bytes;
 *         __u64   mfcs_wrong_if;
 * };
 */
export interface RtaMfcStats {
  mfcs_packets: bigint;
  mfcs_bytes: bigint;
  mfcs_wrong_if: bigint;
}
export const rta_mfc_stats = defineStruct<RtaMfcStats>('rta_mfc_stats', struct([
  u64('mfcs_packets'), u64('mfcs_bytes'), u64('mfcs_wrong_if'),
]));

/** RTAX_*: the ids inside RTA_METRICS. RTAX_LOCK is a bitmask of locked metrics (1 << RTAX_MTU, ...). */
export const RTAX = {
  RTAX_UNSPEC: 0, RTAX_LOCK: 1, RTAX_MTU: 2, RTAX_WINDOW: 3, RTAX_RTT: 4, RTAX_RTTVAR: 5,
  RTAX_SSTHRESH: 6, RTAX_CWND: 7, RTAX_ADVMSS: 8, RTAX_REORDERING: 9, RTAX_HOPLIMIT: 10,
  RTAX_INITCWND: 11, RTAX_FEATURES: 12, RTAX_RTO_MIN: 13, RTAX_INITRWND: 14, RTAX_QUICKACK: 15,
  RTAX_CC_ALGO: 16, RTAX_FASTOPEN_NO_COOKIE: 17,
} as const;

/* RTAX_FEATURES bits */
export const RTAX_FEATURE_ECN = 1 << 0;
export const RTAX_FEATURE_SACK = 1 << 1;
export const RTAX_FEATURE_TIMESTAMP = 1 << 2;
export const RTAX_FEATURE_ALLFRAG = 1 << 3;

/* RTA_PREF values: the router preference of RFC 4191. <linux/icmpv6.h> */
export const ICMPV6_ROUTER_PREF_LOW = 0x3;
export const ICMPV6_ROUTER_PREF_MEDIUM = 0x0;
export const ICMPV6_ROUTER_PREF_HIGH = 0x1;
export const ICMPV6_ROUTER_PREF_INVALID = 0x2;

/** RTA_METRICS: every metric is a u32, except the congestion control algorithm's name. */
export const metricsAttrs = attrSet('metrics', 'RTAX_', [
  { id: 1, name: 'RTAX_LOCK', type: 'u32' },
  { id: 2, name: 'RTAX_MTU', type: 'u32' },
  { id: 3, name: 'RTAX_WINDOW', type: 'u32' },
  { id: 4, name: 'RTAX_RTT', type: 'u32' },
  { id: 5, name: 'RTAX_RTTVAR', type: 'u32' },
  { id: 6, name: 'RTAX_SSTHRESH', type: 'u32' },
  { id: 7, name: 'RTAX_CWND', type: 'u32' },
  { id: 8, name: 'RTAX_ADVMSS', type: 'u32' },
  { id: 9, name: 'RTAX_REORDERING', type: 'u32' },
  { id: 10, name: 'RTAX_HOPLIMIT', type: 'u32' },
  { id: 11, name: 'RTAX_INITCWND', type: 'u32' },
  { id: 12, name: 'RTAX_FEATURES', type: 'u32' },
  { id: 13, name: 'RTAX_RTO_MIN', type: 'u32' },
  { id: 14, name: 'RTAX_INITRWND', type: 'u32' },
  { id: 15, name: 'RTAX_QUICKACK', type: 'u32' },
  { id: 16, name: 'RTAX_CC_ALGO', type: 'string' },
  { id: 17, name: 'RTAX_FASTOPEN_NO_COOKIE', type: 'u32' },
]);

/*
 * struct rtvia {
 *         __kernel_sa_family_t    rtvia_family;   // host byte order u16
 *         __u8                    rtvia_addr[];
 * };
 *
 * A gateway of another family than the route's (an IPv4 route via an IPv6
 * next hop; MPLS). The address length follows from the family, so this is
 * not a fixed struct: decoded to { family, addr }, addr as text for
 * AF_INET/AF_INET6 and as bytes otherwise.
 */
export interface RtVia {
  family: number;
  addr: string | Buffer;
}

const viaCodec: CustomCodec = {
  decode(p, path): RtVia {
    if (p.length < 2) throw new DecodeError(path, `struct rtvia needs 2 bytes, got ${p.length}`);
    const family = p.readUInt16LE(0);
    const a = p.subarray(2);
    const text = (family === AF_INET && a.length === 4) || (family === AF_INET6 && a.length === 16) ? formatIP(a) : undefined;
    return { family, addr: text ?? Buffer.from(a) };
  },
  encode(value, w, path) {
    const v = value as RtVia;
    const addr = typeof v.addr === 'string' ? parseIP(v.addr) : v.addr;
    if (!addr) throw new TypeError(`${path.join(' > ')}: not an IP address: "${String(v.addr)}"`);
    w.ensure(2);
    w.buf.writeUInt16LE(v.family, w.off);
    w.off += 2;
    w.bytes(addr);
  },
};

/*
 * struct rtnexthop {
 *         unsigned short          rtnh_len;       // this struct and its attributes
 *         unsigned char           rtnh_flags;     // RTNH_F_*
 *         unsigned char           rtnh_hops;      // weight - 1
 *         int                     rtnh_ifindex;
 * };
 *
 * RTA_MULTIPATH holds an array of these, each followed by its own RTA_*
 * attributes (RTA_GATEWAY, RTA_VIA, RTA_FLOW, RTA_ENCAP...), rtnh_len
 * covering both, the next one at RTNH_ALIGN(rtnh_len). Neither a run of
 * attributes nor a fixed struct, so it has a hand-written codec; rtnh_len is
 * computed when encoding, as the kernel does (header + padded attributes).
 */
export interface RtNexthop {
  rtnh_flags: number;
  rtnh_hops: number;
  rtnh_ifindex: number;
  attrs: Attrs;
}
const RTNH_HDRLEN = 8; // RTNH_ALIGN(sizeof(struct rtnexthop))

const multipathCodec: CustomCodec = {
  decode(p, path): RtNexthop[] {
    const out: RtNexthop[] = [];
    let off = 0;
    while (off + RTNH_HDRLEN <= p.length) {
      const here = [...path, `rtnexthop[${out.length}]`];
      const len = p.readUInt16LE(off);
      if (len < RTNH_HDRLEN || off + len > p.length) {
        throw new DecodeError(here, `rtnh_len ${len} at offset ${off}, ${p.length - off} bytes left`);
      }
      out.push({
        rtnh_flags: p[off + 2]!,
        rtnh_hops: p[off + 3]!,
        rtnh_ifindex: p.readInt32LE(off + 4),
        attrs: decodeAttrs(routeAttrs, p, off + RTNH_HDRLEN, off + len, here),
      });
      off += nlaAlign(len);
    }
    return out;
  },
  encode(value, w: Writer, path) {
    (value as RtNexthop[]).forEach((nh, i) => {
      w.align();
      const at = w.reserve(RTNH_HDRLEN);
      w.buf[at + 2] = nh.rtnh_flags ?? 0;
      w.buf[at + 3] = nh.rtnh_hops ?? 0;
      w.buf.writeInt32LE(nh.rtnh_ifindex ?? 0, at + 4);
      if (nh.attrs) encodeAttrs(routeAttrs, nh.attrs, w, [...path, `rtnexthop[${i}]`]);
      w.buf.writeUInt16LE(w.off - at, at); // w.buf may have grown: write the length last
    });
  },
};

/** enum rtattr_type_t { RTA_UNSPEC, RTA_DST, ... } */
export const routeAttrs = attrSet('route-attrs', 'RTA_', [
  { id: 1, name: 'RTA_DST', type: 'ipaddr' },
  { id: 2, name: 'RTA_SRC', type: 'ipaddr' },
  { id: 3, name: 'RTA_IIF', type: 'u32' },
  { id: 4, name: 'RTA_OIF', type: 'u32' },
  { id: 5, name: 'RTA_GATEWAY', type: 'ipaddr' },
  { id: 6, name: 'RTA_PRIORITY', type: 'u32' },
  { id: 7, name: 'RTA_PREFSRC', type: 'ipaddr' },
  { id: 8, name: 'RTA_METRICS', type: 'nested', nested: metricsAttrs },
  { id: 9, name: 'RTA_MULTIPATH', type: 'custom', codec: multipathCodec },
  { id: 10, name: 'RTA_PROTOINFO', type: 'binary' }, // no longer used
  { id: 11, name: 'RTA_FLOW', type: 'u32' },         // realms: from << 16 | to (ip route ... realms FROM/TO)
  { id: 12, name: 'RTA_CACHEINFO', type: 'struct', struct: rta_cacheinfo },
  { id: 13, name: 'RTA_SESSION', type: 'binary' },   // no longer used
  { id: 14, name: 'RTA_MP_ALGO', type: 'binary' },   // no longer used
  { id: 15, name: 'RTA_TABLE', type: 'u32' },
  { id: 16, name: 'RTA_MARK', type: 'u32' },
  { id: 17, name: 'RTA_MFC_STATS', type: 'struct', struct: rta_mfc_stats },
  { id: 18, name: 'RTA_VIA', type: 'custom', codec: viaCodec },
  { id: 19, name: 'RTA_NEWDST', type: 'binary' },    // MPLS label stack
  { id: 20, name: 'RTA_PREF', type: 'u8' },          // ICMPV6_ROUTER_PREF_*
  { id: 21, name: 'RTA_ENCAP_TYPE', type: 'u16' },   // LWTUNNEL_ENCAP_*
  { id: 22, name: 'RTA_ENCAP', type: 'binary' },     // a nest whose set RTA_ENCAP_TYPE names; kept as bytes
  { id: 23, name: 'RTA_EXPIRES', type: 'u32' },      // seconds (IPv6 request)
  { id: 24, name: 'RTA_PAD', type: 'binary' },
  { id: 25, name: 'RTA_UID', type: 'u32' },
  { id: 26, name: 'RTA_TTL_PROPAGATE', type: 'u8' },
  { id: 27, name: 'RTA_IP_PROTO', type: 'u8' },
  { id: 28, name: 'RTA_SPORT', type: 'be16' },
  { id: 29, name: 'RTA_DPORT', type: 'be16' },
  { id: 30, name: 'RTA_NH_ID', type: 'u32' },
  { id: 31, name: 'RTA_FLOWLABEL', type: 'be32' },   // newer than the 6.1 header; from rt-route.yaml
]);

/** rtmsg + RTA_* */
export const route: MessageFamily = { name: 'rtmsg', header: rtmsg, attrs: routeAttrs };

/** A decoded route message. */
export type RouteMessage = Body<RtMsg>;
