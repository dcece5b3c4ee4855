// --trace: every datagram a command's sockets send and receive, annotated
// field by field (src/netlink/trace.ts), on stderr.

import { NETLINK_NETFILTER, NETLINK_ROUTE } from '../netlink/constants.js';
import { nftFamily } from '../netlink/nftables/protocol.js';
import { rtnlFamily } from '../netlink/rtnl/index.js';
import type { MessageFamily } from '../netlink/schema.js';
import type { Protocol, TraceHook } from '../netlink/socket.js';
import { traceDatagram } from '../netlink/trace.js';
import type { Io } from './context.js';

/** Message families per netlink protocol. */
export const traceFamilies = new Map<number, (type: number) => MessageFamily | undefined>([
  [NETLINK_ROUTE, rtnlFamily],
  [NETLINK_NETFILTER, nftFamily],
]);

export function traceHook(io: Io): TraceHook {
  return (direction, bytes, protocol: Protocol) => {
    const family = traceFamilies.get(protocol.id) ?? (() => undefined);
    io.err(traceDatagram(direction, bytes, { typeName: protocol.typeName, family }));
  };
}
