// Per-kind link options: camelCase options <-> IFLA_INFO_DATA attributes,
// one table per kind. A row names the option, the attribute it becomes and
// how the value is checked; the same row reads the attribute back for the
// view (link-view.ts). Every value is checked before anything is sent: a
// bad one is a UsageError naming the option and the value.
//
//   addLink({ kind: 'bridge', name: 'br0', options: { stpState: 1, priority: 4096 } })
//     -> [IFLA_LINKINFO] [IFLA_INFO_KIND] "bridge"
//                        [IFLA_INFO_DATA] [IFLA_BR_STP_STATE] 1 [IFLA_BR_PRIORITY] 4096
//
// Units are iproute2's: bridge times in hundredths of a second (clock_t, as
// `ip link add br0 type bridge forward_delay 1500` takes and prints them).

import { UsageError } from '../netlink/errors.js';
import { parseIPv4, parseIPv6 } from '../netlink/inet.js';
import type { NetnsRef } from '../netlink/netns.js';
import { MACVLAN_FLAG_NOPROMISC, MACVLAN_MODE } from '../netlink/rtnl/linkinfo/macvlan.js';
import { IFF_TAP, IFF_TUN } from '../netlink/rtnl/linkinfo/tun.js';
import type { Attrs } from '../netlink/schema.js';
import type { LinkRef } from './resolve.js';
import { checkIfname, checkInt, parseMac } from './validate.js';

/** What a kind's encoder may ask of the operation that sends it. */
export interface KindContext {
  /** The ifindex of a link, by name or index, in the namespace worked in. */
  linkIndex(ref: LinkRef): number;
  /** IFLA_NET_NS_FD (or IFLA_NET_NS_PID) naming a namespace; the op closes what it opened. */
  netnsAttrs(ref: NetnsRef): Attrs;
}

/* ---- the options, typed per kind ---- */

/** The other end of a veth pair: `peer name NAME [netns NS] [address MAC] [mtu N] ...` */
export interface VethPeer {
  name?: string;
  /** put the peer straight into this namespace (VETH_INFO_PEER > IFLA_NET_NS_FD or IFLA_NET_NS_PID) */
  netns?: NetnsRef;
  address?: string;
  mtu?: number;
  txqueuelen?: number;
  group?: number;
  // no `up`: the kernel configures the peer before the first end exists,
  // and opening a veth without its peer fails (ENOTCONN); set it up after.
}
export interface VethOptions {
  peer?: VethPeer;
}

export interface BridgeOptions {
  /** 0 no STP, 1 kernel STP, 2 user STP (true is 1) */
  stpState?: 0 | 1 | 2 | boolean;
  /** hundredths of a second */
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  ageingTime?: number;
  priority?: number;
  vlanFiltering?: boolean;
  vlanProtocol?: '802.1Q' | '802.1ad';
  /** 0 (none) .. 4094 */
  vlanDefaultPvid?: number;
  vlanStatsEnabled?: boolean;
  groupFwdMask?: number;
  groupAddress?: string;
  mcastSnooping?: boolean;
  mcastQuerier?: boolean;
  /** 0 disabled, 1 learned (default), 2 always */
  mcastRouter?: 0 | 1 | 2;
  mcastIgmpVersion?: 2 | 3;
  mcastMldVersion?: 1 | 2;
  nfCallIptables?: boolean;
  nfCallIp6tables?: boolean;
  nfCallArptables?: boolean;
}

export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
export interface MacvlanOptions {
  mode?: MacvlanMode;
  nopromisc?: boolean;
  bcQueueLen?: number;
}

export interface VxlanOptions {
  /** the VNI, 0 .. 2^24-1 */
  id: number;
  /** unicast destination (IFLA_VXLAN_GROUP/GROUP6) */
  remote?: string;
  /** multicast group (IFLA_VXLAN_GROUP/GROUP6); needs `dev` */
  group?: string;
  local?: string;
  /** the underlay link */
  dev?: LinkRef;
  ttl?: number | 'inherit';
  tos?: number;
  /** UDP destination port (the kernel's default is 8472; IANA's is 4789) */
  dstport?: number;
  /** UDP source port range */
  srcport?: readonly [number, number];
  learning?: boolean;
  /** FDB entry lifetime, seconds */
  ageing?: number;
  /** maximum FDB entries, 0 for none */
  maxAddress?: number;
  proxy?: boolean;
  l2miss?: boolean;
  l3miss?: boolean;
  udpCsum?: boolean;
  /** collect metadata (external control plane) */
  external?: boolean;
}

/* ---- rows ---- */

interface Option {
  /** Check `value` and write its attributes into `data`. */
  encode(value: unknown, key: string, data: Attrs, ctx: KindContext): void;
  /** Read the option back from IFLA_INFO_DATA, for the view; undefined when absent. */
  decode?(data: Attrs): unknown;
}

interface KindTable {
  options: Readonly<Record<string, Option>>;
  /** Checks across options, made before any is encoded. */
  check?(options: Record<string, unknown>): void;
}

function badValue(key: string, value: unknown): UsageError {
  return new UsageError(`Error: argument "${String(value)}" is wrong: "${key}" value is invalid`);
}

const int = (attr: string, min: number, max: number): Option => ({
  encode(v, key, data) { data[attr] = checkInt(v, key, min, max); },
  decode: (d) => d[attr],
});

const onOff = (v: unknown, key: string): 0 | 1 => {
  if (v === true || v === 1 || v === 'on' || v === '1') return 1;
  if (v === false || v === 0 || v === 'off' || v === '0') return 0;
  throw badValue(key, v);
};

/** an on/off option carried as u8 0/1 */
const bool = (attr: string): Option => ({
  encode(v, key, data) { data[attr] = onOff(v, key); },
  decode: (d) => (d[attr] === undefined ? undefined : d[attr] !== 0),
});

/** one of a fixed set of names */
const oneOf = (attr: string, names: Readonly<Record<string, number>>): Option => ({
  encode(v, key, data) {
    if (typeof v !== 'string' || !Object.hasOwn(names, v)) {
      throw new UsageError(`Error: argument "${String(v)}" is wrong: "${key}" must be one of ${Object.keys(names).join(', ')}`);
    }
    data[attr] = names[v];
  },
  decode: (d) => (d[attr] === undefined ? undefined : Object.keys(names).find((n) => names[n] === d[attr]) ?? d[attr]),
});

type Family = 4 | 6;
function parseAddr(v: unknown, key: string): { family: Family; text: string; bytes: Buffer } {
  if (typeof v === 'string') {
    const b4 = parseIPv4(v);
    if (b4) return { family: 4, text: v, bytes: b4 };
    const b6 = v.includes(':') ? parseIPv6(v) : undefined;
    if (b6) return { family: 6, text: v, bytes: b6 };
  }
  throw new UsageError(`Error: argument "${String(v)}" is wrong: "${key}" is not an IP address`);
}
const isMulticast = (a: { family: Family; bytes: Buffer }) =>
  a.family === 4 ? (a.bytes[0]! & 0xf0) === 0xe0 : a.bytes[0] === 0xff;

/* ---- veth ---- */

function encodePeer(v: unknown, key: string, data: Attrs, ctx: KindContext): void {
  if (typeof v !== 'object' || v === null) throw badValue(key, v);
  const p = v as VethPeer;
  checkKeys(p as Record<string, unknown>, ['name', 'netns', 'address', 'mtu', 'txqueuelen', 'group'], 'peer');
  const attrs: Attrs = {};
  if (p.name !== undefined) attrs.IFLA_IFNAME = checkIfname(p.name, 'peer name');
  if (p.address !== undefined) attrs.IFLA_ADDRESS = parseMac(p.address);
  if (p.mtu !== undefined) attrs.IFLA_MTU = checkInt(p.mtu, 'peer mtu', 0, 0xffffffff);
  if (p.txqueuelen !== undefined) attrs.IFLA_TXQLEN = checkInt(p.txqueuelen, 'peer txqueuelen', 0, 0xffffffff);
  if (p.group !== undefined) attrs.IFLA_GROUP = checkInt(p.group, 'peer group', 0, 0xffffffff);
  if (p.netns !== undefined) Object.assign(attrs, ctx.netnsAttrs(p.netns));
  data.VETH_INFO_PEER = { attrs };
}

const veth: KindTable = {
  options: { peer: { encode: encodePeer } },
};

/* ---- bridge ---- */

const bridge: KindTable = {
  options: {
    stpState: {
      encode(v, key, data) { data.IFLA_BR_STP_STATE = typeof v === 'boolean' ? Number(v) : checkInt(v, key, 0, 2); },
      decode: (d) => d.IFLA_BR_STP_STATE,
    },
    forwardDelay: int('IFLA_BR_FORWARD_DELAY', 0, 0xffffffff),
    helloTime: int('IFLA_BR_HELLO_TIME', 0, 0xffffffff),
    maxAge: int('IFLA_BR_MAX_AGE', 0, 0xffffffff),
    ageingTime: int('IFLA_BR_AGEING_TIME', 0, 0xffffffff),
    priority: int('IFLA_BR_PRIORITY', 0, 0xffff),
    vlanFiltering: bool('IFLA_BR_VLAN_FILTERING'),
    vlanProtocol: oneOf('IFLA_BR_VLAN_PROTOCOL', { '802.1Q': 0x8100, '802.1ad': 0x88a8 }),
    vlanDefaultPvid: int('IFLA_BR_VLAN_DEFAULT_PVID', 0, 4094),
    vlanStatsEnabled: bool('IFLA_BR_VLAN_STATS_ENABLED'),
    groupFwdMask: int('IFLA_BR_GROUP_FWD_MASK', 0, 0xffff),
    groupAddress: {
      encode(v, _key, data) { data.IFLA_BR_GROUP_ADDR = parseMac(v as string); },
      decode: (d) => d.IFLA_BR_GROUP_ADDR,
    },
    mcastSnooping: bool('IFLA_BR_MCAST_SNOOPING'),
    mcastQuerier: bool('IFLA_BR_MCAST_QUERIER'),
    mcastRouter: int('IFLA_BR_MCAST_ROUTER', 0, 2),
    mcastIgmpVersion: int('IFLA_BR_MCAST_IGMP_VERSION', 2, 3),
    mcastMldVersion: int('IFLA_BR_MCAST_MLD_VERSION', 1, 2),
    nfCallIptables: bool('IFLA_BR_NF_CALL_IPTABLES'),
    nfCallIp6tables: bool('IFLA_BR_NF_CALL_IP6TABLES'),
    nfCallArptables: bool('IFLA_BR_NF_CALL_ARPTABLES'),
  },
};

/* ---- macvlan, macvtap ---- */

const MACVLAN_MODES: Readonly<Record<MacvlanMode, number>> = {
  private: MACVLAN_MODE.MACVLAN_MODE_PRIVATE,
  vepa: MACVLAN_MODE.MACVLAN_MODE_VEPA,
  bridge: MACVLAN_MODE.MACVLAN_MODE_BRIDGE,
  passthru: MACVLAN_MODE.MACVLAN_MODE_PASSTHRU,
  source: MACVLAN_MODE.MACVLAN_MODE_SOURCE,
};

const macvlan: KindTable = {
  options: {
    mode: oneOf('IFLA_MACVLAN_MODE', MACVLAN_MODES),
    nopromisc: {
      encode(v, key, data) { data.IFLA_MACVLAN_FLAGS = onOff(v, key) ? MACVLAN_FLAG_NOPROMISC : 0; },
      decode: (d) => (d.IFLA_MACVLAN_FLAGS === undefined ? undefined : ((d.IFLA_MACVLAN_FLAGS as number) & MACVLAN_FLAG_NOPROMISC) !== 0),
    },
    bcQueueLen: int('IFLA_MACVLAN_BC_QUEUE_LEN', 0, 0xffffffff),
  },
};

/* ---- vxlan ---- */

/** remote and group share IFLA_VXLAN_GROUP/GROUP6: unicast is a remote, multicast a group. */
const vxlanPeer = (multicast: boolean): Option => ({
  encode(v, key, data) {
    const a = parseAddr(v, key);
    if (isMulticast(a) !== multicast) {
      throw new UsageError(`Error: argument "${a.text}" is wrong: "${key}" must be a ${multicast ? 'multicast' : 'unicast'} address`);
    }
    data[a.family === 4 ? 'IFLA_VXLAN_GROUP' : 'IFLA_VXLAN_GROUP6'] = a.text;
  },
  decode(d) {
    const text = (d.IFLA_VXLAN_GROUP ?? d.IFLA_VXLAN_GROUP6) as string | undefined;
    if (typeof text !== 'string' || /^(0\.0\.0\.0|::)$/.test(text)) return undefined;
    return isMulticast(parseAddr(text, 'group')) === multicast ? text : undefined;
  },
});

const vxlan: KindTable = {
  options: {
    id: int('IFLA_VXLAN_ID', 0, 0xffffff),
    remote: vxlanPeer(false),
    group: vxlanPeer(true),
    local: {
      encode(v, key, data) {
        const a = parseAddr(v, key);
        data[a.family === 4 ? 'IFLA_VXLAN_LOCAL' : 'IFLA_VXLAN_LOCAL6'] = a.text;
      },
      decode: (d) => d.IFLA_VXLAN_LOCAL ?? d.IFLA_VXLAN_LOCAL6,
    },
    dev: {
      encode(v, _key, data, ctx) { data.IFLA_VXLAN_LINK = ctx.linkIndex(v as LinkRef); },
      decode: (d) => d.IFLA_VXLAN_LINK,
    },
    ttl: {
      encode(v, key, data) {
        if (v === 'inherit') data.IFLA_VXLAN_TTL_INHERIT = true;
        else data.IFLA_VXLAN_TTL = checkInt(v, key, 0, 255);
      },
      decode: (d) => (d.IFLA_VXLAN_TTL_INHERIT ? 'inherit' : d.IFLA_VXLAN_TTL),
    },
    tos: int('IFLA_VXLAN_TOS', 0, 255),
    dstport: int('IFLA_VXLAN_PORT', 0, 0xffff),
    srcport: {
      encode(v, key, data) {
        if (!Array.isArray(v) || v.length !== 2) throw badValue(key, v);
        const low = checkInt(v[0], key, 0, 0xffff);
        const high = checkInt(v[1], key, 0, 0xffff);
        if (high < low) throw badValue(key, v);
        data.IFLA_VXLAN_PORT_RANGE = { low, high };
      },
      decode: (d) => {
        const r = d.IFLA_VXLAN_PORT_RANGE as { low: number; high: number } | undefined;
        return r && [r.low, r.high];
      },
    },
    learning: bool('IFLA_VXLAN_LEARNING'),
    ageing: int('IFLA_VXLAN_AGEING', 0, 0xffffffff),
    maxAddress: int('IFLA_VXLAN_LIMIT', 0, 0xffffffff),
    proxy: bool('IFLA_VXLAN_PROXY'),
    l2miss: bool('IFLA_VXLAN_L2MISS'),
    l3miss: bool('IFLA_VXLAN_L3MISS'),
    udpCsum: bool('IFLA_VXLAN_UDP_CSUM'),
    external: bool('IFLA_VXLAN_COLLECT_METADATA'),
  },
  check(o) {
    if (o.id === undefined && !o.external) throw new UsageError('Error: vxlan needs an "id" (the VNI)');
    if (o.remote !== undefined && o.group !== undefined) {
      throw new UsageError('Error: vxlan takes "remote" or "group", not both');
    }
    if (o.group !== undefined && o.dev === undefined) throw new UsageError('Error: vxlan "group" requires "dev" to be specified');
    const peer = o.remote ?? o.group;
    if (peer !== undefined && o.local !== undefined) {
      const fp = parseAddr(peer, o.remote !== undefined ? 'remote' : 'group').family;
      const fl = parseAddr(o.local, 'local').family;
      if (fp !== fl) throw new UsageError(`Error: vxlan "local" ${String(o.local)} and "${o.remote !== undefined ? 'remote' : 'group'}" ${String(peer)} are of different families`);
    }
  },
};

/* ---- tun/tap (read back only: created through /dev/net/tun, see tuntap.ts) ---- */

const readOnly = (read: (d: Attrs) => unknown): Option => ({
  encode(_v, key) { throw new UsageError(`Error: "${key}" cannot be set through RTM_NEWLINK`); },
  decode: read,
});
const u8bool = (attr: string) => (d: Attrs) => (d[attr] === undefined ? undefined : d[attr] !== 0);

const tun: KindTable = {
  options: {
    type: readOnly((d) => (d.IFLA_TUN_TYPE === IFF_TUN ? 'tun' : d.IFLA_TUN_TYPE === IFF_TAP ? 'tap' : d.IFLA_TUN_TYPE)),
    pi: readOnly(u8bool('IFLA_TUN_PI')),
    vnetHdr: readOnly(u8bool('IFLA_TUN_VNET_HDR')),
    persist: readOnly(u8bool('IFLA_TUN_PERSIST')),
    multiQueue: readOnly(u8bool('IFLA_TUN_MULTI_QUEUE')),
    numQueues: readOnly((d) => d.IFLA_TUN_NUM_QUEUES),
    numDisabledQueues: readOnly((d) => d.IFLA_TUN_NUM_DISABLED_QUEUES),
    owner: readOnly((d) => d.IFLA_TUN_OWNER),
    group: readOnly((d) => d.IFLA_TUN_GROUP),
  },
};

/** IFLA_INFO_KIND -> its options. ifb has none. */
const KINDS: Readonly<Record<string, KindTable>> = {
  veth, bridge, macvlan, macvtap: macvlan, vxlan, tun, ifb: { options: {} },
};

/** The kinds with an options table. */
export const KNOWN_KINDS: readonly string[] = Object.keys(KINDS);

/** Refuse keys a table does not know, naming the first. */
export function checkKeys(o: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const k of Object.keys(o)) {
    if (o[k] !== undefined && !known.includes(k)) throw new UsageError(`Error: unknown option "${k}" for ${what}`);
  }
}

/**
 * The IFLA_INFO_DATA of a new link of `kind`, from camelCase options;
 * undefined when there is nothing to send. A kind without a table (one
 * this kernel may lack, such as "dummy") takes no options.
 */
export function kindData(kind: string, options: Record<string, unknown> | undefined, ctx: KindContext): Attrs | undefined {
  const table = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  const o = options ?? {};
  checkKeys(o, table ? Object.keys(table.options) : [], `type ${kind}`);
  table?.check?.(o);
  const data: Attrs = {};
  for (const [key, value] of Object.entries(o)) {
    if (value !== undefined) table!.options[key]!.encode(value, key, data, ctx);
  }
  return Object.keys(data).length ? data : undefined;
}

/** Check a kind's options without encoding them (names and netns stay unresolved). */
export function checkKindOptions(kind: string, options: Record<string, unknown> | undefined): void {
  kindData(kind, options, { linkIndex: () => 1, netnsAttrs: () => ({}) });
}

/** IFLA_INFO_DATA read back as camelCase options; undefined for kinds without a table. */
export function kindInfo(kind: string, data: unknown): Record<string, unknown> | undefined {
  const table = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  if (!table || typeof data !== 'object' || data === null || Buffer.isBuffer(data)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, opt] of Object.entries(table.options)) {
    const v = opt.decode?.(data as Attrs);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
