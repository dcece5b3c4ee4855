// How an operation gets its socket. Every op takes OpOptions: a namespace
// to work in, or an open socket to reuse. Without a socket, the op opens
// one in the namespace (the thread is inside only for socket()), does its
// one request, and closes it.

import type { NetnsRef } from '../netlink/netns.js';
import { NETLINK_ROUTE_PROTOCOL, NetlinkSocket, type SocketOptions } from '../netlink/socket.js';

export interface OpOptions {
  /** The namespace to work in: name, path, { pid } or { fd }. The caller's own when absent. */
  netns?: NetnsRef;
  /** An open rtnetlink socket to reuse; its namespace is the one worked in. */
  socket?: NetlinkSocket;
  /** Socket options for a socket opened for this op (timeout, trace). */
  socketOptions?: Omit<SocketOptions, 'netns'>;
}

/**
 * Open an rtnetlink socket in a namespace, for reuse across operations
 * (pass it as `{ socket }`; close it when done). No `ip` equivalent: ip opens
 * one socket per command; `ip -batch` reuses it across commands.
 */
export function openRtnl(opts: { netns?: NetnsRef } & Omit<SocketOptions, 'netns'> = {}): NetlinkSocket {
  return NetlinkSocket.open(NETLINK_ROUTE_PROTOCOL, opts);
}

/**
 * Run `fn` with the op's socket: the given one, or one opened (and closed)
 * for it. No `ip` equivalent: the plumbing every operation uses, for new ones.
 */
export function withRtnl<T>(opts: OpOptions, fn: (sock: NetlinkSocket) => T): T {
  if (opts.socket) return fn(opts.socket);
  const sock = openRtnl({ ...opts.socketOptions, netns: opts.netns });
  try {
    return fn(sock);
  } finally {
    sock.close();
  }
}
