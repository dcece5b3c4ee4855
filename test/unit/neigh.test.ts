// Neighbour messages: every captured fixture decodes to its expected object
// and encodes back to the same bytes.

import { describe, expect, it } from 'vitest';
import { NLA_F_NESTED } from '../../src/netlink/constants.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { FDB_NOTIFY_BIT, NUD, NTF, neigh, neighAttrs } from '../../src/netlink/rtnl/neigh.js';
import { decodeAttrs, encodeAttrs } from '../../src/netlink/schema.js';
import { checkFixture } from '../helpers/fixture.js';
import { neighFixtures } from '../fixtures/rtnl/neigh.js';

describe('neigh (ndmsg + NDA_*)', () => {
  it.each(neighFixtures)('$name', (f) => checkFixture(f, neigh));

  it('names the states and flags of the captured entries', () => {
    const permanent = neighFixtures.find((f) => f.name.startsWith('IPv4 neighbour, permanent'))!;
    expect(permanent.expected.ndm_state).toBe(NUD.NUD_PERMANENT);
    const self = neighFixtures.find((f) => f.name.includes('NTF_SELF'))!;
    expect(self.expected.ndm_flags).toBe(NTF.NTF_SELF);
  });

  // Not captured: no command here sets FDB activity notification. The bytes
  // follow br_fdb.c, which opens NDA_FDB_EXT_ATTRS with nla_nest_start().
  it('keeps NLA_F_NESTED on NDA_FDB_EXT_ATTRS', () => {
    const hex = '0c000e80' + '05000100' + '01000000'; // NDA_FDB_EXT_ATTRS { NFEA_ACTIVITY_NOTIFY: 1 }
    const buf = Buffer.from(hex, 'hex');
    expect(buf.readUInt16LE(2) & NLA_F_NESTED).toBe(NLA_F_NESTED);
    const attrs = decodeAttrs(neighAttrs, buf, 0, buf.length);
    expect(attrs).toEqual({ NDA_FDB_EXT_ATTRS: { NFEA_ACTIVITY_NOTIFY: FDB_NOTIFY_BIT } });
    const w = new Writer(16);
    encodeAttrs(neighAttrs, attrs, w);
    expect(w.view().toString('hex')).toBe(hex);
  });
});
