// tun/tap devices: `ip tuntap add|del`. The kernel creates these only
// through the character device, not through RTM_NEWLINK:
//
//   fd = open("/dev/net/tun", O_RDWR)
//   ioctl(fd, TUNSETIFF, &ifr)        ifr = { ifr_name, ifr_flags = IFF_TAP|IFF_NO_PI|... }
//   ioctl(fd, TUNSETOWNER, uid)       (when given)
//   ioctl(fd, TUNSETGROUP, gid)       (when given)
//   ioctl(fd, TUNSETPERSIST, 1)       the device outlives the fd
//   close(fd)
//
// The device is born in the network namespace of the file: open() takes the
// opening thread's namespace (tun_chr_open: current->nsproxy->net_ns) and
// TUNSETIFF registers the device there. So for another namespace the open
// and the ioctls all run inside one synchronous withNetns() window.
// <linux/if_tun.h>, <linux/if.h> (struct ifreq), drivers/net/tun.c.

import { closeSync, constants as fsc, openSync } from 'node:fs';
import { OsError, UsageError } from '../netlink/errors.js';
import { ioctl, ioctlInt } from '../netlink/libc.js';
import { netnsPath, osError, withNetns, type NetnsRef } from '../netlink/netns.js';
import { IFF_MULTI_QUEUE, IFF_NO_PI, IFF_TAP, IFF_TUN, IFF_VNET_HDR } from '../netlink/rtnl/linkinfo/tun.js';
import type { NetlinkSocket } from '../netlink/socket.js';
import { withRtnl, type OpOptions } from './context.js';
import { linkView, type Link } from './link-view.js';
import { getLinkMessage } from './resolve.js';
import { checkIfname, checkInt } from './validate.js';

export const TUN_DEVICE = '/dev/net/tun';

/* _IOW('T', n, int): dir 1 << 30 | size 4 << 16 | 'T' << 8 | n */
const iow = (n: number) => ((1 << 30) | (4 << 16) | (0x54 << 8) | n) >>> 0;
export const TUNSETIFF = iow(202);
export const TUNSETPERSIST = iow(203);
export const TUNSETOWNER = iow(204);
export const TUNSETGROUP = iow(206);
/** TUNSETIFF fails with EBUSY when the device exists, rather than attaching to it */
export const IFF_TUN_EXCL = 0x8000;
/** <linux/sockios.h>: an fd for the network namespace of a socket */
export const SIOCGSKNS = 0x894c;
/** sizeof(struct ifreq): ifr_name[IFNAMSIZ], then a 24-byte union (ifr_flags a short at its start) */
const IFREQ_SIZE = 40;

/** The options of `ip tuntap add` beyond the name and mode. */
export interface TuntapOptions {
  /** TUNSETOWNER: the uid allowed to attach */
  owner?: number;
  /** TUNSETGROUP: the gid allowed to attach */
  group?: number;
  /** packets carry struct tun_pi (ip's `pi`; off by default: IFF_NO_PI) */
  pi?: boolean;
  /** IFF_VNET_HDR */
  vnetHdr?: boolean;
  /** IFF_MULTI_QUEUE */
  multiQueue?: boolean;
}

export interface TuntapSpec extends TuntapOptions {
  /** the kernel picks tunN / tapN when absent */
  name?: string;
  mode: 'tun' | 'tap';
}

/** Check a spec before anything is opened; returns the TUNSETIFF flags. */
export function tuntapFlags(mode: unknown, o: TuntapOptions = {}): number {
  if (mode !== 'tun' && mode !== 'tap') throw new UsageError(`Unknown tunnel mode "${String(mode)}"`);
  for (const k of Object.keys(o) as (keyof TuntapOptions)[]) {
    if (o[k] !== undefined && !['owner', 'group', 'pi', 'vnetHdr', 'multiQueue'].includes(k)) {
      throw new UsageError(`Error: unknown option "${k}" for type ${mode}`);
    }
  }
  // uid/gid (u32)-1 means "unset" to the kernel: refused as a value
  if (o.owner !== undefined) checkInt(o.owner, 'user', 0, 0xfffffffe);
  if (o.group !== undefined) checkInt(o.group, 'group', 0, 0xfffffffe);
  let flags = mode === 'tun' ? IFF_TUN : IFF_TAP;
  if (!o.pi) flags |= IFF_NO_PI;
  if (o.vnetHdr) flags |= IFF_VNET_HDR;
  if (o.multiQueue) flags |= IFF_MULTI_QUEUE;
  return flags;
}

function ifreq(name: string | undefined, flags: number): Buffer {
  const b = Buffer.alloc(IFREQ_SIZE);
  if (name) b.write(name, 0, 15, 'utf8');
  b.writeUInt16LE(flags & 0xffff, 16);
  return b;
}

function tunIoctl(fd: number, what: string, request: number, arg: Buffer | number): void {
  try {
    if (typeof arg === 'number') ioctlInt(fd, request, arg);
    else ioctl(fd, request, arg);
  } catch (e) {
    if (e instanceof OsError) throw new OsError(`ioctl(${what})`, e.errno);
    throw e;
  }
}

/**
 * Where to create the device: a namespace given, else the namespace of the
 * socket given (SIOCGSKNS), else the caller's own. Runs `fn` inside it.
 */
function inNamespaceOf<T>(where: { netns?: NetnsRef; socket?: NetlinkSocket }, fn: () => T): T {
  if (where.netns !== undefined || !where.socket) return withNetns(where.netns, fn);
  const nsfd = ioctlInt(where.socket.fd, SIOCGSKNS, 0);
  try {
    return withNetns({ fd: nsfd }, fn);
  } finally {
    closeSync(nsfd);
  }
}

/**
 * Create a persistent tun or tap device and return the name the kernel
 * gave it. Synchronous: the open and the ioctls run inside the namespace
 * window. `flags` comes from tuntapFlags().
 */
export function createTuntap(name: string | undefined, flags: number, o: TuntapOptions, where: { netns?: NetnsRef; socket?: NetlinkSocket }): string {
  if (where.netns !== undefined) netnsPath(where.netns); // a bad name fails here, before anything is opened
  return inNamespaceOf(where, () => {
    let fd: number;
    try {
      fd = openSync(TUN_DEVICE, fsc.O_RDWR);
    } catch (e) {
      throw osError(e, 'open', `open ${TUN_DEVICE}`);
    }
    try {
      const req = ifreq(name, flags | IFF_TUN_EXCL);
      tunIoctl(fd, 'TUNSETIFF', TUNSETIFF, req);
      if (o.owner !== undefined) tunIoctl(fd, 'TUNSETOWNER', TUNSETOWNER, Number(o.owner));
      if (o.group !== undefined) tunIoctl(fd, 'TUNSETGROUP', TUNSETGROUP, Number(o.group));
      tunIoctl(fd, 'TUNSETPERSIST', TUNSETPERSIST, 1);
      const end = req.indexOf(0);
      return req.toString('utf8', 0, end < 0 || end > 16 ? 16 : end);
    } finally {
      closeSync(fd);
    }
  });
}

/**
 * ip tuntap add [dev NAME] mode { tun | tap } [user UID] [group GID] [pi] [vnet_hdr] [multi_queue]
 *
 * Creates a persistent device in `opts.netns` (or the namespace of
 * `opts.socket`) and returns it as `ip link show` sees it.
 */
export async function addTuntap(spec: TuntapSpec, opts: OpOptions = {}): Promise<Link> {
  const { name, mode, ...o } = spec;
  if (name !== undefined) checkIfname(name);
  const flags = tuntapFlags(mode, o);
  const made = createTuntap(name, flags, o, opts);
  return withRtnl(opts, (sock) => linkView(getLinkMessage(sock, made)));
}

/**
 * ip tuntap del dev NAME mode { tun | tap } [multi_queue]
 *
 * Attaches to the device and clears its persistence: it goes when the file
 * is closed. (deleteLink() removes it through RTM_DELLINK as well.)
 */
export async function deleteTuntap(spec: { name: string; mode: 'tun' | 'tap'; multiQueue?: boolean }, opts: OpOptions = {}): Promise<void> {
  checkIfname(spec.name);
  const flags = tuntapFlags(spec.mode, { multiQueue: spec.multiQueue });
  inNamespaceOf(opts, () => {
    let fd: number;
    try {
      fd = openSync(TUN_DEVICE, fsc.O_RDWR);
    } catch (e) {
      throw osError(e, 'open', `open ${TUN_DEVICE}`);
    }
    try {
      tunIoctl(fd, 'TUNSETIFF', TUNSETIFF, ifreq(spec.name, flags));
      tunIoctl(fd, 'TUNSETPERSIST', TUNSETPERSIST, 0);
    } finally {
      closeSync(fd);
    }
  });
}
