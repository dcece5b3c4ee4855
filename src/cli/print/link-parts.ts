// Pieces of a link's record as ip/ipaddress.c prints them: the flags
// "<BROADCAST,MULTICAST,UP>", the name with its "@peer", the state, the
// hardware addresses, protodown, the kind line under -d, addrgenmode.

import { IFF, type LinkMessage } from '../../netlink/rtnl/link.js';
import type { Attrs } from '../../netlink/schema.js';
import type { PrintContext } from './context.js';
import { kindPrinter, slaveKindPrinter } from './kind/index.js';
import {
  ARPHRD_IP6GRE, ARPHRD_IPGRE, ARPHRD_SIT, ARPHRD_TUNNEL, ARPHRD_TUNNEL6, IFF_PRINT_ORDER, OPER_STATES, addrGenModeName,
} from './names.js';
import { formatIPv4, formatIPv6 } from '../../netlink/inet.js';

/** print_link_flags(): "<NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> ", or the "flags" array */
export function printLinkFlags(ctx: PrintContext, flags: number, mdown: boolean): void {
  const out = ctx.out;
  out.openArray('any', out.isJson ? 'flags' : '<');
  if (flags & IFF.IFF_UP && !(flags & IFF.IFF_RUNNING)) out.string('any', null, flags ? '%s,' : '%s', 'NO-CARRIER');
  flags &= ~IFF.IFF_RUNNING;
  for (const [name, bit] of IFF_PRINT_ORDER) {
    if (!(flags & bit)) continue;
    flags &= ~bit;
    out.string('any', null, flags ? '%s,' : '%s', name);
  }
  if (flags) out.hex('any', null, '%x', flags >>> 0);
  if (mdown) out.string('any', null, ',%s', 'M-DOWN');
  out.closeArray('any', '> ');
}

/**
 * print_name_and_link(): "veth0@veth1" (peer here), "veth0@if37" (peer in
 * another namespace: IFLA_LINK_NETNSID), "ipip0@NONE" (IFLA_LINK 0). Returns
 * whether to add M-DOWN: the link it sits on is down.
 */
export function printNameAndLink(ctx: PrintContext, fmt: string, name: string, a: Attrs): boolean {
  const out = ctx.out;
  let mdown = false;
  let link: string | undefined;
  if (a.IFLA_LINK !== undefined) {
    const iflink = a.IFLA_LINK as number;
    if (iflink) {
      if (a.IFLA_LINK_NETNSID !== undefined) {
        if (out.isJson) out.int('json', 'link_index', null, iflink);
        else link = `if${iflink}`;
      } else {
        const peer = ctx.indexToName(iflink);
        if (out.isJson) out.string('json', 'link', null, peer);
        else link = peer;
        mdown = !(ctx.indexToFlags(iflink) & IFF.IFF_UP);
      }
    } else if (out.isJson) {
      out.null('json', 'link', null, null);
    } else {
      link = 'NONE';
    }
  }
  out.string('any', 'ifname', fmt, link ? `${name}@${link}` : name);
  return mdown;
}

/** print_operstate(): "state UP " ("%-14s " under -br), "operstate" in JSON */
export function printOperstate(ctx: PrintContext, state: number, brief: boolean): void {
  const out = ctx.out;
  const name = OPER_STATES[state];
  if (name === undefined) {
    if (out.isJson) out.uint('json', 'operstate_index', null, state);
    else out.fp('state %#llx', state);
  } else if (brief) {
    out.string('any', 'operstate', '%-14s ', name);
  } else if (out.isJson) {
    out.string('json', 'operstate', null, name);
  } else {
    out.fp('state %s ', name);
  }
}

/** ll_addr_n2a(): colon hex, or an IP address for IP tunnels' 4- and 16-byte addresses */
export function llAddr(text: string, type: number): string {
  const bytes = text === '' ? [] : text.split(':').map((h) => parseInt(h, 16));
  if (bytes.length === 4 && (type === ARPHRD_TUNNEL || type === ARPHRD_SIT || type === ARPHRD_IPGRE)) {
    return formatIPv4(Uint8Array.from(bytes));
  }
  if (bytes.length === 16 && (type === ARPHRD_TUNNEL6 || type === ARPHRD_IP6GRE)) return formatIPv6(Uint8Array.from(bytes));
  return text;
}

/** print_proto_down(): " protodown on ", then "protodown_reason <0,5>" */
export function printProtoDown(ctx: PrintContext, a: Attrs): void {
  const out = ctx.out;
  if (a.IFLA_PROTO_DOWN) out.bool('any', 'proto_down', ' protodown on ', true);
  const reasons = a.IFLA_PROTO_DOWN_REASON as Attrs | undefined;
  // ip 6.1 checks tb[IFLA_PROTO_DOWN_REASON_VALUE] in the link's own table, where
  // index 2 is IFLA_BROADCAST, and reads the value as a u8: mirrored here.
  if (!reasons || a.IFLA_BROADCAST === undefined) return;
  let reason = ((reasons.IFLA_PROTO_DOWN_REASON_VALUE as number | undefined) ?? 0) & 0xff;
  if (!reason) return;
  out.openArray('any', out.isJson ? 'proto_down_reason' : 'protodown_reason <');
  let first = true;
  for (let i = 0; reason; i++, reason >>= 1) {
    if (!(reason & 1)) continue;
    out.string('any', null, first ? '%s' : ',%s', ctx.names.protodownReasons?.get(i) ?? String(i));
    first = false;
  }
  out.closeArray('any', '>');
}

/** print_linktype(): under -d, the line "    veth " / "    bridge forward_delay 1500 ..." and the port's line */
export function printLinkType(ctx: PrintContext, linkinfo: Attrs): void {
  const out = ctx.out;
  out.openObject('linkinfo');
  const kind = linkinfo.IFLA_INFO_KIND as string | undefined;
  if (kind !== undefined) {
    out.nl();
    out.string('any', 'info_kind', '    %s ', kind);
    const print = kindPrinter(kind);
    if (print) {
      out.openObject('info_data');
      const data = linkinfo.IFLA_INFO_DATA;
      if (data && !Buffer.isBuffer(data)) print(ctx, data as Attrs);
      out.closeObject();
    }
  }
  const slaveKind = linkinfo.IFLA_INFO_SLAVE_KIND as string | undefined;
  if (slaveKind !== undefined) {
    out.nl();
    out.string('any', 'info_slave_kind', '    %s_slave ', slaveKind);
    const print = slaveKindPrinter(slaveKind);
    if (print) {
      out.openObject('info_slave_data');
      const data = linkinfo.IFLA_INFO_SLAVE_DATA;
      if (data && !Buffer.isBuffer(data)) print(ctx, data as Attrs);
      out.closeObject();
    }
  }
  out.closeObject();
}

/** print_af_spec(): "addrgenmode eui64 " from IFLA_AF_SPEC > AF_INET6 */
export function printAfSpec(ctx: PrintContext, afSpec: Attrs): void {
  const inet6 = afSpec.AF_INET6 as Attrs | undefined;
  const mode = inet6?.IFLA_INET6_ADDR_GEN_MODE as number | undefined;
  if (mode !== undefined) ctx.out.string('any', 'inet6_addr_gen_mode', 'addrgenmode %s ', addrGenModeName(mode));
}

/** The name ip prints for a link: IFLA_IFNAME, else the cached name of its index. */
export const linkName = (ctx: PrintContext, l: LinkMessage): string =>
  (l.attrs.IFLA_IFNAME as string | undefined) ?? ctx.indexToName(l.ifi_index);
