// tsip's iptables against what iptables-nft v1.8.9 did on this kernel:
// the same bytes for the same commands, the same -S and -L text for the
// same kernel dump, and iptables' own words for bad usage.

import { describe, expect, it } from 'vitest';
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { NF_DROP, nftFamily, nftType, packBatch, type BatchRequest, type ChainMessage, type RuleMessage } from '../../src/netlink/nftables/index.js';
import { parseIptablesArgs, type IptablesCommand } from '../../src/ops/iptables/args.js';
import { IptablesError, formatIptablesError } from '../../src/ops/iptables/errors.js';
import { chainListings, exprsOf } from '../../src/ops/iptables/listing.js';
import { listChains, saveChains, saveRule } from '../../src/ops/iptables/print.js';
import { chainRequest, delRule, ensureChain, flushRequest, newRule } from '../../src/ops/iptables/requests.js';
import { exprsToRule, ruleToExprs, sameExprs } from '../../src/ops/iptables/translate.js';
import * as ipt from '../fixtures/nftables/iptables.js';
import * as listing from '../fixtures/nftables/listing.js';

/** A request as bytes: nlmsghdr (seq 0) and body, the way packBatch writes it. */
function bytesOf(r: BatchRequest): { type: number; flags: number; body: string } {
  const type = nftType(r.msg);
  const w = new Writer(256);
  encodeBody(nftFamily(type)!, { version: 0, res_id: 0, ...r.body }, w);
  return { type, flags: NLM_F_REQUEST | (r.flags ?? 0), body: w.view().toString('hex') };
}

/** The captured request, with its flags as iptables-nft sent them. */
function captured(hex: string): { type: number; flags: number; body: string } {
  const b = Buffer.from(hex, 'hex');
  const [m] = splitMessages(b);
  return { type: m!.hdr.nlmsg_type, flags: m!.hdr.nlmsg_flags, body: b.subarray(m!.start).toString('hex') };
}

const decode = (hex: string) => {
  const b = Buffer.from(hex, 'hex');
  const [m] = splitMessages(b);
  return decodeBody(nftFamily(m!.hdr.nlmsg_type)!, b, m!.start, m!.end);
};

const rule = (c: IptablesCommand) => {
  if (!('rule' in c)) throw new Error(`no rule in ${c.command}`);
  return c;
};

describe('the bytes iptables-nft sends', () => {
  // 1.8.9 emits a lone `meta load iifname` for `-i +`; newer iptables and tsip emit nothing
  const same = ipt.iptablesRules.filter((r) => r.args.join(' ') !== '-A INPUT -i + -j ACCEPT');

  it.each(same.map((r) => [r.args.join(' '), r] as const))('iptables %s', (_name, r) => {
    const c = rule(parseIptablesArgs(r.args));
    expect(bytesOf(newRule(c.chain, c.rule, NLM_F_APPEND))).toEqual(captured(r.hex));
  });

  it('creates table and chain as iptables -A does on an empty ruleset', () => {
    const [table, chain] = ensureChain({ tableExists: false, chains: new Map() }, 'FORWARD');
    expect(bytesOf(table!)).toEqual(captured(ipt.iptNewTable.hex));
    expect(bytesOf(chain!)).toEqual(captured(ipt.iptNewChain.hex));
    expect(ensureChain({ tableExists: true, chains: new Map([['FORWARD', {} as ChainMessage]]) }, 'FORWARD')).toEqual([]);
  });

  it('sets a policy as iptables -P does', () => {
    expect(bytesOf(chainRequest('FORWARD', NF_DROP, 0, true))).toEqual(captured(ipt.iptPolicy.hex));
  });

  it('inserts at count+1 as an append, as iptables -I 2 does on a one-rule chain', () => {
    const c = rule(parseIptablesArgs(['-I', 'FORWARD', '2', '-s', '10.0.0.0/8', '-j', 'ACCEPT']));
    expect(bytesOf(newRule(c.chain, c.rule, NLM_F_APPEND))).toEqual(captured(ipt.iptInsertAt2.hex));
  });

  it('flushes a chain as iptables -F FORWARD does', () => {
    expect(bytesOf(flushRequest('FORWARD'))).toEqual(captured(ipt.iptFlushChain.hex));
  });

  it('opens the batch with the generation it read, as iptables-nft does', () => {
    let seq = 0;
    const { bytes, begin } = packBatch({ nextSeq: () => ++seq }, [delRule('FORWARD', 2n)], { genid: 1 });
    const [b, , end] = splitMessages(bytes);
    expect(begin).toBe(1);
    expect(b!.hdr.nlmsg_flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(bytes.subarray(b!.start, b!.end).toString('hex')).toBe(captured(ipt.iptBatchBegin.hex).body);
    expect(bytes.subarray(end!.start, end!.end).toString('hex')).toBe(captured(ipt.iptBatchEnd.hex).body);
  });
});

describe('reading rules back', () => {
  it.each(ipt.iptablesRules.map((r) => [r.args.join(' '), r] as const))('iptables %s -> -S', (_name, r) => {
    const body = decode(r.hex) as RuleMessage;
    const parsed = exprsToRule(exprsOf(body));
    expect(saveRule(body.attrs.NFTA_RULE_CHAIN as string, parsed)).toBe(r.save);
  });

  it('reads nft\'s 16-byte iifname as -i br0', async () => {
    const { nftAddRule } = await import('../fixtures/nftables/nft.js');
    const parsed = exprsToRule(exprsOf(nftAddRule.expected as unknown as RuleMessage));
    expect(saveRule('FORWARD', parsed)).toBe('-A FORWARD -i br0 -j ACCEPT');
  });

  it('matches a rule by its expressions whatever its counters say', () => {
    const body = decode(ipt.iptAppendRule.hex) as RuleMessage;
    const exprs = exprsOf(body);
    const counted = exprs.map((e) => (e.NFTA_EXPR_NAME === 'counter' ? { ...e, NFTA_EXPR_DATA: { NFTA_COUNTER_BYTES: 9n, NFTA_COUNTER_PACKETS: 1n } } : e));
    const spec = rule(parseIptablesArgs(['-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'])).rule;
    expect(sameExprs(counted, ruleToExprs(spec))).toBe(true);
    expect(sameExprs(exprs, ruleToExprs({ ...spec, target: 'DROP' }))).toBe(false);
  });

  it('says which expression iptables cannot show', () => {
    const r = exprsToRule([{ NFTA_EXPR_NAME: 'lookup', NFTA_EXPR_DATA: {} }]);
    expect(r.spec).toBeUndefined();
    expect(saveRule('FORWARD', r)).toMatch(/lookup/);
  });
});

describe('what -S and -L print, against iptables 1.8.9 on the same dump', () => {
  const chains = listing.chains.map(decode) as ChainMessage[];
  const rules = listing.rules.map(decode) as RuleMessage[];

  it.each(Object.entries(listing.listings))('iptables %s', (args, text) => {
    const c = parseIptablesArgs(args.split(' '));
    if (c.command === 'list-rules') expect(saveChains(chainListings(chains, rules, c.chain))).toBe(text);
    else if (c.command === 'list') expect(listChains(chainListings(chains, rules, c.chain), c.format)).toBe(text);
    else throw new Error(args);
  });

  it('lists chains not yet in the kernel as iptables does: empty, policy ACCEPT', () => {
    expect(saveChains(chainListings([], []))).toBe('-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
  });
});

describe('parseIptablesArgs', () => {
  it('parses the tutorial\'s rule', () => {
    expect(parseIptablesArgs(['-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'])).toEqual({
      command: 'append', chain: 'FORWARD', rule: { inIface: { name: 'br0', invert: false }, target: 'ACCEPT' },
    });
  });

  it('parses positions, policies and listings', () => {
    expect(parseIptablesArgs(['-I', 'INPUT', '3', '-p', 'udp', '--dport', 'domain', '-j', 'DROP'])).toMatchObject({ command: 'insert', position: 3, rule: { dport: { port: 53 } } });
    expect(parseIptablesArgs(['-D', 'FORWARD', '2'])).toEqual({ command: 'delete', chain: 'FORWARD', position: 2 });
    expect(parseIptablesArgs(['-P', 'FORWARD', 'DROP'])).toEqual({ command: 'policy', chain: 'FORWARD', policy: 'DROP' });
    expect(parseIptablesArgs(['-L', 'FORWARD', '-n', '-v'])).toMatchObject({ command: 'list', chain: 'FORWARD', format: { numeric: true, verbose: true } });
    expect(parseIptablesArgs(['-t', 'filter', '-F'])).toEqual({ command: 'flush', chain: undefined });
    expect(parseIptablesArgs(['-A', 'FORWARD', '-s', '10.0.0.77/24'])).toMatchObject({ rule: { source: { addr: Buffer.from([10, 0, 0, 0]) } } });
    // as iptables: a /0 is no match at all
    expect(parseIptablesArgs(['-A', 'FORWARD', '-s', '0.0.0.0/0', '-d', '1.2.3.4/0', '-j', 'ACCEPT'])).toEqual({ command: 'append', chain: 'FORWARD', rule: { target: 'ACCEPT' } });
  });

  // each wording as iptables v1.8.9 printed it for the same arguments
  it.each([
    [['-A', 'FORWARD', '-i', 'br0', '-j', 'FOO'], "Chain 'FOO' does not exist", 2],
    [['-A', 'FORWARD', '-s', '10.0.0.300', '-j', 'ACCEPT'], "host/network `10.0.0.300' not found", 2],
    [['-A', 'FORWARD', '-s', '10.0.0.0/33'], "invalid mask `33' specified", 2],
    [['-A', 'FORWARD', '-p', 'foo'], 'unknown protocol "foo" specified', 2],
    [['-A', 'FORWARD', '-p', '300'], 'unknown protocol "300" specified', 2],
    [['-A', 'FORWARD', '-p', 'tcp', '--dport', '99999'], "invalid port/service `99999' specified", 2],
    [['-A', 'FORWARD', '--dport', '80'], 'unknown option "--dport"', 2],
    [['-A', 'FORWARD', '-p', 'icmp', '--dport', '80'], 'unknown option "--dport"', 2],
    [['-A', 'FORWARD', '-m', 'tcp', '--dport', '1'], "TCP match requires '-p tcp'", 2],
    [['-A', 'FORWARD', '-p', 'tcp', '-m', 'udp', '--dport', '1'], "UDP match requires '-p udp'", 2],
    [['-A', 'FORWARD', '-p', 'tcp', '--dport', '1', '--dport', '2'], "Only one `--destination-port' allowed", 2],
    [['-A', 'FORWARD', '-m', 'foo'], "Couldn't load match `foo':No such file or directory", 2],
    [['-A', 'FORWARD', '-i', 'br0', '-i', 'br1'], 'multiple -i flags not allowed', 2],
    [['-A', 'FORWARD', '-j', 'ACCEPT', '-j', 'DROP'], 'multiple -j flags not allowed', 2],
    [['-A', 'FORWARD', '-i', 'toolongname0123456'], "interface name `toolongname0123456' must be shorter than IFNAMSIZ (15)", 2],
    [['-A', 'OUTPUT', '-i', 'br0'], "Can't use -i with OUTPUT", 2],
    [['-A', 'INPUT', '-o', 'br0'], "Can't use -o with INPUT", 2],
    [['-A', 'FORWARD', '-j', 'ACCEPT', 'extra'], "Bad argument `extra'", 2],
    [['-A', 'FORWARD', '-i'], 'option "-i" requires an argument', 2],
    [['-A'], 'option "-A" requires an argument', 2],
    [['-A', 'FORWARD', '-D', 'FORWARD', '1'], 'Cannot use -D with -A', 2],
    [['-I', 'FORWARD', '0'], "Invalid rule number `0'", 2],
    [['-D', 'FORWARD', 'x'], "Invalid rule number `x'", 2],
    [['-P', 'FORWARD'], '-P requires a chain and a policy', 2],
    [['-P', 'FORWARD', 'FOO'], "Bad policy name. Run `dmesg' for more information.", 1],
    [['-P', 'FOO', 'DROP'], 'Bad built-in chain name.', 1],
    [['-A', 'BOGUS', '-j', 'ACCEPT'], 'No chain/target/match by that name.', 1],
    [['--foo'], 'unknown option "--foo"', 2],
    [[], 'no command specified', 2],
    [['-t', 'bogus', '-L'], "table 'bogus' does not exist", 3],
    // iptables-nft sends this and the kernel refuses it (EINVAL); tsip refuses it first
    [['-A', 'FORWARD', '!', '-s', '0.0.0.0/0'], '! -s 0.0.0.0/0 would match no packet', 2],
  ] as const)('%j: %s', (argv, message, status) => {
    let err: unknown;
    try {
      parseIptablesArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IptablesError);
    expect((err as IptablesError).message).toBe(message);
    expect((err as IptablesError).status).toBe(status);
  });

  it('formats errors as iptables prints them', () => {
    expect(formatIptablesError(new IptablesError('multiple -i flags not allowed', 2)))
      .toBe("iptables: multiple -i flags not allowed\nTry `iptables -h' or 'iptables --help' for more information.");
    expect(formatIptablesError(new IptablesError('Index of deletion too big.', 1))).toBe('iptables: Index of deletion too big.');
  });

  it('keeps the rule options iptables keeps, in its order', () => {
    const c = rule(parseIptablesArgs(['-A', 'FORWARD', '-p', 'tcp', '!', '--sport', '22', '-d', '10.1.2.3', '!', '-o', 'lo']));
    expect(saveRule('FORWARD', { spec: c.rule, packets: 0n, bytes: 0n })).toBe('-A FORWARD -d 10.1.2.3/32 ! -o lo -p tcp -m tcp ! --sport 22');
    expect(ruleToExprs(c.rule).map((e) => e.NFTA_EXPR_NAME)).toEqual(['meta', 'cmp', 'meta', 'cmp', 'payload', 'cmp', 'payload', 'cmp', 'counter']);
  });
});
