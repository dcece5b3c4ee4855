// `tsip [-n NS] ping [-4|-6] [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE] [-q] ADDRESS`
//
// Options are read as iputils ping reads them (getopt: clustered flags,
// "-c3" or "-c 3", options after the address), bad values are refused with
// ping's wording, and the output and exit status are ping's: 0 when a reply
// came, 1 when none did (and, as ping, for a bad -c or -s value or a missing
// address), 2 for other errors. Ctrl-C stops and prints the summary.

import { strerror } from '../netlink/errno.js';
import { OsError, UsageError } from '../netlink/errors.js';
import { netnsLabel, type NetnsRef } from '../netlink/netns.js';
import type { IpFamily } from './icmp.js';
import { ping, parsePingTarget, type PingOptions } from './ping.js';
import { formatErrorLine, formatHeader, formatReply, formatSummary } from './ping-format.js';

export const PING_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      ip address
  -c <count>         stop after <count> replies
  -h                 print help and exit
  -i <interval>      seconds between sending each packet
  -q                 quiet output
  -s <size>          use <size> as number of data bytes to be sent
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4

IPv6 options:
  -6                 use IPv6
`;

export interface PingCliOptions {
  netns?: NetnsRef;
  /** where lines go (default: process.stdout / process.stderr) */
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** stop as Ctrl-C does (the CLI also listens for SIGINT itself) */
  signal?: AbortSignal;
}

/** A refusal, with ping's exit status for it. */
class Exit extends Error {
  constructor(message: string, readonly status: number, readonly usage = false) {
    super(message);
  }
}

interface Parsed {
  family?: IpFamily;
  count?: number;
  interval?: number;
  timeout?: number;
  size?: number;
  quiet: boolean;
  target: string;
}

// strtol_or_err(): "invalid argument: 'x'" and "...: out of range: MIN <= value <= MAX", exit 1.
function integer(s: string, min: number, max: number, maxText = String(max)): number {
  if (!/^\s*[+-]?\d+$/.test(s)) throw new Exit(`invalid argument: '${s}'`, 1);
  const n = Number(s);
  if (n < min || n > max) throw new Exit(`invalid argument: '${s}': out of range: ${min} <= value <= ${maxText}`, 1);
  return n;
}

// ping_strtod(): a plain decimal number, or "<what>: <s>", exit 2.
function seconds(s: string, what: string, min: number): number {
  const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n) || n < min || n > 2147483) throw new Exit(`${what}: ${s}`, 2);
  return n;
}

/** Parse ping's arguments (getopt "46c:hi:qs:W:", GNU style: options may follow the address). */
export function parsePingArgs(argv: readonly string[]): Parsed {
  const out: Partial<Parsed> & { quiet: boolean } = { quiet: false };
  const operands: string[] = [];
  const setFamily = (f: IpFamily) => {
    if (out.family !== undefined && out.family !== f) throw new Exit('only one -4 or -6 option may be specified', 2);
    out.family = f;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const opt = arg[j]!;
      if (opt === '4' || opt === '6') setFamily(opt === '4' ? 4 : 6);
      else if (opt === 'q') out.quiet = true;
      else if (opt === 'h') throw new Exit('', 2, true);
      else if ('ciWs'.includes(opt)) {
        let value = arg.slice(j + 1);
        if (value === '') {
          if (i + 1 >= argv.length) throw new Exit(`option requires an argument -- '${opt}'`, 2, true);
          value = argv[++i]!;
        }
        if (opt === 'c') out.count = integer(value, 1, Number.MAX_SAFE_INTEGER, '9223372036854775807');
        else if (opt === 's') out.size = integer(value, 0, 65527);
        else if (opt === 'i') out.interval = seconds(value, 'bad timing interval', 0);
        else out.timeout = seconds(value, 'bad linger time', 0);
        break;
      } else throw new Exit(`invalid option -- '${opt}'`, 2, true);
    }
  }
  if (operands.length === 0) throw new Exit('usage error: Destination address required', 1);
  if (operands.length > 1) throw new Exit(`only one destination is supported: ${operands.slice(1).join(' ')}`, 2);
  if (out.interval !== undefined && out.interval < 0.002 && process.getuid?.() !== 0) {
    throw new Exit('cannot flood; minimal interval allowed for user is 2ms', 2);
  }
  return { ...out, target: operands[0]! };
}

/** Run ping as the command line does; resolves to its exit status. */
export async function pingMain(argv: string[], opts: PingCliOptions = {}): Promise<number> {
  const stdout = opts.stdout ?? ((s: string) => void process.stdout.write(s));
  const stderr = opts.stderr ?? ((s: string) => void process.stderr.write(s));
  let args: Parsed;
  try {
    args = parsePingArgs(argv);
    parsePingTarget(args.target, args.family);
  } catch (e) {
    if (e instanceof Exit) {
      if (e.message) stderr(`ping: ${e.message}\n`);
      if (e.usage) stderr(PING_USAGE);
      return e.status;
    }
    if (e instanceof UsageError) {
      stderr(`ping: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  const stop = new AbortController();
  const onSigint = () => stop.abort();
  const onOuterAbort = () => stop.abort();
  process.on('SIGINT', onSigint);
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (opts.signal?.aborted) stop.abort();
  const pingOpts: PingOptions = {
    netns: opts.netns, family: args.family, count: args.count, interval: args.interval,
    timeout: args.timeout, size: args.size, signal: stop.signal,
    onStart: (s) => stdout(`${formatHeader(s.family, s.host, s.address, s.dataBytes)}\n`),
    onReply: args.quiet ? undefined : (r) => stdout(`${formatReply(r)}\n`),
    onError: args.quiet ? undefined : (e) => {
      if (e.local) stderr(`ping: ${e.text}\n`);
      else stdout(`${formatErrorLine(e.from ?? '?', e.seq ?? 0, e.text)}\n`);
    },
  };
  try {
    const result = await ping(args.target, pingOpts);
    stdout(`${formatSummary(result).join('\n')}\n`);
    return result.exitStatus;
  } catch (e) {
    if (e instanceof OsError) {
      const ns = opts.netns;
      if (e.syscall === 'open' && ns !== undefined) stderr(`Cannot open network namespace "${netnsLabel(ns)}": ${strerror(e.errno)}\n`);
      else stderr(`ping: ${e.syscall}: ${strerror(e.errno)}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      stderr(`ping: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
}
