// Naming links: by name or by index. Addresses, routes and neighbours name
// their link by index on the wire, so names are looked up first with one
// RTM_GETLINK (the kernel resolves IFLA_IFNAME; no dump of every link).

import { UsageError } from '../netlink/errors.js';
import { NetlinkError } from '../netlink/errors.js';
import { RTM, RTEXT_FILTER_SKIP_STATS } from '../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../netlink/rtnl/link.js';
import { decodeBody, encodeBody } from '../netlink/schema.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { checkIfname } from './validate.js';

/** A link, by name ("veth0") or by index (36). */
export type LinkRef = string | number;

/**
 * RTM_GETLINK for one link, by name or index: `ip link show dev NAME`.
 * A missing link is a UsageError worded as iproute2's: Cannot find device "x".
 */
export function getLinkMessage(sock: NetlinkSocket, ref: LinkRef, extMask = RTEXT_FILTER_SKIP_STATS): LinkMessage {
  const byName = typeof ref === 'string';
  if (byName) checkIfname(ref);
  else if (!Number.isInteger(ref) || ref <= 0) throw new UsageError(`Cannot find device "${ref}"`);
  try {
    const [msg] = sock.request(RTM.RTM_GETLINK, 0,
      (w) => encodeBody(link, { ifi_index: byName ? 0 : ref, attrs: { ...(byName ? { IFLA_IFNAME: ref } : {}), IFLA_EXT_MASK: extMask } }, w),
      (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage);
    if (!msg) throw new UsageError(`Cannot find device "${ref}"`);
    return msg;
  } catch (e) {
    if (e instanceof NetlinkError && e.code === 'ENODEV') throw new UsageError(`Cannot find device "${ref}"`);
    throw e;
  }
}

/**
 * The index of a link named by name or index. One RTM_GETLINK by name, of
 * whose answer only ifinfomsg's ifi_index is read: decoding the whole link
 * message (IFLA_AF_SPEC's per-family tables alone are ~1 KiB) costs more
 * than the round trip (measured, bench/README.md).
 */
export function linkIndex(sock: NetlinkSocket, ref: LinkRef): number {
  if (typeof ref === 'number') return ref;
  checkIfname(ref);
  try {
    // struct ifinfomsg { u8 ifi_family; u8 pad; u16 ifi_type; s32 ifi_index; ... }
    const [index] = sock.request(RTM.RTM_GETLINK, 0,
      (w) => encodeBody(link, { ifi_index: 0, attrs: { IFLA_IFNAME: ref, IFLA_EXT_MASK: RTEXT_FILTER_SKIP_STATS } }, w),
      (m) => (m.hdr.nlmsg_type === RTM.RTM_NEWLINK && m.end - m.start >= 16 ? m.buf.readInt32LE(m.start + 4) : undefined));
    if (index === undefined) throw new UsageError(`Cannot find device "${ref}"`);
    return index;
  } catch (e) {
    if (e instanceof NetlinkError && e.code === 'ENODEV') throw new UsageError(`Cannot find device "${ref}"`);
    throw e;
  }
}
