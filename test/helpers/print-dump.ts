// Dumps for the printer tests, sent as iproute2 6.1 sends them (checked
// with scripts/capture.ts):
//
//   ip link show        RTM_GETLINK  ifi_family AF_PACKET  IFLA_EXT_MASK RTEXT_FILTER_VF
//   ip addr show        RTM_GETLINK  ifi_family 0          IFLA_EXT_MASK RTEXT_FILTER_VF
//                       RTM_GETADDR  ifa_family 0
//   ip -4 | -6 addr     RTM_GETLINK  ifi_family AF_INET | AF_INET6, no attributes
//                       RTM_GETADDR  ifa_family AF_INET | AF_INET6
//
// (-s and -d change nothing in the requests: ip asks for statistics always.)

import { NetlinkSocket } from '../../src/netlink/socket.js';
import { RTM, RTEXT_FILTER_VF } from '../../src/netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../src/netlink/rtnl/link.js';
import { address, type AddressMessage } from '../../src/netlink/rtnl/address.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';

function withSocket<T>(netns: string, fn: (s: NetlinkSocket) => T): T {
  const sock = NetlinkSocket.open(undefined, { netns });
  try {
    return fn(sock);
  } finally {
    sock.close();
  }
}

/** RTM_GETLINK dump; `extMask` null sends no IFLA_EXT_MASK. */
export function dumpLinks(netns: string, family: number, extMask: number | null = RTEXT_FILTER_VF): LinkMessage[] {
  return withSocket(netns, (s) => s.dump(RTM.RTM_GETLINK, 0,
    (w) => encodeBody(link, { ifi_family: family, attrs: extMask === null ? {} : { IFLA_EXT_MASK: extMask } }, w),
    (m) => decodeBody(link, m.buf, m.start, m.end)));
}

/** RTM_GETADDR dump of `family` (0 for all). */
export function dumpAddrs(netns: string, family: number): AddressMessage[] {
  return withSocket(netns, (s) => s.dump(RTM.RTM_GETADDR, 0,
    (w) => encodeBody(address, { ifa_family: family }, w),
    (m) => decodeBody(address, m.buf, m.start, m.end)));
}
