// The filter table's INPUT, FORWARD and OUTPUT chains, the iptables way,
// natively over nf_tables (NETLINK_NETFILTER), as iptables-nft keeps them:
//
//   table ip filter {
//     chain FORWARD {
//       type filter hook forward priority filter; policy accept;
//       iifname "br0" counter packets 0 bytes 0 accept      <- iptables -A FORWARD -i br0 -j ACCEPT
//     }
//   }
//
// Every change reads the ruleset's generation and the chains first, then
// sends one transaction carrying that generation (NFNL_BATCH_GENID): the
// table and the built-in chain are created when missing, in the same batch
// as the rule. If someone else changed the ruleset in between, the kernel
// refuses the batch (ERESTART) and the op starts over, as iptables-nft does.
// Each op opens its socket inside `opts.netns` (or reuses `opts.socket`).

import { UsageError } from '../netlink/errors.js';
import { NLM_F_APPEND, NLM_F_CREATE } from '../netlink/constants.js';
import { NetlinkError } from '../netlink/errors.js';
import type { NetnsRef } from '../netlink/netns.js';
import { transaction, type BatchRequest } from '../netlink/nftables/batch.js';
import type { ChainMessage } from '../netlink/nftables/chain.js';
import { NFPROTO_IPV4, NFT_MSG, NF_ACCEPT, NF_DROP } from '../netlink/nftables/constants.js';
import { NETFILTER_PROTOCOL } from '../netlink/nftables/protocol.js';
import { dumpChains, dumpRules, dumpTables, getGen } from '../netlink/nftables/query.js';
import type { RuleMessage } from '../netlink/nftables/rule.js';
import { NetlinkSocket, type SocketOptions } from '../netlink/socket.js';
import { parseIptablesArgs, type IptablesCommand } from './iptables/args.js';
import { IptablesError } from './iptables/errors.js';
import { listChains, saveChains, saveRule, type ChainListing, type ListFormat } from './iptables/print.js';
import { FILTER_TABLE, chainRequest, delRule, ensureChain, flushRequest, newRule } from './iptables/requests.js';
import { chainListings, exprsOf } from './iptables/listing.js';
import { type ChainName, type Policy, type RuleSpec } from './iptables/spec.js';
import { exprsToRule, ruleToExprs, sameExprs } from './iptables/translate.js';

export { parseIptablesArgs, type IptablesCommand } from './iptables/args.js';
export { IptablesError, formatIptablesError } from './iptables/errors.js';
export type { RuleSpec, ChainName, Policy } from './iptables/spec.js';
export type { ListFormat } from './iptables/print.js';
export { FILTER_TABLE } from './iptables/requests.js';

/** How often an op starts over when the ruleset changed under it (ERESTART). */
const RETRIES = 3;
const ERESTART = 85;

export interface FirewallOptions {
  /** The namespace to work in: name, path, { pid } or { fd }. The caller's own when absent. */
  netns?: NetnsRef;
  /** An open NETLINK_NETFILTER socket to reuse (its namespace is the one worked in). */
  socket?: NetlinkSocket;
  /** Options for a socket opened for this op (timeout, trace). */
  socketOptions?: Omit<SocketOptions, 'netns'>;
}

/**
 * Open a NETLINK_NETFILTER socket in a namespace, for reuse across firewall
 * ops (pass it as `{ socket }`). No `iptables` equivalent: iptables opens one
 * per command.
 */
export function openNetfilter(opts: { netns?: NetnsRef } & Omit<SocketOptions, 'netns'> = {}): NetlinkSocket {
  return NetlinkSocket.open(NETFILTER_PROTOCOL, opts);
}

function withSocket<T>(opts: FirewallOptions, fn: (sock: NetlinkSocket) => T): T {
  if (opts.socket) return fn(opts.socket);
  const sock = openNetfilter({ ...opts.socketOptions, netns: opts.netns });
  try {
    return fn(sock);
  } finally {
    sock.close();
  }
}

/** The filter table as read at one generation. */
interface Ruleset {
  genid: number;
  tableExists: boolean;
  chains: Map<string, ChainMessage>;
  /** rules of each chain, in order */
  rules: Map<string, RuleMessage[]>;
}

function read(sock: NetlinkSocket, withRules: boolean): Ruleset {
  const genid = getGen(sock);
  const tableExists = dumpTables(sock, NFPROTO_IPV4).some((t) => t.attrs.NFTA_TABLE_NAME === FILTER_TABLE);
  const chains = new Map<string, ChainMessage>();
  const rules = new Map<string, RuleMessage[]>();
  if (tableExists) {
    for (const c of dumpChains(sock, NFPROTO_IPV4, FILTER_TABLE)) chains.set(c.attrs.NFTA_CHAIN_NAME as string, c);
    if (withRules) {
      for (const r of dumpRules(sock, NFPROTO_IPV4, FILTER_TABLE)) {
        const name = r.attrs.NFTA_RULE_CHAIN as string;
        rules.set(name, [...(rules.get(name) ?? []), r]);
      }
    }
  }
  return { genid, tableExists, chains, rules };
}

/**
 * Read, decide, write in one transaction guarded by the generation read;
 * start over when the kernel says the ruleset moved (ERESTART).
 */
function change(opts: FirewallOptions, withRules: boolean, decide: (rs: Ruleset) => BatchRequest[]): void {
  withSocket(opts, (sock) => {
    for (let attempt = 1; ; attempt++) {
      const rs = read(sock, withRules);
      try {
        transaction(sock, decide(rs), { genid: rs.genid });
        return;
      } catch (e) {
        if (!(e instanceof NetlinkError && e.errno === ERESTART && attempt < RETRIES)) throw e;
      }
    }
  });
}

const RULE_KEYS = new Set(['source', 'destination', 'inIface', 'outIface', 'protocol', 'sport', 'dport', 'target']);

/**
 * A RuleSpec with a key it does not know is refused: a misspelt match
 * ({ in: 'br0' }) would otherwise make a rule that matches everything.
 */
function checkRuleSpec(rule: RuleSpec): RuleSpec {
  if (typeof rule !== 'object' || rule === null) throw new UsageError(`a rule must be an object, not ${String(rule)}`);
  for (const k of Object.keys(rule)) {
    if (!RULE_KEYS.has(k)) throw new UsageError(`unknown rule field "${k}" (known: ${[...RULE_KEYS].join(', ')})`);
  }
  return rule;
}

/** `iptables -A CHAIN RULE`: append a rule to a built-in chain of the filter table. */
export async function appendRule(chain: ChainName, rule: RuleSpec, opts: FirewallOptions = {}): Promise<void> {
  checkRuleSpec(rule);
  change(opts, false, (rs) => [...ensureChain(rs, chain), newRule(chain, rule, NLM_F_APPEND)]);
}

/** `iptables -I CHAIN [POSITION] RULE`: insert a rule before rule POSITION (1 = first; count+1 = last). */
export async function insertRule(chain: ChainName, rule: RuleSpec, position = 1, opts: FirewallOptions = {}): Promise<void> {
  checkRuleSpec(rule);
  change(opts, true, (rs) => {
    const rules = rs.rules.get(chain) ?? [];
    if (position > rules.length + 1) throw new IptablesError('Index of insertion too big.', 1);
    const handle = (i: number) => rules[i]!.attrs.NFTA_RULE_HANDLE as bigint;
    // 1: at the head; 2..count: before rule POSITION; count+1: at the end
    const add = position === 1 ? newRule(chain, rule, 0)
      : position <= rules.length ? newRule(chain, rule, 0, handle(position - 1))
        : newRule(chain, rule, NLM_F_APPEND);
    return [...ensureChain(rs, chain), add];
  });
}

/** `iptables -D CHAIN RULE`: delete the first rule matching RULE (same expressions, or same options). */
export async function deleteRule(chain: ChainName, rule: RuleSpec, opts: FirewallOptions = {}): Promise<void> {
  checkRuleSpec(rule);
  const want = ruleToExprs(rule);
  const wantText = saveRule(chain, { spec: rule, packets: 0n, bytes: 0n });
  change(opts, true, (rs) => {
    const found = (rs.rules.get(chain) ?? []).find((r) => {
      if (sameExprs(exprsOf(r), want)) return true;
      const parsed = exprsToRule(exprsOf(r));
      return parsed.spec !== undefined && saveRule(chain, parsed) === wantText;
    });
    if (!found) throw new IptablesError('Bad rule (does a matching rule exist in that chain?).', 1);
    return [delRule(chain, found.attrs.NFTA_RULE_HANDLE as bigint)];
  });
}

/** `iptables -D CHAIN POSITION`: delete rule number POSITION (1-based). */
export async function deleteRuleAt(chain: ChainName, position: number, opts: FirewallOptions = {}): Promise<void> {
  change(opts, true, (rs) => {
    const r = (rs.rules.get(chain) ?? [])[position - 1];
    if (!r) throw new IptablesError('Index of deletion too big.', 1);
    return [delRule(chain, r.attrs.NFTA_RULE_HANDLE as bigint)];
  });
}

/** `iptables -F [CHAIN]`: delete every rule of CHAIN, or of the whole filter table. */
export async function flushRules(chain?: ChainName, opts: FirewallOptions = {}): Promise<void> {
  change(opts, false, (rs) => {
    if (!rs.tableExists || (chain && !rs.chains.has(chain))) return [];
    return [flushRequest(chain)];
  });
}

/**
 * `iptables -P CHAIN ACCEPT|DROP`: set a built-in chain's policy, creating
 * table and chain when missing. Like iptables-nft, this also (re)starts the
 * chain's own packet and byte counters (NFTA_CHAIN_COUNTERS), which -L -v shows.
 */
export async function setPolicy(chain: ChainName, policy: Policy, opts: FirewallOptions = {}): Promise<void> {
  change(opts, false, (rs) => {
    const table = ensureChain(rs, chain).filter((r) => r.msg === NFT_MSG.NFT_MSG_NEWTABLE);
    const flags = rs.chains.has(chain) ? 0 : NLM_F_CREATE;
    return [...table, chainRequest(chain, policy === 'DROP' ? NF_DROP : NF_ACCEPT, flags, true)];
  });
}

/** The built-in chains as iptables shows them (a chain not yet in the kernel: empty, policy ACCEPT). */
export async function readChains(chain?: ChainName, opts: FirewallOptions = {}): Promise<ChainListing[]> {
  return withSocket(opts, (sock) => {
    const rs = read(sock, true);
    return chainListings([...rs.chains.values()], [...rs.rules.values()].flat(), chain);
  });
}

/** `iptables -S [CHAIN]`: the policies and rules as iptables options. */
export async function listRules(chain?: ChainName, opts: FirewallOptions = {}): Promise<string> {
  return saveChains(await readChains(chain, opts));
}

/** `iptables -L [CHAIN] [-n] [-v] [-x] [--line-numbers]`: the chains as a table. */
export async function listChainsText(chain?: ChainName, format: ListFormat = {}, opts: FirewallOptions = {}): Promise<string> {
  return listChains(await readChains(chain, opts), format);
}

/** Carry out a parsed iptables command; returns what iptables prints on stdout. */
export async function runIptablesCommand(cmd: IptablesCommand, opts: FirewallOptions = {}): Promise<string> {
  switch (cmd.command) {
    case 'append': await appendRule(cmd.chain, cmd.rule, opts); return '';
    case 'insert': await insertRule(cmd.chain, cmd.rule, cmd.position, opts); return '';
    case 'delete':
      if ('position' in cmd) await deleteRuleAt(cmd.chain, cmd.position, opts);
      else await deleteRule(cmd.chain, cmd.rule, opts);
      return '';
    case 'flush': await flushRules(cmd.chain, opts); return '';
    case 'policy': await setPolicy(cmd.chain, cmd.policy, opts); return '';
    case 'list': return listChainsText(cmd.chain, cmd.format, opts);
    case 'list-rules': return listRules(cmd.chain, opts);
  }
}

/**
 * `iptables ARGS...`: parse and carry out, returning iptables' stdout.
 * Bad usage throws IptablesError (status 2); see formatIptablesError().
 */
export async function iptables(argv: readonly string[], opts: FirewallOptions = {}): Promise<string> {
  return runIptablesCommand(parseIptablesArgs(argv), opts);
}
