// Link operations against a fake kernel: bad input never reaches it, and
// the requests that do are the ones iproute2 6.1 sends (the captured
// fixtures), byte for byte where the wire allows.

import { describe, expect, it } from 'vitest';
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import { UsageError } from '../../src/netlink/errors.js';
import { splitMessages, type RawMessage } from '../../src/netlink/nlmsghdr.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { link, type LinkMessage } from '../../src/netlink/rtnl/link.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { kindData, kindInfo } from '../../src/ops/link-kinds.js';
import { linkFlagNames, linkView } from '../../src/ops/link-view.js';
import { addLink, deleteLink, deleteLinkGroup, getLink, listLinks, setLink, type AddLinkSpec } from '../../src/ops/link.js';
import { linkFixtures } from '../fixtures/rtnl/link.js';
import { FakeKernel, ack, datagram, done } from '../helpers/fake-kernel.js';

const fixture = (name: string) => {
  const f = linkFixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture "${name}"`);
  return { ...f, bytes: Buffer.from(f.hex, 'hex') };
};

const body = (m: RawMessage) => decodeBody(link, m.buf, m.start, m.end) as LinkMessage;
const sentMessages = (k: FakeKernel) => k.sent.flatMap((d) => splitMessages(d));

/** A link message as the kernel would announce it. */
const linkMsg = (index: number, name: string, extra: Record<string, unknown> = {}): Partial<LinkMessage> => ({
  ifi_type: 1, ifi_index: index, ifi_flags: 0x1002,
  attrs: { IFLA_IFNAME: name, IFLA_MTU: 1500, IFLA_GROUP: 0, IFLA_TXQLEN: 1000, IFLA_OPERSTATE: 2, ...extra },
});
const reply = (m: RawMessage, msg: Partial<LinkMessage>, flags = 0) =>
  datagram(RTM.RTM_NEWLINK, flags, m.hdr.nlmsg_seq, (w) => encodeBody(link, msg, w));

/** A kernel that acks every request and answers what a link op asks. */
function kernel(links: Record<number, Partial<LinkMessage>> = {}) {
  return new FakeKernel((m) => {
    const b = body(m);
    if (m.hdr.nlmsg_type === RTM.RTM_GETLINK) {
      const byName = Object.values(links).find((l) => l.attrs!.IFLA_IFNAME === b.attrs.IFLA_IFNAME);
      const found = b.ifi_index ? links[b.ifi_index] : byName;
      if (m.hdr.nlmsg_flags & 0x300) return [...Object.values(links).map((l) => reply(m, l, NLM_F_MULTI)), done(m.hdr.nlmsg_seq)];
      return found ? [reply(m, found), ack(m)] : [ack(m, 19 /* ENODEV */)];
    }
    if (m.hdr.nlmsg_type === RTM.RTM_NEWLINK && m.hdr.nlmsg_flags & NLM_F_ECHO) {
      const echo = links[100];
      return echo ? [reply(m, echo), ack(m)] : [ack(m)];
    }
    return [ack(m)];
  });
}
const socketOn = (k: FakeKernel) => NetlinkSocket.open(undefined, { sys: k, timeoutMs: 10 });

describe('link ops: bad input is refused before the kernel is called', () => {
  const cases: Array<[string, (o: { socket: NetlinkSocket }) => Promise<unknown>, string]> = [
    ['name with a slash', (o) => addLink({ kind: 'ifb', name: 'a/b' }, o), '"a/b"'],
    ['16-byte name', (o) => addLink({ kind: 'ifb', name: 'abcdefghijklmnop' }, o), '"abcdefghijklmnop"'],
    ['name with a space', (o) => addLink({ kind: 'ifb', name: 'a b' }, o), '"a b"'],
    ['empty name', (o) => addLink({ kind: 'ifb', name: '' }, o), '""'],
    ['mtu "abc"', (o) => addLink({ kind: 'ifb', name: 'x', mtu: 'abc' as never }, o), '"abc"'],
    ['negative txqueuelen', (o) => addLink({ kind: 'ifb', name: 'x', txqueuelen: -1 }, o), '"-1"'],
    ['group above u32', (o) => addLink({ kind: 'ifb', name: 'x', group: 2 ** 32 }, o), `"${2 ** 32}"`],
    ['bad MAC', (o) => addLink({ kind: 'ifb', name: 'x', address: '00:11:22:33:44' }, o), '"00:11:22:33:44"'],
    ['master named badly', (o) => addLink({ kind: 'ifb', name: 'x', master: 'no/such' }, o), '"no/such"'],
    ['bad peer name', (o) => addLink({ kind: 'veth', name: 'x', options: { peer: { name: 'p:1' } } }, o), '"p:1"'],
    ['bad peer netns name', (o) => addLink({ kind: 'veth', name: 'x', options: { peer: { name: 'p', netns: '../etc' } } }, o), '"../etc"'],
    ['vni above 2^24-1', (o) => addLink({ kind: 'vxlan', name: 'x', options: { id: 16777216 } }, o), '"16777216"'],
    ['dstport above 65535', (o) => addLink({ kind: 'vxlan', name: 'x', options: { id: 1, dstport: 65536 } }, o), '"65536"'],
    ['vxlan remote that is multicast', (o) => addLink({ kind: 'vxlan', name: 'x', options: { id: 1, remote: '239.1.1.1' } }, o), '"239.1.1.1"'],
    ['vxlan remote and group', (o) => addLink({ kind: 'vxlan', name: 'x', options: { id: 1, remote: '10.0.0.1', group: '239.1.1.1', dev: 'lo' } }, o), 'not both'],
    ['vxlan local of another family', (o) => addLink({ kind: 'vxlan', name: 'x', options: { id: 1, remote: '10.0.0.1', local: 'fe80::1' } }, o), 'fe80::1'],
    ['vxlan without an id', (o) => addLink({ kind: 'vxlan', name: 'x', options: {} as never }, o), '"id"'],
    ['macvlan mode', (o) => addLink({ kind: 'macvlan', name: 'x', link: 'eth0', options: { mode: 'promisc' as never } }, o), '"promisc"'],
    ['macvlan without a lower link', (o) => addLink({ kind: 'macvlan', name: 'x' } as AddLinkSpec, o), 'lower link'],
    ['unknown bridge option', (o) => addLink({ kind: 'bridge', name: 'x', options: { stp: 1 } as never }, o), '"stp"'],
    ['bridge priority above u16', (o) => addLink({ kind: 'bridge', name: 'x', options: { priority: 70000 } }, o), '"70000"'],
    ['bridge stp_state 3', (o) => addLink({ kind: 'bridge', name: 'x', options: { stpState: 3 as never } }, o), '"3"'],
    ['bridge on/off "maybe"', (o) => addLink({ kind: 'bridge', name: 'x', options: { mcastSnooping: 'maybe' as never } }, o), '"maybe"'],
    ['options for a kind without a table', (o) => addLink({ kind: 'dummy', name: 'x', options: { foo: 1 } } as never, o), '"foo"'],
    ['tap with a bad user', (o) => addLink({ kind: 'tap', name: 'x', options: { owner: -5 } }, o), '"-5"'],
    ['veth peer up (the kernel cannot open a peer before its other end)', (o) => addLink({ kind: 'veth', name: 'x', options: { peer: { name: 'p', up: true } as never } }, o), '"up"'],
    ['tuntap mode', (o) => addLink({ kind: 'tun', name: 'x', options: { mode: 'tap' } as never }, o), '"mode"'],
    ['unknown common option', (o) => addLink({ kind: 'ifb', name: 'x', mtux: 1 } as never, o), '"mtux"'],
    ['set: rename to a bad name', (o) => setLink('x', { name: 'a/b' }, o), '"a/b"'],
    ['set: mtu "abc"', (o) => setLink('x', { mtu: 'abc' as never }, o), '"abc"'],
    ['set: a 256-byte alias', (o) => setLink('x', { alias: 'a'.repeat(256) }, o), 'alias'],
    ['set: bad netns pid', (o) => setLink('x', { netns: { pid: -1 } }, o), '"-1"'],
    ['set: a bad link name', (o) => setLink('a/b', { up: true }, o), '"a/b"'],
    ['set: ifindex 0', (o) => setLink(0, { up: true }, o), '"0"'],
    ['del: a bad link name', (o) => deleteLink('abcdefghijklmnop', o), '"abcdefghijklmnop"'],
    ['del: group 0', (o) => deleteLinkGroup(0, o), 'group 0'],
    ['get: a bad link name', (o) => getLink('a b', o), '"a b"'],
    ['list: a bad kind', (o) => listLinks({ ...o, kind: 'a b' }), '"a b"'],
  ];
  for (const [what, op, named] of cases) {
    it(what, async () => {
      const k = kernel();
      const socket = socketOn(k);
      const err = await op({ socket }).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toContain(named);
      expect(k.sent).toHaveLength(0);
    });
  }
});

describe('link ops send what iproute2 6.1 sends', () => {
  /** The fixture's bytes with our sequence number in place of the captured one. */
  const withSeq = (bytes: Buffer, sent: Buffer) => {
    const b = Buffer.from(bytes);
    b.writeUInt32LE(sent.readUInt32LE(8), 8);
    return b.toString('hex');
  };

  it('set mtu 1400 up, by index: byte for byte', async () => {
    const f = fixture('request: set mtu 1400 and up');
    const k = kernel();
    await setLink(3, { mtu: 1400, up: true }, { socket: socketOn(k) });
    expect(k.sent).toHaveLength(1);
    expect(k.sent[0]!.toString('hex')).toBe(withSeq(f.bytes, k.sent[0]!));
  });

  it('del by index: byte for byte', async () => {
    const f = fixture('request: delete a link');
    const k = kernel();
    await deleteLink(3, { socket: socketOn(k) });
    expect(k.sent[0]!.toString('hex')).toBe(withSeq(f.bytes, k.sent[0]!));
  });

  it('add veth peer name: the same body, NLM_F_CREATE|NLM_F_EXCL (+ NLM_F_ECHO), peer read back', async () => {
    const f = fixture('request: add a veth pair');
    const k = kernel({ 100: linkMsg(5, 'veth0', { IFLA_LINK: 4, IFLA_LINKINFO: { IFLA_INFO_KIND: 'veth' } }), 4: linkMsg(4, 'veth1', { IFLA_LINK: 5 }) });
    const made = await addLink({ kind: 'veth', name: 'veth0', options: { peer: { name: 'veth1' } } }, { socket: socketOn(k) });
    const [req, getPeer] = sentMessages(k);
    expect(req!.hdr.nlmsg_flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO);
    expect(body(req!)).toEqual(f.expected);
    expect(body(getPeer!).ifi_index).toBe(4);
    expect([made.name, made.index, made.kind, made.link, made.peer?.name, made.peer?.index]).toEqual(['veth0', 5, 'veth', 4, 'veth1', 4]);
  });

  it('add bridge stp_state 1: the same body', async () => {
    const f = fixture('request: add a bridge with stp_state 1');
    const k = kernel({ 100: linkMsg(6, 'br0', { IFLA_LINKINFO: { IFLA_INFO_KIND: 'bridge', IFLA_INFO_DATA: { IFLA_BR_STP_STATE: 1 } } }) });
    const made = await addLink({ kind: 'bridge', name: 'br0', options: { stpState: 1 } }, { socket: socketOn(k) });
    expect(sentMessages(k)).toHaveLength(1);
    expect(body(sentMessages(k)[0]!)).toEqual(f.expected);
    expect(made.info?.stpState).toBe(1);
  });

  it('without an echo (an older kernel) an unnamed link is read back as the newest of its kind', async () => {
    const k = kernel({ 3: linkMsg(3, 'ifb0', { IFLA_LINKINFO: { IFLA_INFO_KIND: 'ifb' } }), 4: linkMsg(4, 'ifb1', { IFLA_LINKINFO: { IFLA_INFO_KIND: 'ifb' } }) });
    const made = await addLink({ kind: 'ifb' }, { socket: socketOn(k) });
    expect(made.name).toBe('ifb1');
    expect(body(sentMessages(k)[1]!).attrs.IFLA_LINKINFO).toEqual({ IFLA_INFO_KIND: 'ifb' });
  });

  it('get by name: RTM_GETLINK with IFLA_IFNAME and IFLA_EXT_MASK RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS', async () => {
    const f = fixture('request: RTM_GETLINK by name');
    const k = kernel({ 2: linkMsg(2, 'veth0') });
    const l = await getLink('veth0', { socket: socketOn(k) });
    expect(body(sentMessages(k)[0]!)).toEqual(f.expected);
    expect(sentMessages(k)[0]!.hdr.nlmsg_flags).toBe(f.bytes.readUInt16LE(6) | NLM_F_ACK);
    expect([l.index, l.name, l.flagNames]).toEqual([2, 'veth0', ['BROADCAST', 'MULTICAST']]);
  });

  it('list with stats: the dump ip link show sends (AF_PACKET, RTEXT_FILTER_VF); without, stats skipped', async () => {
    const f = fixture('request: RTM_GETLINK dump');
    const k = kernel({ 1: linkMsg(1, 'lo'), 2: linkMsg(2, 'veth0', { IFLA_LINKINFO: { IFLA_INFO_KIND: 'veth' } }) });
    const s = socketOn(k);
    const all = await listLinks({ socket: s, stats: true });
    expect(body(sentMessages(k)[0]!)).toEqual(f.expected);
    await listLinks({ socket: s, kind: 'veth' });
    expect(body(sentMessages(k)[1]!).attrs).toEqual({ IFLA_EXT_MASK: 9, IFLA_LINKINFO: { IFLA_INFO_KIND: 'veth' } });
    expect(all.map((l) => l.name)).toEqual(['lo', 'veth0']);
  });

  it('set by name: one request, the kernel finds the link by IFLA_IFNAME; a rename looks up the index first', async () => {
    const k = kernel({ 7: linkMsg(7, 'old') });
    const s = socketOn(k);
    await setLink('old', { up: false, master: null, alias: 'x' }, { socket: s });
    expect(sentMessages(k)).toHaveLength(1);
    expect(body(sentMessages(k)[0]!)).toMatchObject({ ifi_index: 0, ifi_flags: 0, ifi_change: 1, attrs: { IFLA_IFNAME: 'old', IFLA_IFALIAS: 'x', IFLA_MASTER: 0 } });
    await setLink('old', { name: 'new' }, { socket: s });
    const [get, set] = sentMessages(k).slice(1);
    expect(get!.hdr.nlmsg_type).toBe(RTM.RTM_GETLINK);
    expect(body(set!)).toMatchObject({ ifi_index: 7, attrs: { IFLA_IFNAME: 'new' } });
  });

  it('group delete: RTM_DELLINK with ifi_index 0 and IFLA_GROUP, flags 0', async () => {
    const k = kernel();
    await deleteLinkGroup(42, { socket: socketOn(k) });
    const [m] = sentMessages(k);
    expect(m!.hdr.nlmsg_flags).toBe(NLM_F_REQUEST | NLM_F_ACK);
    expect(body(m!)).toEqual({ ifi_family: 0, ifi_type: 0, ifi_index: 0, ifi_flags: 0, ifi_change: 0, attrs: { IFLA_GROUP: 42 } });
  });

  it('a missing link reads as ip words it', async () => {
    const k = kernel();
    await expect(getLink('nope', { socket: socketOn(k) })).rejects.toThrow('Cannot find device "nope"');
  });
});

describe('link view', () => {
  it('names flags in the order ip prints them', () => {
    expect(linkFlagNames(0x1002)).toEqual(['BROADCAST', 'MULTICAST']);
    expect(linkFlagNames(0x11043)).toEqual(['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']);
    expect(linkFlagNames(0x1003)).toEqual(['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP']);
    expect(linkFlagNames(0x10049)).toEqual(['LOOPBACK', 'UP', 'LOWER_UP']);
    expect(linkFlagNames(0x1802)).toEqual(['BROADCAST', 'MULTICAST', 'SLAVE']);
    expect(linkFlagNames(0x80000 | 0x2)).toEqual(['BROADCAST', '80000']);
  });

  it('reads captured replies: a veth with its peer elsewhere, a bridge port, a tap, altnames', () => {
    const view = (name: string) => {
      const f = fixture(name);
      const [m] = splitMessages(f.bytes);
      return linkView(body(m!));
    };
    const veth = view('reply: veth0, its peer in another namespace');
    expect(veth).toMatchObject({ index: 2, name: 'veth0', kind: 'veth', link: 2, linkNetnsid: 0, mtu: 1500, group: 0, txqlen: 1000, operstate: 'DOWN', linkType: 'ether', up: false });
    const port = view('reply: veth2, a bridge port');
    expect(port.master).toBeGreaterThan(0);
    expect(port.slaveKind).toBe('bridge');
    const tap = view('reply: tap0, a tap (kind tun)');
    expect(tap.info).toMatchObject({ type: 'tap', pi: false, persist: true });
    const ifb = view('reply: ifb0, with two alternative names');
    expect(ifb.altnames).toEqual(['ifb0-alternative-name', 'ifb0-second']);
    expect(ifb.flagNames).toEqual(['BROADCAST', 'NOARP']);
    const vx = view('reply: vx0, a vxlan, proto_down with a reason');
    expect(vx.info).toMatchObject({ id: 42, remote: '10.0.0.2', local: '10.0.0.1', dstport: 4789 });
    const br = view('reply: br0, a bridge');
    expect(br.info).toMatchObject({ stpState: 0, forwardDelay: 1500, helloTime: 200, maxAge: 2000, priority: 32768 });
    const mv = view('reply: mvt0, a macvtap in vepa mode');
    expect(mv.info).toMatchObject({ mode: 'vepa' });
  });
});

describe('link kinds table', () => {
  const ctx = { linkIndex: (r: string | number) => (typeof r === 'number' ? r : 9), netnsAttrs: () => ({ IFLA_NET_NS_FD: 33 }) };

  it('bridge options go out and come back under the same names', () => {
    const opts = { stpState: 1, forwardDelay: 400, helloTime: 100, maxAge: 1200, ageingTime: 600, priority: 4096, mcastSnooping: false, mcastQuerier: true, groupFwdMask: 8, nfCallIptables: true };
    const data = kindData('bridge', opts, ctx)!;
    expect(data).toMatchObject({ IFLA_BR_STP_STATE: 1, IFLA_BR_FORWARD_DELAY: 400, IFLA_BR_PRIORITY: 4096, IFLA_BR_MCAST_SNOOPING: 0, IFLA_BR_MCAST_QUERIER: 1 });
    expect(kindInfo('bridge', data)).toEqual(opts);
  });

  it('vxlan: IPv6 addresses go to the *6 attributes, dev is resolved, ttl inherit is a flag', () => {
    const data = kindData('vxlan', { id: 7, group: 'ff05::1', local: '2001:db8::1', dev: 'eth0', ttl: 'inherit', dstport: 4789 }, ctx)!;
    expect(data).toEqual({ IFLA_VXLAN_ID: 7, IFLA_VXLAN_GROUP6: 'ff05::1', IFLA_VXLAN_LOCAL6: '2001:db8::1', IFLA_VXLAN_LINK: 9, IFLA_VXLAN_TTL_INHERIT: true, IFLA_VXLAN_PORT: 4789 });
    expect(kindInfo('vxlan', data)).toMatchObject({ id: 7, group: 'ff05::1', local: '2001:db8::1', dev: 9, ttl: 'inherit', dstport: 4789 });
  });

  it('veth peer: a whole ifinfomsg with its own attributes and namespace', () => {
    const data = kindData('veth', { peer: { name: 'p', netns: 'ns1', mtu: 9000 } }, ctx);
    expect(data).toEqual({ VETH_INFO_PEER: { attrs: { IFLA_IFNAME: 'p', IFLA_MTU: 9000, IFLA_NET_NS_FD: 33 } } });
  });

  it('macvlan modes by name', () => {
    for (const [mode, n] of [['private', 1], ['vepa', 2], ['bridge', 4], ['passthru', 8], ['source', 16]] as const) {
      expect(kindData('macvlan', { mode }, ctx)).toEqual({ IFLA_MACVLAN_MODE: n });
    }
  });
});
