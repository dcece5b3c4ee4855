// ip tuntap show (ip/iptuntap.c print_tuntap(), iproute2 6.1):
//
//   tap0: tap persist
//   tun0: tun pi multi_queue vnet_hdr persist filter user 1000 group 100
//
// ip reads each device's flags from sysfs (/sys/class/net/NAME/tun_flags,
// owner, group); tsip reads them from the link's IFLA_INFO_DATA, which
// holds the same bits but one: IFF_ONE_QUEUE (a flag the kernel keeps and
// ignores). That one is read from sysfs when the command works in tsip's
// own namespace, the one /sys shows. One RTM_GETLINK dump, filtered by the
// kernel to kind "tun", as ip sends it.

import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { RTM } from '../../netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../netlink/rtnl/link.js';
import { IFF_MULTI_QUEUE, IFF_NO_PI, IFF_TAP, IFF_TUN, IFF_VNET_HDR } from '../../netlink/rtnl/linkinfo/tun.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import { withRtnl } from '../../ops/context.js';
import type { CliContext } from '../context.js';
import { Output } from '../print/output.js';

const IFF_ONE_QUEUE = 0x2000;
const IFF_PERSIST = 0x800;
const IFF_NOFILTER = 0x1000;
const ARPHRD_ETHER = 1;
const ARPHRD_NONE = 0xfffe;

interface TunDevice {
  name: string;
  flags: number;
  owner?: number;
  group?: number;
}

/** The tun_flags bits of a link, from its IFLA_INFO_DATA (IFLA_TUN_*). */
function tunFlags(d: Attrs): number {
  let f = d.IFLA_TUN_TYPE === IFF_TAP ? IFF_TAP : d.IFLA_TUN_TYPE === IFF_TUN ? IFF_TUN : 0;
  if (!d.IFLA_TUN_PI) f |= IFF_NO_PI;
  if (d.IFLA_TUN_VNET_HDR) f |= IFF_VNET_HDR;
  if (d.IFLA_TUN_MULTI_QUEUE) f |= IFF_MULTI_QUEUE;
  if (d.IFLA_TUN_PERSIST) f |= IFF_PERSIST;
  return f;
}

/** IFF_ONE_QUEUE from sysfs, for a device of our own namespace (same name, same index). */
function oneQueue(name: string, index: number): number {
  try {
    if (Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8')) !== index) return 0;
    return Number(readFileSync(`/sys/class/net/${name}/tun_flags`, 'utf8')) & IFF_ONE_QUEUE;
  } catch {
    return 0;
  }
}

function devices(ctx: CliContext): TunDevice[] {
  const msgs = withRtnl(ctx.op, (sock) => sock.dump(RTM.RTM_GETLINK, 0,
    (w) => encodeBody(link, { attrs: { IFLA_LINKINFO: { IFLA_INFO_KIND: 'tun' } } }, w),
    (m) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage));
  const out: TunDevice[] = [];
  for (const m of msgs) {
    if (m.ifi_type !== ARPHRD_ETHER && m.ifi_type !== ARPHRD_NONE) continue;
    const li = m.attrs.IFLA_LINKINFO as Attrs | undefined;
    const name = m.attrs.IFLA_IFNAME as string | undefined;
    if (!name || li?.IFLA_INFO_KIND !== 'tun') continue;
    const d = (li.IFLA_INFO_DATA ?? {}) as Attrs;
    const dev: TunDevice = { name, flags: tunFlags(d) | (ctx.op.netns === undefined ? oneQueue(name, m.ifi_index) : 0) };
    if (d.IFLA_TUN_OWNER !== undefined) dev.owner = d.IFLA_TUN_OWNER as number;
    if (d.IFLA_TUN_GROUP !== undefined) dev.group = d.IFLA_TUN_GROUP as number;
    out.push(dev);
  }
  return out;
}

/** print_flags() */
function printFlags(out: Output, flags: number): void {
  out.openArray('json', 'flags');
  const word = (w: string) => out.string('any', null, ' %s', w);
  if (flags & IFF_TUN) word('tun');
  if (flags & IFF_TAP) word('tap');
  if (!(flags & IFF_NO_PI)) word('pi');
  if (flags & IFF_ONE_QUEUE) word('one_queue');
  if (flags & IFF_MULTI_QUEUE) word('multi_queue');
  if (flags & IFF_VNET_HDR) word('vnet_hdr');
  if (flags & IFF_PERSIST) word('persist');
  if (!(flags & IFF_NOFILTER)) word('filter');
  // (ip prints other bits as hex; the bits read here are all named above)
  out.closeArray('json', null);
}

/** show_processes(): the processes holding /dev/net/tun open on the device */
function printProcesses(out: Output, name: string): void {
  out.openArray('json', 'processes');
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    /* no /proc */
  }
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== '/dev/net/tun') continue;
        const iff = /^iff:\s*(\S+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
        if (iff !== name) continue;
        let comm = '<NULL>';
        try {
          comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim().split(/\s/)[0]!;
        } catch {
          /* gone */
        }
        out.string('any', 'name', '%s', comm);
        out.uint('any', 'pid', '(%d)', Number(pid));
      } catch {
        /* the fd went away, or is not ours to read */
      }
    }
  }
  out.closeArray('json', null);
}

export function tuntapShow(ctx: CliContext): number {
  const out = new Output({ json: ctx.opts.json, pretty: ctx.opts.pretty, oneline: ctx.opts.oneline });
  out.openAnonArray();
  for (const d of devices(ctx)) {
    out.openObject();
    out.string('any', 'ifname', '%s:', d.name);
    printFlags(out, d.flags);
    if (d.owner !== undefined) out.u64('any', 'user', ' user %ld', d.owner);
    if (d.group !== undefined) out.u64('any', 'group', ' group %ld', d.group);
    if (ctx.opts.details) {
      out.string('fp', null, '%s\tAttached to processes:', out.SL);
      printProcesses(out, d.name);
    }
    out.closeObject();
    out.string('fp', null, '%s', '\n');
  }
  out.closeArray('json', null);
  ctx.io.out(out.finish());
  return 0;
}
