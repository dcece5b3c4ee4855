// tsip netconf [ { show | list | lst } [ dev DEV ] ]
//
// ip/ipnetconf.c do_ipnetconf(): with a family (-4/-6) and a device, one
// RTM_GETNETCONF request, printed as text even under -j (ip opens no JSON
// context for it); otherwise one dump of the family (AF_UNSPEC gives every
// family on this kernel), filtered by device and printed by
// ../print/netconf.ts. Words other than "dev" are ignored, as ip ignores them.

import { AF_INET, AF_UNSPEC } from '../../netlink/constants.js';
import { NetlinkError } from '../../netlink/errors.js';
import { RTM } from '../../netlink/rtnl/constants.js';
import { netconf, type NetconfMessage } from '../../netlink/rtnl/netconf.js';
import { decodeBody, encodeBody } from '../../netlink/schema.js';
import type { NetlinkSocket } from '../../netlink/socket.js';
import { CliError, incomplete, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { formatNetconf, formatNetconfs } from '../print/netconf.js';
import { preferredFamily } from './ip-parse.js';
import { NETCONF_USAGE } from './ip-usage.js';
import { linkNames, nameToIndex, withSession } from './rtnl-session.js';

const decode = (m: { buf: Buffer; start: number; end: number }) => decodeBody(netconf, m.buf, m.start, m.end) as NetconfMessage;

function dump(sock: NetlinkSocket, family: number): NetconfMessage[] {
  return sock.dump(RTM.RTM_GETNETCONF, 0, (w) => encodeBody(netconf, { ncm_family: family }, w), decode);
}

async function show(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { opts, io } = ctx;
  const family = preferredFamily(opts);
  return withSession(ctx, async (sock, op) => {
    let ifindex = 0;
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] !== 'dev') continue;
      const name = argv[++i];
      if (name === undefined) throw incomplete();
      ifindex = nameToIndex(sock, name);
      if (ifindex <= 0) throw new CliError(`Device "${name}" does not exist.`, 1, false);
    }
    const names = await linkNames(op);
    if (ifindex && family !== AF_UNSPEC) {
      let msg: NetconfMessage | undefined;
      try {
        [msg] = sock.request(RTM.RTM_GETNETCONF, 0, (w) => encodeBody(netconf, { ncm_family: family, attrs: { NETCONFA_IFINDEX: ifindex } }, w), decode);
      } catch (e) {
        if (e instanceof NetlinkError) throw new CliError(e.message, 2, true);
        throw e;
      }
      if (msg) io.out(formatNetconf(RTM.RTM_NEWNETCONF, msg, { linkNames: names, filter: { family, ifindex } }));
      return 0;
    }
    let msgs: NetconfMessage[];
    try {
      msgs = dump(sock, family);
    } catch (e) {
      // a kernel without AF_UNSPEC netconf dumps: ip asks for inet, then inet6
      if (!(e instanceof NetlinkError)) throw e;
      if (e.code !== 'EOPNOTSUPP' || family !== AF_UNSPEC) throw new CliError(`${e.message}\nDump terminated`, 1, true);
      io.out(formatNetconfs(dump(sock, AF_INET), { json: opts.json, pretty: opts.pretty, linkNames: names, filter: { family: AF_INET, ifindex } }));
      msgs = dump(sock, 10);
      io.out(formatNetconfs(msgs, { json: opts.json, pretty: opts.pretty, linkNames: names, filter: { family: 10, ifindex } }));
      return 0;
    }
    io.out(formatNetconfs(msgs, { json: opts.json, pretty: opts.pretty, linkNames: names, filter: { family, ifindex } }));
    return 0;
  });
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return show([], ctx);
  if (matches(cmd, 'show') || matches(cmd, 'lst') || matches(cmd, 'list')) return show(rest, ctx);
  if (matches(cmd, 'help')) {
    ctx.io.err(NETCONF_USAGE);
    return 255;
  }
  throw new CliError(`Command "${cmd}" is unknown, try "tsip netconf help".`);
}
