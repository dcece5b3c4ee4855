// Address messages: every captured fixture decodes to its expected object
// and encodes back to the same bytes; the views of a dump keep their bytes.

import { describe, expect, it } from 'vitest';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { address, type AddressMessage } from '../../src/netlink/rtnl/address.js';
import { decodeBody, decodeBodyInto } from '../../src/netlink/schema.js';
import { addressView, dumpedAddressViews } from '../../src/ops/address-view.js';
import { checkFixture } from '../helpers/fixture.js';
import { addressFixtures } from '../fixtures/rtnl/address.js';

describe('address (ifaddrmsg + IFA_*)', () => {
  it.each(addressFixtures)('$name', (f) => checkFixture(f, address));
});

describe('address views of a dump (dumpedAddressViews)', () => {
  it('hold the fields of addressView() and decode the same message from their bytes, after the datagram is gone', () => {
    const bytes = addressFixtures.map((f) => Buffer.from(f.hex, 'hex')).filter((b) => splitMessages(b)[0]!.hdr.nlmsg_type === RTM.RTM_NEWADDR && splitMessages(b)[0]!.hdr.nlmsg_flags & 0x2 /* NLM_F_MULTI: a dump's */);
    expect(bytes.length).toBeGreaterThanOrEqual(4);
    // one datagram holding them all, decoded through one header object, then overwritten
    const datagram = Buffer.concat(bytes);
    const copy = Buffer.from(datagram);
    const view = dumpedAddressViews();
    const header = {} as AddressMessage;
    const views = splitMessages(copy).map((m) => view(decodeBodyInto(address, m.buf, m.start, m.end, header), m.buf, m.start, m.end));
    header.attrs = {};
    splitMessages(datagram).forEach((m, i) => {
      const eager = addressView(decodeBody(address, m.buf, m.start, m.end) as AddressMessage);
      const lazy = views[i]!;
      expect({ ...lazy }).toEqual({ ...eager });
      expect(Object.keys(lazy)).toEqual(Object.keys(eager));
      expect(lazy.message).toEqual(eager.message);
      expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(eager)));
    });
    // the flag names are shared per combination, but each view's array is its own
    const permanent = views.filter((v) => v.flags.includes('permanent'));
    expect(permanent.length).toBeGreaterThanOrEqual(2);
    permanent[0]!.flags.push('changed');
    expect(permanent[1]!.flags).not.toContain('changed');
  });
});
