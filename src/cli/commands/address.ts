// tsip address { add | change | replace | del | show | flush | help }
//
// ip/ipaddress.c do_ipaddr(): the command word matches by prefix in ip's
// order ("a" is add, "s" is show, "d" is delete), "address" alone is show.

import { CliError, matches } from '../args.js';
import type { CliContext } from '../context.js';
import { flushAddresses } from './address-flush.js';
import { showAddresses } from './address-show.js';
import { modifyAddress } from './address-modify.js';
import { ADDRESS_USAGE } from './ip-usage.js';

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return showAddresses([], ctx);
  if (matches(cmd, 'add')) return modifyAddress('add', rest, ctx);
  if (matches(cmd, 'change') || cmd === 'chg') return modifyAddress('change', rest, ctx);
  if (matches(cmd, 'replace')) return modifyAddress('replace', rest, ctx);
  if (matches(cmd, 'delete')) return modifyAddress('delete', rest, ctx);
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return showAddresses(rest, ctx);
  if (matches(cmd, 'flush')) return flushAddresses(rest, ctx);
  if (matches(cmd, 'save') || matches(cmd, 'showdump') || matches(cmd, 'restore')) {
    throw new CliError(`Command "${cmd}" is not implemented by tsip, try "tsip address help".`);
  }
  if (matches(cmd, 'help')) {
    ctx.io.err(ADDRESS_USAGE);
    return 255;
  }
  throw new CliError(`Command "${cmd}" is unknown, try "tsip address help".`);
}
