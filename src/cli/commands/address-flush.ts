// tsip address flush SELECTOR
//
// ip/ipaddress.c ipaddr_flush(): dump the addresses, send each one the
// selector selects back as RTM_DELADDR, and again until none is left (ten
// rounds, or -loops; one with "primary"). An address already gone with its
// primary (EADDRNOTAVAIL) is not an error. -s counts the rounds, -s -s
// prints each address deleted.

import { AF_UNSPEC } from '../../netlink/constants.js';
import { strerror } from '../../netlink/errno.js';
import { NetlinkError } from '../../netlink/errors.js';
import { IFA_F, type AddressMessage } from '../../netlink/rtnl/address.js';
import { RTM } from '../../netlink/rtnl/constants.js';
import type { LinkMessage } from '../../netlink/rtnl/link.js';
import { CliError } from '../args.js';
import type { CliContext } from '../context.js';
import { printAddrinfo } from '../print/address.js';
import { loadNameTables } from '../print/conf.js';
import { PrintContext, type NameTables } from '../print/context.js';
import { dumpAddrs, dumpLinks, isUsage, namer, select, usage } from './address-dump.js';
import { addressPasses } from './address-select.js';
import { AF_PACKET, preferredFamily } from './ip-parse.js';
import { terminated, withSession } from './rtnl-session.js';

export async function flushAddresses(argv: string[], ctx: CliContext): Promise<number> {
  if (argv.length === 0) throw new CliError('Flush requires arguments.', 1);
  if (preferredFamily(ctx.opts) === AF_PACKET) throw new CliError('Cannot flush link addresses.', 1);
  const { io, opts } = ctx;
  try {
    return await withSession(ctx, (sock) => {
      const f = select(argv, ctx, sock);
      const known = f.label !== undefined || opts.stats > 1 ? dumpLinks(sock, AF_UNSPEC) : [];
      const name = namer(known);
      const tables = loadNameTables();
      const primaryOnly = !(f.flags & IFA_F.IFA_F_SECONDARY) && (f.flagmask & IFA_F.IFA_F_SECONDARY) !== 0;
      const maxRounds = opts.loops;
      for (let round = 0; maxRounds === 0 || round < maxRounds;) {
        const found = terminated('Flush', 1, () => dumpAddrs(sock, f.family, 0)).filter((a) => addressPasses(a.msg, f, name));
        if (found.length === 0) return flushDone(ctx, round);
        round++;
        if (opts.stats > 1) for (const a of found) io.out(flushedLine(a.msg, known, tables));
        for (const a of found) {
          try {
            sock.request(RTM.RTM_DELADDR, 0, (w) => w.bytes(a.body));
          } catch (e) {
            if (!(e instanceof NetlinkError)) throw e;
            if (e.code === 'EADDRNOTAVAIL') continue;
            throw new CliError(`Failed to send flush request: ${strerror(e.errno)}`, 255);
          }
        }
        if (opts.stats) io.out(`\n*** Round ${round}, deleting ${found.length} addresses ***\n`);
        if (primaryOnly) return flushDone(ctx, round);
      }
      io.err(`*** Flush remains incomplete after ${maxRounds} rounds. ***\n`);
      return 255;
    });
  } catch (e) {
    if (isUsage(e)) return usage(ctx);
    throw e;
  }
}

/**
 * An address as ip -s -s prints it while flushing: print_addrinfo() with
 * the "INDEX: DEV" head of -o, but its lines broken as usual.
 */
function flushedLine(m: AddressMessage, links: readonly LinkMessage[], names: NameTables): string {
  const ctx = new PrintContext({ oneline: true, names }, links);
  printAddrinfo(ctx, m);
  return ctx.out.finish().replace(`${ctx.out.SL}       valid_lft`, '\n       valid_lft');
}

function flushDone(ctx: CliContext, round: number): number {
  if (ctx.opts.stats) {
    if (round === 0) ctx.io.out('Nothing to flush.\n');
    else ctx.io.out(`*** Flush is complete after ${round} round${round > 1 ? 's' : ''} ***\n`);
  }
  return 0;
}
