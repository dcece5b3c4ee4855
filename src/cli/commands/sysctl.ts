// tsip [-n NS] sysctl [-n] [-q] [-w] KEY[=VALUE] ...
//
// sysctl(8)'s syntax and output ("net.ipv4.ip_forward = 1"), reading and
// writing /proc/sys inside the namespace of -n. Errors as procps words
// them ("sysctl: cannot stat /proc/sys/...: No such file or directory"),
// exit status 1.

import { OsError, UsageError } from '../../netlink/errors.js';
import { getSysctl, setSysctl } from '../../ops/sysctl.js';
import type { CliContext } from '../context.js';

/** The key as sysctl prints it: dotted, with a path's slashes turned to dots. */
function displayKey(key: string): string {
  const firstSep = key.search(/[./]/);
  return firstSep >= 0 && key[firstSep] === '/' ? key.split('/').map((p) => p.replaceAll('.', '/')).join('.') : key;
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  let valuesOnly = false;
  let quiet = false;
  let write = false;
  const keys: string[] = [];
  for (const a of argv) {
    if (a === '-n') valuesOnly = true;
    else if (a === '-q') quiet = true;
    else if (a === '-w') write = true;
    else if (a.startsWith('-')) {
      ctx.io.err(`sysctl: invalid option -- '${a.slice(1)}'\nUsage: tsip [-n NS] sysctl [-n] [-q] [-w] KEY[=VALUE] ...\n`);
      return 2;
    } else keys.push(a);
  }
  if (keys.length === 0) {
    ctx.io.err('Usage: tsip [-n NS] sysctl [-n] [-q] [-w] KEY[=VALUE] ...\n');
    return 2;
  }
  const netns = ctx.op.netns;
  let status = 0;
  for (const arg of keys) {
    const eq = arg.indexOf('=');
    try {
      if (eq < 0) {
        // procps-ng 4.0 (parse_setting_line) words it so, and goes on with the next
        if (write) throw new UsageError('sysctl: command line(0): invalid syntax, continuing...');
        const value = await getSysctl(arg, { netns });
        ctx.io.out(valuesOnly ? `${value}\n` : `${displayKey(arg)} = ${value}\n`);
      } else {
        const key = arg.slice(0, eq).trim();
        const value = arg.slice(eq + 1).trim();
        await setSysctl(key, value, { netns });
        if (!quiet) ctx.io.out(valuesOnly ? `${value}\n` : `${displayKey(key)} = ${value}\n`);
      }
    } catch (e) {
      if (!(e instanceof OsError || e instanceof UsageError)) throw e;
      ctx.io.err(`${e.message}\n`);
      status = 1;
    }
  }
  return status;
}
