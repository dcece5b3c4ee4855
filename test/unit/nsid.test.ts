// Namespace-id messages: every captured fixture decodes to its expected
// object and encodes back to the same bytes.

import { describe, expect, it } from 'vitest';
import { Writer } from '../../src/netlink/nlattr.js';
import { NETNSA_NSID_NOT_ASSIGNED, nsid } from '../../src/netlink/rtnl/nsid.js';
import { encodeBody } from '../../src/netlink/schema.js';
import { checkFixture } from '../helpers/fixture.js';
import { nsidFixtures } from '../fixtures/rtnl/nsid.js';

describe('nsid (rtgenmsg + NETNSA_*)', () => {
  it.each(nsidFixtures)('$name', (f) => checkFixture(f, nsid));

  it('reports a peer without an id as NETNSA_NSID_NOT_ASSIGNED', () => {
    const f = nsidFixtures.find((x) => (x.expected.attrs as { NETNSA_NSID?: number }).NETNSA_NSID === -1)!;
    expect((f.expected.attrs as { NETNSA_NSID: number }).NETNSA_NSID).toBe(NETNSA_NSID_NOT_ASSIGNED);
  });

  it('pads the one-byte rtgenmsg to 4 bytes before the attributes', () => {
    const w = new Writer(16);
    encodeBody(nsid, { rtgen_family: 0, attrs: { NETNSA_NSID: 5 } }, w);
    expect(w.view().toString('hex')).toBe('00000000' + '0800010005000000');
  });
});
