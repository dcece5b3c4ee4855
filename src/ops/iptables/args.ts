// iptables' command line, parsed: one command (-A -I -D -L -S -F -P) with
// its chain, and the rule's options, checked as iptables checks them and
// refused in iptables' own words (exit status 2 for bad usage).
//
//   parseIptablesArgs(['-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'])
//   -> { command: 'append', chain: 'FORWARD', rule: { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' } }

import { IptablesError } from './errors.js';
import {
  IPPROTO_TCP, IPPROTO_UDP, parseAddr, parseChain, parseIface, parsePolicy, parsePort, parseProto, parseTarget,
  type ChainName, type Policy, type RuleSpec,
} from './spec.js';
import type { ListFormat } from './print.js';

export type IptablesCommand =
  | { command: 'append'; chain: ChainName; rule: RuleSpec }
  | { command: 'insert'; chain: ChainName; position: number; rule: RuleSpec }
  | { command: 'delete'; chain: ChainName; rule: RuleSpec }
  | { command: 'delete'; chain: ChainName; position: number }
  | { command: 'list'; chain?: ChainName; format: ListFormat }
  | { command: 'list-rules'; chain?: ChainName }
  | { command: 'flush'; chain?: ChainName }
  | { command: 'policy'; chain: ChainName; policy: Policy };

const COMMANDS: Record<string, string> = {
  '-A': 'A', '--append': 'A', '-I': 'I', '--insert': 'I', '-D': 'D', '--delete': 'D',
  '-L': 'L', '--list': 'L', '-S': 'S', '--list-rules': 'S', '-F': 'F', '--flush': 'F', '-P': 'P', '--policy': 'P',
};
/** Options that take a value, by every name, to their short name. */
const VALUED: Record<string, string> = {
  '-s': 's', '--source': 's', '--src': 's', '-d': 'd', '--destination': 'd', '--dst': 'd',
  '-i': 'i', '--in-interface': 'i', '-o': 'o', '--out-interface': 'o', '-p': 'p', '--protocol': 'p',
  '-j': 'j', '--jump': 'j', '-m': 'm', '--match': 'm', '-t': 't', '--table': 't',
};
const PORTS: Record<string, 'sport' | 'dport'> = {
  '--sport': 'sport', '--source-port': 'sport', '--dport': 'dport', '--destination-port': 'dport',
};
const FLAGS: Record<string, 'n' | 'v' | 'x' | 'line'> = {
  '-n': 'n', '--numeric': 'n', '-v': 'v', '--verbose': 'v', '-x': 'x', '--exact': 'x', '--line-numbers': 'line',
};
const INVERTIBLE = new Set(['s', 'd', 'i', 'o', 'p']);
const KNOWN_TABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);

const usage = (msg: string) => new IptablesError(msg, 2);
const isRuleNumber = (s: string | undefined) => s !== undefined && !s.startsWith('-') && s !== '!';

function ruleNumber(s: string): number {
  if (!/^\d+$/.test(s) || Number(s) < 1) throw usage(`Invalid rule number \`${s}'`);
  return Number(s);
}

/**
 * Parse iptables' arguments (without the program name). Throws
 * IptablesError with iptables' wording and exit status for bad usage.
 */
export function parseIptablesArgs(argv: readonly string[]): IptablesCommand {
  let cmd: string | undefined;
  let chainArg: string | undefined;
  let position: number | undefined;
  let policyArg: string | undefined;
  const rule: RuleSpec = {};
  const seen = new Set<string>();
  const flags = new Set<string>();
  const matches = new Set<string>();
  let invert = false;

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[i + 1];
      if (v === undefined) throw usage(`option "${a}" requires an argument`);
      i++;
      return v;
    };
    if (a === '!') {
      if (invert) throw usage('multiple consecutive ! not allowed');
      invert = true;
      continue;
    }
    const c = COMMANDS[a];
    if (c) {
      if (invert) throw usage(`cannot have ! before -${c}`);
      if (cmd) throw usage(`Cannot use -${c} with -${cmd}`);
      cmd = c;
      if (c === 'A' || c === 'I' || c === 'D' || c === 'P') chainArg = next();
      else if (isRuleNumber(argv[i + 1])) chainArg = argv[++i];
      if ((c === 'I' || c === 'D') && isRuleNumber(argv[i + 1])) position = ruleNumber(argv[++i]!);
      if (c === 'P') {
        if (!isRuleNumber(argv[i + 1])) throw usage('-P requires a chain and a policy');
        policyArg = argv[++i];
      }
      continue;
    }
    const v = VALUED[a];
    if (v) {
      if (invert && !INVERTIBLE.has(v)) throw usage(`cannot have ! before ${a}`);
      const value = next();
      if (v !== 'm' && seen.has(v)) throw usage(`multiple -${v} flags not allowed`);
      seen.add(v);
      switch (v) {
        case 's': case 'd': {
          // a /0 matches every address: iptables emits nothing for it (and the kernel refuses its inverse)
          const addr = parseAddr(value, invert);
          if (addr.mask.readUInt32BE(0) === 0 && invert) throw usage(`! -${v} ${value} would match no packet`);
          if (addr.mask.readUInt32BE(0) !== 0) rule[v === 's' ? 'source' : 'destination'] = addr;
          break;
        }
        case 'i': rule.inIface = { name: parseIface(value), invert }; break;
        case 'o': rule.outIface = { name: parseIface(value), invert }; break;
        case 'p': {
          const p = parseProto(value, invert);
          if (p.proto === 0 && invert) throw usage(`! -p ${value} would match no packet`);
          if (p.proto !== 0) rule.protocol = p; // -p all: no match at all
          break;
        }
        case 'j': rule.target = parseTarget(value); break;
        case 't':
          if (value !== 'filter') {
            if (!KNOWN_TABLES.has(value)) throw new IptablesError(`table '${value}' does not exist`, 3);
            throw usage(`table '${value}': tsip's iptables knows only the filter table`);
          }
          break;
        case 'm':
          if (value !== 'tcp' && value !== 'udp') throw usage(`Couldn't load match \`${value}':No such file or directory`);
          matches.add(value);
          break;
      }
      invert = false;
      continue;
    }
    const port = PORTS[a];
    if (port) {
      // --sport/--dport belong to the tcp and udp matches, which -p tcp|udp (or -m) loads first
      const l4 = rule.protocol && !rule.protocol.invert && (rule.protocol.proto === IPPROTO_TCP || rule.protocol.proto === IPPROTO_UDP);
      if (!l4 && matches.size === 0) throw usage(`unknown option "${a}"`);
      const value = next();
      if (rule[port]) throw usage(`Only one \`--${port === 'sport' ? 'source' : 'destination'}-port' allowed`);
      rule[port] = parsePort(value, rule.protocol?.proto ?? (matches.has('udp') ? IPPROTO_UDP : IPPROTO_TCP), invert);
      invert = false;
      continue;
    }
    const f = FLAGS[a];
    if (f) {
      if (invert) throw usage(`cannot have ! before ${a}`);
      flags.add(f);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) throw usage(`unknown option "${a}"`);
    throw usage(`Bad argument \`${a}'`);
  }
  if (invert) throw usage('! must be followed by an option');
  if (!cmd) throw usage('no command specified');

  for (const m of matches) {
    const want = m === 'tcp' ? IPPROTO_TCP : IPPROTO_UDP;
    if (rule.protocol?.proto !== want || rule.protocol.invert) throw usage(`${m.toUpperCase()} match requires '-p ${m}'`);
  }
  const ruleOptions = Object.keys(rule);
  const ruleCommand = cmd === 'A' || cmd === 'I' || (cmd === 'D' && position === undefined);
  if (!ruleCommand && ruleOptions.length > 0) {
    const o = { source: '-s', destination: '-d', inIface: '-i', outIface: '-o', protocol: '-p', sport: '--sport', dport: '--dport', target: '-j' }[ruleOptions[0]!];
    throw usage(`Illegal option \`${o}' with this command`);
  }
  if (cmd !== 'L') for (const f of ['n', 'x', 'line']) if (flags.has(f)) throw usage(`Illegal option \`${f === 'line' ? '--line-numbers' : `-${f}`}' with this command`);

  if (cmd === 'P') return { command: 'policy', chain: parseBuiltin(chainArg!), policy: parsePolicy(policyArg!) };
  const chain = chainArg === undefined ? undefined : parseChain(chainArg);
  if (chain === 'OUTPUT' && rule.inIface) throw usage("Can't use -i with OUTPUT");
  if (chain === 'INPUT' && rule.outIface) throw usage("Can't use -o with INPUT");
  switch (cmd) {
    case 'A': return { command: 'append', chain: chain!, rule };
    case 'I': return { command: 'insert', chain: chain!, position: position ?? 1, rule };
    case 'D': return position === undefined ? { command: 'delete', chain: chain!, rule } : { command: 'delete', chain: chain!, position };
    case 'L': return { command: 'list', chain, format: { numeric: flags.has('n'), verbose: flags.has('v'), exact: flags.has('x'), lineNumbers: flags.has('line') } };
    case 'S': return { command: 'list-rules', chain };
    default: return { command: 'flush', chain };
  }
}

/** -P's chain: a built-in chain, in -P's wording. */
function parseBuiltin(text: string): ChainName {
  try {
    return parseChain(text);
  } catch {
    throw new IptablesError('Bad built-in chain name.', 1);
  }
}
