// Route messages: every captured fixture decodes to its expected object and
// encodes back to the same bytes; then the irregular payloads (RTA_VIA,
// RTA_MULTIPATH) at their edges.

import { describe, expect, it } from 'vitest';
import { AF_INET, AF_MPLS } from '../../src/netlink/constants.js';
import { DecodeError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { RTN, RTPROT, RT_TABLE } from '../../src/netlink/rtnl/constants.js';
import { RTAX, route, routeAttrs, type RouteMessage } from '../../src/netlink/rtnl/route.js';
import { decodeAttrs, decodeBody, encodeAttrs, encodeBody } from '../../src/netlink/schema.js';
import { routeViews } from '../../src/ops/route.js';
import { routeView } from '../../src/ops/route-view.js';
import { checkFixture, type Fixture } from '../helpers/fixture.js';
import { routeFixtures } from '../fixtures/rtnl/route.js';

const bodyOf = (f: Fixture) => {
  const bytes = Buffer.from(f.hex, 'hex');
  const [m] = splitMessages(bytes);
  return { bytes, m: m! };
};
const encode = (body: Partial<RouteMessage>) => {
  const w = new Writer(64);
  encodeBody(route, body, w);
  return w.take();
};

describe('route (rtmsg + RTA_*)', () => {
  it.each(routeFixtures)('$name', (f) => checkFixture(f, route));

  it('encodes a multipath route written by hand as iproute2 does', () => {
    const f = routeFixtures.find((x) => x.name.startsWith('request: ip route add 10.6.0.0/16 nexthop'))!;
    const { bytes, m } = bodyOf(f);
    const body = {
      rtm_family: AF_INET, rtm_dst_len: 16, rtm_table: RT_TABLE.RT_TABLE_MAIN,
      rtm_protocol: RTPROT.RTPROT_BOOT, rtm_type: RTN.RTN_UNICAST,
      attrs: {
        RTA_DST: '10.6.0.0',
        RTA_MULTIPATH: [
          // no dev given: rtnh_ifindex 0, the kernel finds the link from the gateway
          { rtnh_flags: 0, rtnh_hops: 0, rtnh_ifindex: 0, attrs: { RTA_GATEWAY: '10.1.1.2' } }, // weight 1
          { rtnh_flags: 0, rtnh_hops: 1, rtnh_ifindex: 0, attrs: { RTA_GATEWAY: '10.2.2.2' } }, // weight 2
        ],
      },
    };
    expect(encode(body).toString('hex')).toBe(bytes.subarray(m.start, m.end).toString('hex'));
  });

  it('names the metrics by RTAX_*', () => {
    expect(routeAttrs.byName.get('RTA_METRICS')!.nested).toBeDefined();
    const metrics = { RTAX_MTU: 1400 };
    const w = new Writer(16);
    encodeAttrs(routeAttrs, { RTA_METRICS: metrics }, w);
    expect(w.view().toString('hex')).toBe('0c000800' + '08000200' + '78050000');
    expect(RTAX.RTAX_MTU).toBe(2);
  });

  it('keeps an RTA_VIA address of another family as bytes', () => {
    // RTA_VIA { rtvia_family AF_MPLS, one label }: 2 + 4 bytes, padded to 8.
    const hex = '0a001200' + '1c00' + '000641ff' + '0000';
    const buf = Buffer.from(hex, 'hex');
    const attrs = decodeAttrs(routeAttrs, buf, 0, buf.length);
    expect(attrs).toEqual({ RTA_VIA: { family: AF_MPLS, addr: Buffer.from('000641ff', 'hex') } });
    const w = new Writer(16);
    encodeAttrs(routeAttrs, attrs, w);
    expect(w.view().toString('hex')).toBe(hex);
  });

  it('reports an rtnh_len that overruns RTA_MULTIPATH with the next hop\'s path', () => {
    // RTA_MULTIPATH holding one rtnexthop whose rtnh_len says 32 of its 8 bytes.
    const buf = Buffer.from('0c000900' + '20000000' + '02000000', 'hex');
    expect(() => decodeAttrs(routeAttrs, buf, 0, buf.length)).toThrow(DecodeError);
    expect(() => decodeAttrs(routeAttrs, buf, 0, buf.length)).toThrow('route-attrs > RTA_MULTIPATH > rtnexthop[0]: rtnh_len 32');
  });
});

describe('route views of a dump (routeViews)', () => {
  it('hold the fields of routeView() and decode the same message from their bytes, after the datagram is gone', () => {
    const messages = routeFixtures.map((f) => bodyOf(f)).filter(({ m }) => m.hdr.nlmsg_type === 24 /* RTM_NEWROUTE */);
    expect(messages.length).toBeGreaterThan(3);
    // one datagram holding them all, overwritten after decoding, as the socket's read buffer is
    const datagram = Buffer.concat(messages.map(({ bytes }) => bytes));
    const views = splitMessages(datagram).map(routeViews(() => true));
    datagram.fill(0xee);
    messages.forEach(({ m }, i) => {
      const eager = routeView(decodeBody(route, m.buf, m.start, m.end));
      const lazy = views[i]!;
      expect({ ...lazy }).toEqual({ ...eager });
      expect(Object.keys(lazy)).toEqual(Object.keys(eager));
      expect(Object.keys(lazy)).not.toContain('message');
      expect(lazy.message).toEqual(eager.message);
      expect(JSON.parse(JSON.stringify(lazy))).toEqual(JSON.parse(JSON.stringify(eager)));
      expect(JSON.parse(JSON.stringify(lazy)).message.rtm_family).toBe(eager.message.rtm_family);
    });
  });

  it('leave out the routes the filter refuses', () => {
    const { m } = bodyOf(routeFixtures.find((f) => bodyOf(f).m.hdr.nlmsg_type === 24)!);
    expect(routeViews(() => false)(m)).toBeUndefined();
  });
});
