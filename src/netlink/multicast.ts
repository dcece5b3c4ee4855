// A listening netlink socket: multicast groups joined, queued datagrams
// read in batches without waiting, each with the nsid of the namespace it
// came from. <linux/netlink.h> (NETLINK_ADD_MEMBERSHIP,
// NETLINK_LISTEN_ALL_NSID), <linux/rtnetlink.h> (RTNLGRP_*), <sys/socket.h>.
//
// The kernel sends a copy of each change notification to every socket that
// joined the change's group (NETLINK_ADD_MEMBERSHIP, RTNLGRP_*). When a
// socket's receive buffer (SO_RCVBUF) is full, copies are dropped, and the
// socket's next receive fails once with ENOBUFS: "you missed some".
//
// With NETLINK_LISTEN_ALL_NSID the socket also hears the namespaces its own
// namespace has an id for (`ip netns set NAME ID`, or ids the kernel gave
// when a link moved). Which namespace a message came from travels beside it
// as ancillary data, so it is read with recvmsg(2), here its batch form
// recvmmsg(2): one call returns every queued datagram, up to VLEN.
//
//   struct mmsghdr { struct msghdr msg_hdr; unsigned int msg_len; }   64 bytes
//   struct msghdr {                       x86_64 / arm64 (LP64) layout
//     void         *msg_name;        0    -> struct sockaddr_nl (the sender)
//     socklen_t     msg_namelen;     8
//     struct iovec *msg_iov;        16    -> { iov_base -> data, iov_len }
//     size_t        msg_iovlen;     24
//     void         *msg_control;    32    -> control messages
//     size_t        msg_controllen; 40
//     int           msg_flags;      48    MSG_TRUNC when the data was cut
//   };                                    (56 bytes)
//
//   struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; data }
//   here: cmsg_level SOL_NETLINK, cmsg_type NETLINK_LISTEN_ALL_NSID, data an int nsid
//   (absent for messages from the socket's own namespace).
//
// ffi-rs passes a Buffer by pointer but cannot build a struct of pointers;
// libc.addressOf() tells a Buffer's address, so every part lives in one
// Buffer that points into itself. The pointers are written once; before
// each call only the lengths the kernel rewrites are reset.

import {
  MSG_DONTWAIT, MSG_TRUNC, NETLINK_LISTEN_ALL_NSID, NETLINK_ROUTE, SOL_NETLINK,
} from './constants.js';
import { OsError } from './errors.js';
import * as libc from './libc.js';
import type { NetnsRef } from './netns.js';
import { NETLINK_ROUTE_PROTOCOL, NetlinkSocket, type Protocol } from './socket.js';

/** Datagrams per recvmmsg() call, and the room for each (iproute2 reads one at a time into 16 KiB). */
const VLEN = 8, SLOT = 32 * 1024;
// Where the parts of slot i lie in the one buffer.
const MMSG = (i: number) => 64 * i;
const IOV = (i: number) => 64 * VLEN + 16 * i;
const NAME = (i: number) => 80 * VLEN + 16 * i;
const CTRL = (i: number) => 96 * VLEN + 32 * i;
const DATA = (i: number) => 128 * VLEN + SLOT * i;
const NAME_LEN = 12; // sizeof(struct sockaddr_nl)
const CTRL_LEN = 32; // CMSG_SPACE(sizeof(int)) = 24, rounded up

export interface MulticastOptions {
  netns?: NetnsRef;
  /** The groups to join: RTNLGRP_* for rtnetlink. */
  groups: readonly number[];
  /** NETLINK_LISTEN_ALL_NSID: hear peer namespaces too. */
  allNsid?: boolean;
  /** SO_RCVBUF in bytes (the kernel doubles it). Default 1 MiB, as iproute2. */
  rcvbuf?: number;
}

/** One datagram read. `bytes` is valid until the next read. */
export interface Datagram {
  bytes: Buffer;
  /** The sender's port id: 0 for the kernel. */
  port: number;
  /** The namespace it came from, as our namespace numbers it; undefined for our own. */
  nsid?: number;
  /** MSG_TRUNC: it did not fit its slot, and `bytes` holds only its start. */
  truncated?: boolean;
}

/** What a read found: datagrams, nothing queued, or a loss the kernel reported (ENOBUFS). */
export type ReadResult = Datagram[] | 'empty' | 'overflow';

export class MulticastSocket {
  readonly sock: NetlinkSocket;
  private readonly b = Buffer.allocUnsafeSlow(DATA(VLEN)); // own backing store: its address stays valid

  private constructor(sock: NetlinkSocket) {
    this.sock = sock;
    const b = this.b.fill(0, 0, DATA(0)), base = libc.addressOf(this.b);
    const at = (off: number) => base + BigInt(off);
    for (let i = 0; i < VLEN; i++) {
      b.writeBigUInt64LE(at(NAME(i)), MMSG(i)); //      msg_name
      b.writeBigUInt64LE(at(IOV(i)), MMSG(i) + 16); //   msg_iov
      b.writeBigUInt64LE(1n, MMSG(i) + 24); //           msg_iovlen
      b.writeBigUInt64LE(at(CTRL(i)), MMSG(i) + 32); //  msg_control
      b.writeBigUInt64LE(at(DATA(i)), IOV(i)); //        iov_base
      b.writeBigUInt64LE(BigInt(SLOT), IOV(i) + 8); //   iov_len
    }
  }

  get fd(): number {
    return this.sock.fd;
  }

  /** Open a socket in `opts.netns` and join `opts.groups`. */
  static open(opts: MulticastOptions, protocol: Protocol = NETLINK_ROUTE_PROTOCOL): MulticastSocket {
    if (protocol.id !== NETLINK_ROUTE && opts.allNsid) throw new Error('allNsid is an rtnetlink option here');
    const sock = NetlinkSocket.open(protocol, { netns: opts.netns, groups: opts.groups, rcvbuf: opts.rcvbuf });
    try {
      if (opts.allNsid) libc.setsockoptInt(sock.fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, 1);
    } catch (e) {
      sock.close();
      throw e;
    }
    return new MulticastSocket(sock);
  }

  /** recvmmsg(2): every queued datagram (up to VLEN), without waiting. */
  read(): ReadResult {
    const b = this.b;
    for (let i = 0; i < VLEN; i++) {
      b.writeUInt32LE(NAME_LEN, MMSG(i) + 8); //         msg_namelen
      b.writeUInt32LE(CTRL_LEN, MMSG(i) + 40); //        msg_controllen (low half of a size_t)
      b.writeInt32LE(0, MMSG(i) + 48); //                msg_flags
    }
    let n: number;
    try {
      n = libc.recvmmsg(this.sock.fd, b.subarray(0, MMSG(VLEN)), VLEN, MSG_DONTWAIT);
    } catch (e) {
      if (e instanceof OsError && (e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK' || e.code === 'EINTR')) return 'empty';
      if (e instanceof OsError && e.code === 'ENOBUFS') return 'overflow';
      throw e;
    }
    const out: Datagram[] = [];
    for (let i = 0; i < n; i++) {
      const len = b.readUInt32LE(MMSG(i) + 56); // msg_len
      // struct sockaddr_nl { u16 nl_family; u16 pad; u32 nl_pid; u32 nl_groups; }
      const d: Datagram = { bytes: b.subarray(DATA(i), DATA(i) + Math.min(len, SLOT)), port: b.readUInt32LE(NAME(i) + 4) };
      if (b.readInt32LE(MMSG(i) + 48) & MSG_TRUNC) d.truncated = true;
      const end = CTRL(i) + Number(b.readBigUInt64LE(MMSG(i) + 40));
      for (let off = CTRL(i); off + 16 <= end;) {
        const clen = Number(b.readBigUInt64LE(off)); // cmsg_len: header + data; CMSG_ALIGN'ed to 8 between messages
        if (clen < 16 || off + clen > end) break;
        if (b.readInt32LE(off + 8) === SOL_NETLINK && b.readInt32LE(off + 12) === NETLINK_LISTEN_ALL_NSID && clen >= 20) {
          d.nsid = b.readInt32LE(off + 16);
        }
        off += (clen + 7) & ~7;
      }
      out.push(d);
    }
    return out;
  }

  close(): void {
    this.sock.close();
  }
}
