// tsip nexthop [ { list | show | lst } [ protocol ID ] SELECTOR ]
// tsip nexthop get id ID
// tsip nexthop { add | replace } id ID NH; del id ID; flush [ protocol ID ] SELECTOR
// tsip nexthop bucket [ { list | show | lst } BUCKET_SELECTOR ]
// tsip nexthop bucket get id ID index INDEX
//
// ip/ipnexthop.c do_ipnh(): the selector goes to the kernel as ip sends it
// (NHA_OIF, NHA_GROUPS, NHA_MASTER, NHA_FDB; for buckets NHA_ID and
// NHA_RES_BUCKET > NHA_RES_BUCKET_NH_ID too), "id N" is one RTM_GETNEXTHOP
// (the words after it are not read), and the answers are printed by
// ../print/nexthop.ts. Adding, replacing, deleting and flushing:
// nexthop-modify.ts.

import { NetlinkError } from '../../netlink/errors.js';
import { RTM } from '../../netlink/rtnl/constants.js';
import { nexthop, type NexthopMessage } from '../../netlink/rtnl/nexthop.js';
import { decodeBody, encodeBody, type Attrs } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { Args, CliError, invarg, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { formatNexthopBuckets, formatNexthops } from '../print/nexthop.js';
import { loadRtNames } from '../print/rt-names-file.js';
import { getU16, getUnsigned, preferredFamily } from './ip-parse.js';
import { NEXTHOP_USAGE } from './ip-usage.js';
import { flushNexthops, modifyNexthop, parseNhId } from './nexthop-modify.js';
import { linkNames, nameToIndex, withSession } from './rtnl-session.js';

const decode = (m: { buf: Buffer; start: number; end: number }) => decodeBody(nexthop, m.buf, m.start, m.end) as NexthopMessage;

function usage(ctx: CliContext): number {
  ctx.io.err(NEXTHOP_USAGE);
  return 255;
}


function device(sock: NetlinkSocket, name: string): number {
  const index = nameToIndex(sock, name);
  if (!index) throw invarg('Device does not exist\n', name);
  return index;
}

/** rtnl_talk() failing: ip prints the kernel's answer and the command fails with 2. */
function talk<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof NetlinkError) throw new CliError(e.message, 2, false);
    throw e;
  }
}

/** rtnl_dump_filter() failing: ip prints the kernel's answer (not for ENOENT, EOPNOTSUPP), then "Dump terminated". */
function dumped<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof NetlinkError)) throw e;
    const quiet = e.code === 'ENOENT' || e.code === 'EOPNOTSUPP';
    throw new CliError(quiet ? 'Dump terminated' : `${e.message}\nDump terminated`, 2, false);
  }
}

type Session = { sock: NetlinkSocket; names: Map<number, string> };

function printObjects(ctx: CliContext, s: Session, msgs: NexthopMessage[], protocol = 0): void {
  const { opts } = ctx;
  ctx.io.out(formatNexthops(msgs, { json: opts.json, pretty: opts.pretty, details: opts.details, linkNames: s.names, names: loadRtNames(), protocol }));
}

function getById(ctx: CliContext, s: Session, id: number, family: number): number {
  const msgs = talk(() => s.sock.request(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: family, attrs: { NHA_ID: id } }, w), decode));
  printObjects(ctx, s, msgs);
  return 0;
}

/** ip nexthop flush id ID: the one object deleted, silently; the kernel's refusal printed, status 1. */
function flushId(sock: NetlinkSocket, id: number): number {
  try {
    sock.request(RTM.RTM_DELNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: 0, attrs: { NHA_ID: id } }, w));
  } catch (e) {
    if (e instanceof NetlinkError) throw new CliError(e.message, 1, false);
    throw e;
  }
  return 0;
}

/** ipnh_list_flush(): IPNH_LIST, or IPNH_FLUSH with `flush` */
function list(argv: readonly string[], ctx: CliContext, s: Session, flush = false): number {
  const family = preferredFamily(ctx.opts);
  const attrs: Attrs = {};
  let protocol = 0;
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (matches(a, 'dev')) attrs.NHA_OIF = device(s.sock, args.value());
    else if (matches(a, 'groups')) attrs.NHA_GROUPS = true;
    else if (matches(a, 'master')) attrs.NHA_MASTER = device(s.sock, args.value());
    else if (matches(a, 'vrf')) throw new CliError(`tsip nexthop: "vrf" is not supported by tsip.`);
    else if (a === 'id') return flush ? flushId(s.sock, parseNhId(args.value())) : getById(ctx, s, parseNhId(args.value()), family);
    else if (matches(a, 'protocol')) {
      const v = args.value();
      const n = getUnsigned(v);
      if (n === undefined) throw invarg('invalid protocol value', v);
      protocol = n;
    } else if (matches(a, 'fdb')) attrs.NHA_FDB = true;
    else if (matches(a, 'help')) return usage(ctx);
    else throw invarg('', a);
  }
  if (flush) return flushNexthops(ctx, s.sock, attrs, protocol, argv.length === 0);
  const msgs = dumped(() => s.sock.dump(RTM.RTM_GETNEXTHOP, 0, (w) => encodeBody(nexthop, { nh_family: family, attrs }, w), decode));
  printObjects(ctx, s, msgs, protocol);
  return 0;
}

/** ipnh_get() */
function get(argv: readonly string[], ctx: CliContext, s: Session): number {
  let id = 0;
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (a === 'id') id = parseNhId(args.value());
    else return usage(ctx);
  }
  if (!id) return usage(ctx);
  return getById(ctx, s, id, preferredFamily(ctx.opts));
}

function printBuckets(ctx: CliContext, msgs: NexthopMessage[]): void {
  ctx.io.out(formatNexthopBuckets(msgs, { json: ctx.opts.json, pretty: ctx.opts.pretty }));
}

/** ipnh_bucket_list() */
function bucketList(argv: readonly string[], ctx: CliContext, s: Session): number {
  const attrs: Attrs = {};
  let nhid = 0;
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (matches(a, 'dev')) attrs.NHA_OIF = device(s.sock, args.value());
    else if (matches(a, 'master')) attrs.NHA_MASTER = device(s.sock, args.value());
    else if (matches(a, 'vrf')) throw new CliError(`tsip nexthop: "vrf" is not supported by tsip.`);
    else if (a === 'id') attrs.NHA_ID = parseNhId(args.value());
    else if (a === 'nhid') nhid = parseNhId(args.value());
    else if (matches(a, 'help')) return usage(ctx);
    else throw invarg('', a);
  }
  // nh_dump_bucket_filter(): the dump filter's attributes first, then NHA_ID, then the bucket nest
  const ordered: Attrs = {};
  for (const k of ['NHA_OIF', 'NHA_MASTER', 'NHA_ID']) if (attrs[k] !== undefined) ordered[k] = attrs[k];
  if (nhid) ordered.NHA_RES_BUCKET = { NHA_RES_BUCKET_NH_ID: nhid };
  const family = preferredFamily(ctx.opts);
  printBuckets(ctx, dumped(() => s.sock.dump(RTM.RTM_GETNEXTHOPBUCKET, 0, (w) => encodeBody(nexthop, { nh_family: family, attrs: ordered }, w), decode)));
  return 0;
}

/** ipnh_bucket_get() */
function bucketGet(argv: readonly string[], ctx: CliContext, s: Session): number {
  let id = 0;
  let index: number | undefined;
  const args = new Args(argv);
  while (!args.done) {
    const a = args.take();
    if (a === 'id') id = parseNhId(args.value());
    else if (a === 'index') {
      const v = args.value();
      index = getU16(v);
      if (index === undefined) throw invarg('invalid bucket index value', v);
    } else return usage(ctx);
  }
  if (!id || index === undefined) return usage(ctx);
  const family = preferredFamily(ctx.opts);
  const msgs = talk(() => s.sock.request(RTM.RTM_GETNEXTHOPBUCKET, 0,
    (w) => encodeBody(nexthop, { nh_family: family, attrs: { NHA_ID: id, NHA_RES_BUCKET: { NHA_RES_BUCKET_INDEX: index } } }, w), decode));
  printBuckets(ctx, msgs);
  return 0;
}

function bucket(argv: readonly string[], ctx: CliContext, s: Session): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return bucketList([], ctx, s);
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return bucketList(rest, ctx, s);
  if (matches(cmd, 'get')) return bucketGet(rest, ctx, s);
  if (matches(cmd, 'help')) return usage(ctx);
  throw new CliError(`Command "${cmd}" is unknown, try "tsip nexthop help".`);
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  const modify = cmd === undefined ? undefined : (['add', 'replace', 'delete'] as const).find((w) => matches(cmd, w));
  const known = cmd === undefined || modify !== undefined || ['list', 'show', 'lst', 'get', 'flush', 'bucket'].some((w) => matches(cmd, w));
  if (!known) {
    if (matches(cmd, 'help')) return usage(ctx);
    throw new CliError(`Command "${cmd}" is unknown, try "tsip nexthop help".`);
  }
  return withSession(ctx, async (sock, op) => {
    if (modify) return talk(() => modifyNexthop(modify, rest, ctx, sock, loadRtNames(), (name) => device(sock, name), () => usage(ctx)));
    const s: Session = { sock, names: await linkNames(op) };
    if (cmd === undefined) return list([], ctx, s);
    if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return list(rest, ctx, s);
    if (matches(cmd, 'get')) return get(rest, ctx, s);
    if (matches(cmd, 'flush')) return list(rest, ctx, s, true);
    return bucket(rest, ctx, s);
  });
}
