// ip link add | set | delete (ip/iplink.c iplink_modify(), iproute2 6.1):
// the arguments are read and checked as ip reads them (link-parse.ts,
// link-kind-args.ts), the devices they name are looked up as ip looks
// them up, and then one operation of src/ops/link.ts does the work:
//
//   add                 addLink()          RTM_NEWLINK, NLM_F_CREATE|NLM_F_EXCL
//   set DEV             setLink()          RTM_NEWLINK on the ifindex
//   delete DEV          deleteLink()       RTM_DELLINK on the ifindex
//   delete group G      deleteLinkGroup()  RTM_DELLINK, ifi_index 0 + IFLA_GROUP
//   set group G ...     setLink() on each link of the group (ip sends one
//                       RTM_NEWLINK with ifi_index 0 + IFLA_GROUP; the ops
//                       have no such request, the kernel does the same walk)

import { UsageError } from '../../netlink/errors.js';
import type { AddLinkSpec, LinkChanges } from '../../ops/link.js';
import { addLink, deleteLink, deleteLinkGroup, listLinks, setLink } from '../../ops/link.js';
import { type Args, CliError } from '../args.js';
import type { CliContext } from '../context.js';
import { loadNameTables } from '../print/conf.js';
import { parseKindArgs } from './link-kind-args.js';
import { kernelRefusal, noSuchDevice } from './link-refusals.js';
import { type LinkArgs, parseLinkArgs, unsupported } from './link-parse.js';
import { findLink, macText, nameToIndex, nodev } from './link-util.js';

export type ModifyCommand = 'add' | 'set' | 'delete';

/** An op on an index ip resolved: the kernel's ENODEV is its "No such device", not ip's "Cannot find device". */
async function onIndex(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof UsageError && e.message.startsWith('Cannot find device')) throw noSuchDevice();
    throw e;
  }
}

const garbage = (arg: string | undefined) => new CliError(`Garbage instead of arguments "${arg} ...". Try "tsip link help".`);

/** The hardware address length of a link's message (its IFLA_ADDRESS), or -1. */
const addrLen = (a: Record<string, unknown>): number =>
  typeof a.IFLA_ADDRESS === 'string' ? (a.IFLA_ADDRESS === '' ? 0 : a.IFLA_ADDRESS.split(':').length) : -1;

function changesOf(p: LinkArgs): LinkChanges {
  const c: LinkChanges = {};
  if (p.up !== undefined) c.up = p.up;
  if (p.mtu !== undefined) c.mtu = p.mtu;
  if (p.name !== undefined) c.name = p.name;
  if (p.address !== undefined) c.address = macText(p.address);
  if (p.master !== undefined) c.master = p.master === 0 ? null : p.master;
  if (p.netns !== undefined) c.netns = p.netns;
  if (p.alias !== undefined) c.alias = p.alias;
  if (p.txqueuelen !== undefined) c.txqueuelen = p.txqueuelen;
  if (p.group !== undefined) c.group = p.group;
  return c;
}

export async function linkModify(cmd: ModifyCommand, a: Args, ctx: CliContext): Promise<number> {
  const groups = loadNameTables().groups;
  const create = cmd === 'add';
  const p = await parseLinkArgs(a, ctx, create, groups);

  // set: an address must be as long as the device's own
  const devMsg = !create && p.dev !== undefined ? await findLink(ctx, p.dev) : undefined;
  if (devMsg && p.address) {
    const halen = addrLen(devMsg.attrs);
    if (halen >= 0 && halen !== p.address.length) {
      throw new CliError(`Invalid address length ${p.address.length} - must be ${halen} bytes`, 1);
    }
  }

  // a group without a device: the request is for every link of the group
  if (p.group !== undefined && p.dev === undefined) {
    if (!a.done) throw garbage(a.peek());
    if (create) throw new CliError('group cannot be used when creating devices.');
    if (cmd === 'delete') await deleteLinkGroup(p.group, ctx.op);
    else {
      const { group: _g, ...changes } = changesOf(p);
      for (const l of await listLinks(ctx.op)) if (l.group === p.group) await setLink(l.index, changes, ctx.op);
    }
    return 0;
  }

  let index = 0;
  let lower: number | undefined;
  if (!create) {
    if (p.dev === undefined) throw new CliError('Not enough information: "dev" argument is required.');
    index = devMsg?.ifi_index ?? (await nameToIndex(ctx, p.dev));
    if (!index) throw nodev(p.dev);
  } else {
    if (p.name !== undefined) throw new CliError('both "name" and "dev" cannot be used when creating devices.');
    if (p.link !== undefined) {
      lower = await nameToIndex(ctx, p.link);
      if (!lower) throw nodev(p.link);
    }
  }

  let options: object | undefined;
  if (p.type !== undefined) options = (await parseKindArgs(p.type, a, ctx, create, groups)).options;
  else if (create) throw new CliError('Not enough information: "type" argument is required', 1);

  if (cmd === 'delete') {
    await onIndex(() => deleteLink(index, ctx.op));
    return 0;
  }
  if (cmd === 'set') {
    // a kind named without arguments changes nothing; with them, it is the kind's own settings
    if (options && Object.keys(options).length) throw unsupported(`link set ... type ${p.type} ARGS`);
    await onIndex(() => setLink(index, changesOf(p), ctx.op));
    return 0;
  }
  const kind = p.type!;
  const refused = kernelRefusal({
    kind, name: p.dev, lower, options: options as Record<string, unknown> | undefined,
    peerName: (options as { peer?: { name?: string } } | undefined)?.peer?.name,
  });
  if (refused) throw refused;
  const spec = {
    kind,
    ...(p.dev !== undefined ? { name: p.dev } : {}),
    ...(p.mtu !== undefined ? { mtu: p.mtu } : {}),
    ...(p.address !== undefined ? { address: macText(p.address) } : {}),
    ...(p.txqueuelen !== undefined ? { txqueuelen: p.txqueuelen } : {}),
    ...(p.group !== undefined ? { group: p.group } : {}),
    ...(p.master ? { master: p.master } : {}),
    ...(p.up !== undefined ? { up: p.up } : {}),
    ...(p.netns !== undefined ? { netns: p.netns } : {}),
    ...(lower !== undefined ? { link: lower } : {}),
    ...(options && Object.keys(options).length ? { options } : {}),
  } as AddLinkSpec;
  await addLink(spec, ctx.op);
  return 0;
}
