// The address, route and neighbour operations send what iproute2 6.1 sends:
// each op runs against a fake kernel, and the request it wrote is compared,
// byte for byte, with the request captured from ip for the same command
// (test/fixtures/rtnl/*.ts). Bad input never reaches the (fake) kernel.

import { describe, expect, it } from 'vitest';
import { NLM_F_ACK } from '../../src/netlink/constants.js';
import { UsageError } from '../../src/netlink/errors.js';
import { splitMessages, type RawMessage } from '../../src/netlink/nlmsghdr.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { link } from '../../src/netlink/rtnl/link.js';
import { route } from '../../src/netlink/rtnl/route.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { NETLINK_ROUTE_PROTOCOL, NetlinkSocket } from '../../src/netlink/socket.js';
import { addAddress, deleteAddress, listAddresses } from '../../src/ops/address.js';
import { addNeighbour, deleteNeighbour, listNeighbours } from '../../src/ops/neigh.js';
import { addRoute, deleteRoute, getRoute, listRoutes } from '../../src/ops/route.js';
import { checkRoute, metricsAttrs, metricsView, routeMessage } from '../../src/ops/route-spec.js';
import { addressFixtures } from '../fixtures/rtnl/address.js';
import { neighFixtures } from '../fixtures/rtnl/neigh.js';
import { routeFixtures } from '../fixtures/rtnl/route.js';
import { FakeKernel, ack, datagram, done } from '../helpers/fake-kernel.js';
import type { Fixture } from '../helpers/fixture.js';

/** A kernel that knows one link, va (index 2, a 6-byte address), acks everything and answers dumps empty. */
function fakeSocket(): { k: FakeKernel; socket: NetlinkSocket } {
  const k = new FakeKernel((m: RawMessage) => {
    const seq = m.hdr.nlmsg_seq;
    if (m.hdr.nlmsg_type === RTM.RTM_GETLINK) {
      return [datagram(RTM.RTM_NEWLINK, 0, seq, (w) => encodeBody(link, { ifi_index: 2, attrs: { IFLA_IFNAME: 'va', IFLA_ADDRESS: '02:00:00:00:00:01' } }, w)), ack(m)];
    }
    if (m.hdr.nlmsg_flags & 0x300) return [done(seq)];
    if (m.hdr.nlmsg_type === RTM.RTM_GETROUTE) {
      return [datagram(RTM.RTM_NEWROUTE, 0, seq, (w) => encodeBody(route, { rtm_family: 2, rtm_dst_len: 32, rtm_table: 254, rtm_type: 1, attrs: { RTA_DST: '8.8.8.8', RTA_OIF: 2 } }, w)), ack(m)];
    }
    return [ack(m)];
  });
  return { k, socket: NetlinkSocket.open(NETLINK_ROUTE_PROTOCOL, { sys: k }) };
}

const fixture = (list: Fixture[], name: string): Fixture => {
  const f = list.find((x) => x.name.startsWith(name));
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
};

/** The one message of `type` the op sent. */
function sentOf(k: FakeKernel, type: number): Buffer {
  const msgs = k.sent.flatMap((d) => [...splitMessages(d)]).filter((m) => m.hdr.nlmsg_type === type);
  expect(msgs).toHaveLength(1);
  return Buffer.from(msgs[0]!.buf.subarray(msgs[0]!.start - 16, msgs[0]!.end));
}

/** Same bytes as the fixture, but for nlmsg_seq and nlmsg_pid (and NLM_F_ACK, which tsip always sets). */
function expectSameRequest(sent: Buffer, f: Fixture, ackAdded = false): void {
  const want = Buffer.from(f.hex, 'hex');
  expect(sent.readUInt32LE(0)).toBe(want.readUInt32LE(0));
  expect(sent.readUInt16LE(4)).toBe(want.readUInt16LE(4));
  expect(sent.readUInt16LE(6)).toBe(want.readUInt16LE(6) | (ackAdded ? NLM_F_ACK : 0));
  expect(sent.subarray(16).toString('hex')).toBe(want.subarray(16).toString('hex'));
}

async function run(op: (socket: NetlinkSocket) => Promise<unknown>): Promise<FakeKernel> {
  const { k, socket } = fakeSocket();
  try {
    await op(socket);
  } finally {
    socket.close();
  }
  return k;
}

describe('address requests are iproute2\'s', () => {
  it('ip addr add 10.1.1.1/24 brd + dev va', async () => {
    const k = await run((socket) => addAddress({ address: '10.1.1.1/24', broadcast: '+', dev: 'va' }, { socket }));
    expectSameRequest(sentOf(k, RTM.RTM_NEWADDR), fixture(addressFixtures, 'request: ip addr add 10.1.1.1/24'));
  });
  it('ip addr add 2001:db8:1::100/64 dev va valid_lft 3600 preferred_lft 1800 nodad', async () => {
    const k = await run((socket) => addAddress({ address: '2001:db8:1::100/64', dev: 2, validLft: 3600, preferredLft: 1800, nodad: true }, { socket }));
    expectSameRequest(sentOf(k, RTM.RTM_NEWADDR), fixture(addressFixtures, 'request: ip addr add 2001:db8:1::100/64'));
  });
  it('ip addr del 10.1.1.1/24 dev va', async () => {
    const k = await run((socket) => deleteAddress({ address: '10.1.1.1/24', dev: 2 }, { socket }));
    expectSameRequest(sentOf(k, RTM.RTM_DELADDR), fixture(addressFixtures, 'request: ip addr del'));
  });
  it('ip addr show dev va: ip\'s dump, but over every link (ifa_index 0), the link filtered here', async () => {
    // The kernel checks a dump's consistency (NLM_F_DUMP_INTR) only when it
    // walks every link: ip's ifa_index filter would hide interrupted dumps
    // (scripts/dump-intr.ts). So the request is ip's with ifa_index 0.
    const k = await run((socket) => listAddresses({ dev: 2, socket }));
    const ip = fixture(addressFixtures, 'dump request (ip addr show)');
    const want = Buffer.from(ip.hex, 'hex');
    want.writeUInt32LE(0, 16 + 4); // ifa_index
    expectSameRequest(sentOf(k, RTM.RTM_GETADDR), { ...ip, hex: want.toString('hex') }, true);
  });
});

describe('route requests are iproute2\'s', () => {
  const cases: Array<[string, Parameters<typeof addRoute>[0]]> = [
    ['request: ip route add default via 10.1.1.2', { dst: 'default', via: '10.1.1.2' }],
    ['request: ip route add 10.9.0.0/16 via 10.1.1.2 table 1000', { dst: '10.9.0.0/16', via: '10.1.1.2', table: 1000 }],
    ['request: ip route add 10.8.0.0/16 via 10.1.1.2 mtu 1400', { dst: '10.8.0.0/16', via: '10.1.1.2', metrics: { mtu: 1400 } }],
    ['request: ip route add 10.6.0.0/16 nexthop', { dst: '10.6.0.0/16', nexthops: [{ via: '10.1.1.2', weight: 1 }, { via: '10.2.2.2', weight: 2 }] }],
    ['request: ip route add 10.10.0.0/16 via inet6 fe80::1 dev va', { dst: '10.10.0.0/16', via: 'fe80::1', dev: 'va' }],
    ['request: ip -6 route add 2001:db8:9::/48', { dst: '2001:db8:9::/48', via: '2001:db8:1::2' }],
    ['request: ip -6 route add 2001:db8:8::/48 nexthop', { dst: '2001:db8:8::/48', nexthops: [{ via: '2001:db8:1::2' }, { via: '2001:db8:2::2' }] }],
    ['request: ip route add blackhole 10.5.0.0/16', { dst: '10.5.0.0/16', type: 'blackhole' }],
  ];
  for (const [name, spec] of cases) {
    it(name.replace('request: ', ''), async () => {
      const k = await run((socket) => addRoute(spec, { socket }));
      expectSameRequest(sentOf(k, RTM.RTM_NEWROUTE), fixture(routeFixtures, name));
    });
  }

  it('ip route add 10.7.0.0/16 via 10.1.1.2 mtu lock 1300 advmss 1260 congctl reno (decodes the same: ip leaves out the NUL)', async () => {
    const k = await run((socket) => addRoute({ dst: '10.7.0.0/16', via: '10.1.1.2', metrics: { mtu: 1300, advmss: 1260, congctl: 'reno', lock: ['mtu'] } }, { socket }));
    const sent = sentOf(k, RTM.RTM_NEWROUTE);
    const f = fixture(routeFixtures, 'request: ip route add 10.7.0.0/16');
    expect(decodeBody(route, sent, 16, sent.length)).toEqual(f.expected);
  });

  it('ip route del 10.9.0.0/16 via 10.1.1.2 table 1000', async () => {
    const k = await run((socket) => deleteRoute({ dst: '10.9.0.0/16', via: '10.1.1.2', table: 1000 }, { socket }));
    expectSameRequest(sentOf(k, RTM.RTM_DELROUTE), fixture(routeFixtures, 'request: ip route del'));
  });

  it('ip route get 8.8.8.8 (tsip asks for an ack too)', async () => {
    let got: unknown;
    const k = await run(async (socket) => { got = await getRoute('8.8.8.8', { socket }); });
    expectSameRequest(sentOf(k, RTM.RTM_GETROUTE), fixture(routeFixtures, 'request: ip route get'), true);
    expect(got).toMatchObject({ dst: '8.8.8.8/32', oif: 2, table: 254, type: 'unicast' });
  });

  it('ip route show table all (dump)', async () => {
    const k = await run((socket) => listRoutes({ table: 'all', socket }));
    expectSameRequest(sentOf(k, RTM.RTM_GETROUTE), fixture(routeFixtures, 'dump request (ip route show table all)'), true);
  });

  it('default scope: link without a gateway, host for local (table local), universe for IPv6 and with a gateway', () => {
    const idx = () => 2;
    expect(routeMessage(checkRoute({ dst: '10.1.0.0/16', dev: 'va' }, 'new'), idx)).toMatchObject({ rtm_scope: 253, rtm_table: 254, rtm_protocol: 3, rtm_type: 1 });
    expect(routeMessage(checkRoute({ dst: '10.1.0.1', dev: 'va', type: 'local' }, 'new'), idx)).toMatchObject({ rtm_scope: 254, rtm_table: 255 });
    expect(routeMessage(checkRoute({ dst: '2001:db8::/64', dev: 'va' }, 'new'), idx)).toMatchObject({ rtm_scope: 0, rtm_family: 10 });
    expect(routeMessage(checkRoute({ dst: '10.1.0.0/16', via: '10.1.1.2' }, 'new'), idx)).toMatchObject({ rtm_scope: 0 });
    expect(routeMessage(checkRoute({ dst: '10.1.0.0/16' }, 'delete'), idx)).toMatchObject({ rtm_scope: 255, rtm_protocol: 0, rtm_type: 0 });
  });

  it('metrics: rtt in ms is stored × 8, locks by name, and read back', () => {
    const a = metricsAttrs({ rtt: 100, mtu: 1400, hoplimit: 64, lock: ['mtu', 'rtt'] })!;
    expect(a).toEqual({ RTAX_MTU: 1400, RTAX_RTT: 800, RTAX_HOPLIMIT: 64, RTAX_LOCK: (1 << 2) | (1 << 4) });
    expect(metricsView(a)).toEqual({ mtu: 1400, rtt: 100, hoplimit: 64, lock: ['mtu', 'rtt'] });
  });
});

describe('neighbour requests are iproute2\'s', () => {
  it('ip neigh add 10.1.1.5 lladdr 02:00:00:00:00:05 dev va nud permanent', async () => {
    const k = await run((socket) => addNeighbour({ address: '10.1.1.5', lladdr: '02:00:00:00:00:05', dev: 'va', state: 'permanent' }, { socket }));
    expectSameRequest(sentOf(k, RTM.RTM_NEWNEIGH), fixture(neighFixtures, 'request: ip neigh add'));
  });
  it('ip neigh del 10.1.1.5 dev va', async () => {
    const k = await run((socket) => deleteNeighbour({ address: '10.1.1.5', dev: 2 }, { socket }));
    expectSameRequest(sentOf(k, RTM.RTM_DELNEIGH), fixture(neighFixtures, 'request: ip neigh del'));
  });
  it('ip neigh show (dump)', async () => {
    const k = await run((socket) => listNeighbours({ socket }));
    expectSameRequest(sentOf(k, RTM.RTM_GETNEIGH), fixture(neighFixtures, 'dump request (ip neigh show)'), true);
  });
});

describe('bad input is refused before the kernel, naming the value', () => {
  const bad: Array<[string, (socket: NetlinkSocket) => Promise<unknown>, RegExp]> = [
    ['address 10.1.1.300/24', (socket) => addAddress({ address: '10.1.1.300/24', dev: 'va' }, { socket }), /"10\.1\.1\.300\/24"/],
    ['address /33', (socket) => addAddress({ address: '10.1.1.1/33', dev: 'va' }, { socket }), /"10\.1\.1\.1\/33"/],
    ['brd on IPv6', (socket) => addAddress({ address: '2001:db8::1/64', dev: 'va', broadcast: '+' }, { socket }), /IPv4/],
    ['nodad on IPv4', (socket) => addAddress({ address: '10.1.1.1/24', dev: 'va', nodad: true }, { socket }), /nodad.*"10\.1\.1\.1\/24"/],
    ['label not of dev', (socket) => addAddress({ address: '10.1.1.1/24', dev: 'va', label: 'vb:1' }, { socket }), /vb:1/],
    ['preferred > valid', (socket) => addAddress({ address: '10.1.1.1/24', dev: 'va', validLft: 10, preferredLft: 20 }, { socket }), /preferred_lft \(20\)/],
    ['scope name', (socket) => addAddress({ address: '10.1.1.1/24', dev: 'va', scope: 'planet' as 'host' }, { socket }), /"planet"/],
    ['route dst with host bits', (socket) => addRoute({ dst: '10.1.1.1/24', dev: 'va' }, { socket }), /Invalid prefix for given prefix length.*"10\.1\.1\.1\/24"/],
    ['route weight 0', (socket) => addRoute({ dst: '10.6.0.0/16', nexthops: [{ via: '10.1.1.2', weight: 0 }] }, { socket }), /argument "0" is wrong: "weight" is invalid/],
    ['route weight 257', (socket) => addRoute({ dst: '10.6.0.0/16', nexthops: [{ via: '10.1.1.2', weight: 257 }] }, { socket }), /"257"/],
    ['route table 2^32', (socket) => addRoute({ dst: '10.6.0.0/16', dev: 'va', table: 2 ** 32 }, { socket }), /"4294967296" is wrong: "table"/],
    ['route type', (socket) => addRoute({ dst: '10.6.0.0/16', type: 'wormhole' as 'local' }, { socket }), /"wormhole" is wrong: "type"/],
    ['route scope', (socket) => addRoute({ dst: '10.6.0.0/16', dev: 'va', scope: 'galaxy' as 'host' }, { socket }), /"galaxy" is wrong: invalid "scope"/],
    ['route proto', (socket) => addRoute({ dst: '10.6.0.0/16', dev: 'va', protocol: 'carrier-pigeon' }, { socket }), /"carrier-pigeon" is wrong: "protocol"/],
    ['route mtu', (socket) => addRoute({ dst: '10.6.0.0/16', dev: 'va', metrics: { mtu: 70000 } }, { socket }), /"70000" is wrong: "mtu"/],
    ['route metric', (socket) => addRoute({ dst: '10.6.0.0/16', dev: 'va', metric: -1 }, { socket }), /"-1" is wrong: "metric"/],
    ['route gateway', (socket) => addRoute({ dst: '10.6.0.0/16', via: '10.1.1.256' }, { socket }), /"10\.1\.1\.256"/],
    ['route dst of the other family', (socket) => addRoute({ dst: '10.6.0.0/16', family: 'inet6', dev: 'va' }, { socket }), /"10\.6\.0\.0\/16"/],
    ['neigh state', (socket) => addNeighbour({ address: '10.1.1.5', dev: 'va', state: 'sleepy' as 'stale' }, { socket }), /"sleepy" is wrong: nud state is bad/],
    ['neigh lladdr', (socket) => addNeighbour({ address: '10.1.1.5', dev: 'va', lladdr: 'zz:00' }, { socket }), /"zz:00" is invalid lladdr/],
    ['neigh address', (socket) => addNeighbour({ address: '10.1.1', dev: 'va' }, { socket }), /"10\.1\.1"/],
  ];
  for (const [what, op, message] of bad) {
    it(what, async () => {
      const { k, socket } = fakeSocket();
      try {
        const err = await op(socket).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(UsageError);
        expect((err as Error).message).toMatch(message);
        expect(k.sent).toHaveLength(0);
      } finally {
        socket.close();
      }
    });
  }

  it('a lladdr of the wrong length for the link: only the link is looked up, nothing is added', async () => {
    const { k, socket } = fakeSocket();
    try {
      await expect(addNeighbour({ address: '10.1.1.5', dev: 'va', lladdr: 'aa:bb' }, { socket })).rejects.toThrow(/"aa:bb" is invalid lladdr/);
      const types = k.sent.flatMap((d) => [...splitMessages(d)]).map((m) => m.hdr.nlmsg_type);
      expect(types).toEqual([RTM.RTM_GETLINK]);
    } finally {
      socket.close();
    }
  });
});
