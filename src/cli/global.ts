// ip's global options (ip/ip.c), matched in ip's order: the first option
// that the argument is a prefix of wins, so "-h" is -human and "-b" is
// -batch, while "-br" is -brief. A second dash is allowed ("--json").

import { CliError, matches } from './args.js';

export interface GlobalOptions {
  family?: 'inet' | 'inet6' | 'link' | 'mpls' | 'bridge';
  stats: number;
  details: number;
  json: boolean;
  pretty: boolean;
  brief: boolean;
  oneline: boolean;
  timestamp: number;
  resolve: boolean;
  human: boolean;
  iec: boolean;
  numeric: boolean;
  all: boolean;
  force: boolean;
  color: boolean;
  batch?: string;
  netns?: string;
  loops: number;
  rcvbuf?: number;
  /** --trace / TSIP_TRACE=1: print every netlink message, field by field */
  trace: boolean;
  version: boolean;
  help: boolean;
}

const FAMILIES = ['inet', 'inet6', 'link', 'mpls', 'bridge'] as const;

/** Parse the options before the object; returns them and where the object starts. */
export function parseGlobal(argv: readonly string[], env: NodeJS.ProcessEnv = {}): { opts: GlobalOptions; rest: string[] } {
  const o: GlobalOptions = {
    stats: 0, details: 0, json: false, pretty: false, brief: false, oneline: false, timestamp: 0, resolve: false,
    human: false, iec: false, numeric: false, all: false, force: false, color: false, loops: 10,
    trace: env.TSIP_TRACE === '1', version: false, help: false,
  };
  let i = 0;
  const next = (): string => {
    i++;
    if (i >= argv.length) throw new CliError('Command line is not complete. Try option "help"');
    return argv[i]!;
  };
  for (; i < argv.length; i++) {
    let opt = argv[i]!;
    if (opt === '--') {
      i++;
      break;
    }
    if (!opt.startsWith('-') || opt === '-') break;
    if (opt === '--trace') {
      o.trace = true;
      continue;
    }
    if (opt[1] === '-') opt = opt.slice(1);
    if (matches(opt, '-loops')) o.loops = Number(next());
    else if (matches(opt, '-family')) {
      const f = next();
      if (f === 'help') throw new CliError('usage', 255);
      if (!(FAMILIES as readonly string[]).includes(f)) throw new CliError(`Error: argument "${f}" is wrong: invalid protocol family`);
      o.family = f as GlobalOptions['family'];
    } else if (opt === '-4') o.family = 'inet';
    else if (opt === '-6') o.family = 'inet6';
    else if (opt === '-0') o.family = 'link';
    else if (opt === '-M') o.family = 'mpls';
    else if (opt === '-B') o.family = 'bridge';
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) o.human = true;
    else if (matches(opt, '-iec')) o.iec = true;
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) o.stats++;
    else if (matches(opt, '-details')) o.details++;
    else if (matches(opt, '-resolve')) o.resolve = true;
    else if (matches(opt, '-oneline')) o.oneline = true;
    else if (matches(opt, '-timestamp')) o.timestamp++;
    else if (matches(opt, '-tshort')) o.timestamp += 2;
    else if (matches(opt, '-Version')) o.version = true;
    else if (matches(opt, '-force')) o.force = true;
    else if (matches(opt, '-batch')) o.batch = next();
    else if (matches(opt, '-brief')) o.brief = true;
    else if (matches(opt, '-json')) o.json = true;
    else if (matches(opt, '-pretty')) o.pretty = true;
    else if (matches(opt, '-rcvbuf')) {
      const v = next();
      if (!/^\d+$/.test(v)) throw new CliError(`Invalid rcvbuf size '${v}'`);
      o.rcvbuf = Number(v);
    } else if (matches(opt, '-color') || opt.startsWith('-color=')) o.color = false; // accepted; tsip prints without colour
    else if (matches(opt, '-help')) o.help = true;
    else if (matches(opt, '-netns')) o.netns = next();
    else if (matches(opt, '-Numeric')) o.numeric = true;
    else if (matches(opt, '-all')) o.all = true;
    else throw new CliError(`Option "${opt}" is unknown, try "tsip -help".`);
    if (o.version || o.help) {
      i++;
      break;
    }
  }
  return { opts: o, rest: argv.slice(i) };
}
