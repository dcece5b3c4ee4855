// `ip -d link` for kind "tun" (tun and tap devices): ip/iptuntap.c tun_print_opt().

import { IFF_TAP, IFF_TUN } from '../../../netlink/rtnl/linkinfo/tun.js';
import type { Attrs } from '../../../netlink/schema.js';
import type { PrintContext } from '../context.js';

export function printTun(ctx: PrintContext, d: Attrs): void {
  const out = ctx.out;
  if (d.IFLA_TUN_TYPE !== undefined) {
    const type = d.IFLA_TUN_TYPE as number;
    out.string('any', 'type', 'type %s ', type === IFF_TUN ? 'tun' : type === IFF_TAP ? 'tap' : `UNKNOWN:${type}`);
  }
  if (d.IFLA_TUN_PI !== undefined) out.onOff('any', 'pi', 'pi %s ', d.IFLA_TUN_PI as number);
  if (d.IFLA_TUN_VNET_HDR !== undefined) out.onOff('any', 'vnet_hdr', 'vnet_hdr %s ', d.IFLA_TUN_VNET_HDR as number);
  // print_mq()
  if (!d.IFLA_TUN_MULTI_QUEUE) {
    if (out.isJson) out.bool('json', 'multi_queue', null, false);
  } else {
    out.bool('any', 'multi_queue', 'multi_queue ', true);
    if (d.IFLA_TUN_NUM_QUEUES !== undefined) out.uint('any', 'numqueues', 'numqueues %u ', d.IFLA_TUN_NUM_QUEUES as number);
    if (d.IFLA_TUN_NUM_DISABLED_QUEUES !== undefined) {
      out.uint('any', 'numdisabled', 'numdisabled %u ', d.IFLA_TUN_NUM_DISABLED_QUEUES as number);
    }
  }
  if (d.IFLA_TUN_PERSIST !== undefined) out.onOff('any', 'persist', 'persist %s ', d.IFLA_TUN_PERSIST as number);
  // owner and group by name when /etc/passwd and /etc/group know them (getpwuid, getgrgid)
  if (d.IFLA_TUN_OWNER !== undefined) {
    const uid = d.IFLA_TUN_OWNER as number;
    const name = ctx.names.users?.get(uid);
    if (name !== undefined) out.string('any', 'user', 'user %s ', name);
    else out.uint('any', 'user', 'user %u ', uid);
  }
  if (d.IFLA_TUN_GROUP !== undefined) {
    const gid = d.IFLA_TUN_GROUP as number;
    const name = ctx.names.userGroups?.get(gid);
    if (name !== undefined) out.string('any', 'group', 'group %s ', name);
    else out.uint('any', 'group', 'group %u ', gid);
  }
}
