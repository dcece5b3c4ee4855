// nf_tables codec round trips on bytes captured from this kernel: the nft
// tool's requests and the kernel's replies to `nft list ruleset` and to
// iptables-nft, decoded with the attribute tables and encoded back.

import { describe, expect, it } from 'vitest';
import { NLA_F_NESTED } from '../../src/netlink/constants.js';
import { Writer, walkAttrs } from '../../src/netlink/nlattr.js';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { decodeBody, encodeBody, resolveSet, type AttrSet, type Attrs } from '../../src/netlink/schema.js';
import { nfgenmsg, nfnlName, nftFamily, nftType, NFT_MSG } from '../../src/netlink/nftables/index.js';
import { checkFixture, type Fixture } from '../helpers/fixture.js';
import * as nft from '../fixtures/nftables/nft.js';
import * as ipt from '../fixtures/nftables/iptables.js';
import * as listing from '../fixtures/nftables/listing.js';

const familyOf = (f: { type: number }) => {
  const fam = nftFamily(f.type);
  if (!fam) throw new Error(`no family for ${nfnlName(f.type)}`);
  return fam;
};

/** Clear NLA_F_NESTED on every nest of buf[start, end) (the kernel's replies carry none). */
function clearNested(buf: Buffer, start: number, end: number, set: AttrSet | undefined): void {
  const siblings: Attrs = {};
  walkAttrs(buf, start, end, [], (type, rawType, ps, pe, at) => {
    const spec = set?.byId[type];
    if (spec?.type === 'string') siblings[spec.name] = buf.toString('utf8', ps, pe - 1);
    if (rawType & NLA_F_NESTED) buf.writeUInt16LE(rawType & ~NLA_F_NESTED, at + 2);
    if (spec?.type === 'nested') clearNested(buf, ps, pe, resolveSet(spec.nested, siblings));
  });
}

/** checkFixture for a kernel reply: decode, compare; encode back, compare bytes but for NLA_F_NESTED. */
function checkReply(f: Fixture): void {
  const bytes = Buffer.from(f.hex, 'hex');
  const [m] = splitMessages(bytes);
  expect(m!.hdr.nlmsg_type).toBe(f.type);
  const fam = familyOf(f);
  const body = decodeBody(fam, bytes, m!.start, m!.end);
  expect(body).toEqual(f.expected);
  const w = new Writer(64);
  encodeBody(fam, body, w);
  const again = w.take();
  clearNested(again, nfgenmsg.size, again.length, fam.attrs);
  expect(again.toString('hex')).toBe(bytes.subarray(m!.start, m!.end).toString('hex'));
}

describe('nf_tables requests of the nft tool', () => {
  for (const f of [nft.nftAddTable, nft.nftAddChain, nft.nftAddRule, nft.nftBatchBegin, nft.nftBatchEnd]) {
    it(`${f.name}: ${f.provenance.command}`, () => checkFixture(f, familyOf(f)));
  }

  it('reads nft\'s rule as the register machine nft --debug=netlink prints', () => {
    const exprs = (nft.nftAddRule.expected.attrs.NFTA_RULE_EXPRESSIONS as Attrs).NFTA_LIST_ELEM as Attrs[];
    expect(exprs.map((e) => e.NFTA_EXPR_NAME)).toEqual(['meta', 'cmp', 'counter', 'immediate']);
    // [ cmp eq reg 1 0x00307262 0x00000000 0x00000000 0x00000000 ]: all of IFNAMSIZ
    expect(((exprs[1]!.NFTA_EXPR_DATA as Attrs).NFTA_CMP_DATA as Attrs).NFTA_DATA_VALUE).toEqual(Buffer.from('br0'.padEnd(16, '\0')));
  });
});

describe('nf_tables requests of iptables-nft', () => {
  for (const f of [ipt.iptBatchBegin, ipt.iptNewTable, ipt.iptNewChain, ipt.iptAppendRule, ipt.iptBatchEnd, ipt.iptPolicy, ipt.iptInsertAt2, ipt.iptFlushChain]) {
    it(`${f.name}: ${f.provenance.command}`, () => checkFixture(f, familyOf(f)));
  }

  it('round-trips every rule iptables-nft built', () => {
    for (const r of ipt.iptablesRules) {
      const bytes = Buffer.from(r.hex, 'hex');
      const [m] = splitMessages(bytes);
      expect(nfnlName(m!.hdr.nlmsg_type)).toBe('NFT_MSG_NEWRULE');
      const fam = nftFamily(m!.hdr.nlmsg_type)!;
      const w = new Writer(64);
      encodeBody(fam, decodeBody(fam, bytes, m!.start, m!.end), w);
      expect(w.view().toString('hex'), r.args.join(' ')).toBe(bytes.subarray(m!.start).toString('hex'));
    }
  });
});

describe('kernel replies', () => {
  for (const f of [nft.listGen, nft.listTable, nft.listChain, nft.listRule, nft.listRuleIptables, ipt.iptGen]) {
    it(`${f.name}: ${f.provenance.command}`, () => checkReply(f));
  }

  it('decodes a whole dump of chains and rules (iptables -L -v -n)', () => {
    for (const hex of [...listing.chains, ...listing.rules]) {
      const bytes = Buffer.from(hex, 'hex');
      const [m] = splitMessages(bytes);
      const body = decodeBody(nftFamily(m!.hdr.nlmsg_type)!, bytes, m!.start, m!.end);
      expect(Object.keys(body.attrs).some((k) => /^NFTA_\w+_\d+$/.test(k)), `unknown attribute in ${hex.slice(0, 40)}`).toBe(false);
    }
  });

  it('keeps a signed priority and verdict signed', () => {
    const w = new Writer(64);
    const fam = nftFamily(nftType(NFT_MSG.NFT_MSG_NEWCHAIN))!;
    const body = { nfgen_family: 2, attrs: { NFTA_CHAIN_HOOK: { NFTA_HOOK_HOOKNUM: 0, NFTA_HOOK_PRIORITY: -150 } } };
    encodeBody(fam, body, w);
    const back = decodeBody(fam, w.buf, 0, w.off);
    expect(back.attrs.NFTA_CHAIN_HOOK).toEqual({ NFTA_HOOK_HOOKNUM: 0, NFTA_HOOK_PRIORITY: -150 });
    expect(w.view().subarray(-4).toString('hex')).toBe('ffffff6a');
  });
});
