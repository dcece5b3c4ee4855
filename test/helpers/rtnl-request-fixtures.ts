// Request tests against captured fixtures: a fake kernel that knows one
// link (va, index 3), answers dumps and requests with captured replies,
// and the check that a request tsip sent is, byte for byte, the one ip
// sent (but for nlmsg_seq, nlmsg_pid, and NLM_F_ACK, which tsip always sets).

import { expect } from 'vitest';
import { NLM_F_ACK } from '../../src/netlink/constants.js';
import { splitMessages, type RawMessage } from '../../src/netlink/nlmsghdr.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { link } from '../../src/netlink/rtnl/link.js';
import { encodeBody } from '../../src/netlink/schema.js';
import { NETLINK_ROUTE_PROTOCOL, NetlinkSocket } from '../../src/netlink/socket.js';
import { FAKE_PORT, FakeKernel, ack, datagram, done } from './fake-kernel.js';
import type { Fixture } from './fixture.js';

/** The fixture whose name starts with `name`. */
export function fixture(list: Fixture[], name: string): Fixture {
  const f = list.find((x) => x.name.startsWith(name));
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
}

/** A fixture's message with another type, sequence number and flags, as the kernel would answer a request. */
export function reply(f: Fixture, seq: number, flags = 0, type?: number): Buffer {
  const b = Buffer.from(f.hex, 'hex');
  if (type !== undefined) b.writeUInt16LE(type, 4);
  b.writeUInt16LE(flags, 6);
  b.writeUInt32LE(seq, 8);
  b.writeUInt32LE(FAKE_PORT, 12);
  return b;
}

/** What a dump of request `m` answers: the fixtures, each sent as a message of type `as`. */
export type DumpAnswer = (m: RawMessage) => { fixtures: Fixture[]; as?: number };

/**
 * A kernel that knows va (index 3), answers dumps with `dump(m)`, a request
 * of a type in `gets` with that fixture, and acks everything else.
 */
export function fakeSocket(dump: DumpAnswer = () => ({ fixtures: [] }), gets: Partial<Record<number, Fixture>> = {}) {
  const k = new FakeKernel((m: RawMessage) => {
    const seq = m.hdr.nlmsg_seq;
    if (m.hdr.nlmsg_type === RTM.RTM_GETLINK) return [datagram(RTM.RTM_NEWLINK, 0, seq, (w) => encodeBody(link, { ifi_index: 3, attrs: { IFLA_IFNAME: 'va' } }, w)), ack(m)];
    if (m.hdr.nlmsg_flags & 0x300) {
      const { fixtures, as } = dump(m);
      return [...fixtures.map((f) => reply(f, seq, 2, as)), done(seq)];
    }
    const g = gets[m.hdr.nlmsg_type];
    return g ? [reply(g, seq), ack(m)] : [ack(m)];
  });
  return { k, socket: NetlinkSocket.open(NETLINK_ROUTE_PROTOCOL, { sys: k }) };
}

/** Every message of `type` sent, whole (nlmsghdr included), in order. */
export function sentAll(k: FakeKernel, type?: number): Buffer[] {
  return k.sent.flatMap((d) => [...splitMessages(d)])
    .filter((m) => type === undefined || m.hdr.nlmsg_type === type)
    .map((m) => Buffer.from(m.buf.subarray(m.start - 16, m.end)));
}

/** Same bytes as ip's, but for nlmsg_seq and nlmsg_pid, and NLM_F_ACK, which tsip always sets. */
export function expectSameRequest(sent: Buffer | undefined, f: Fixture): void {
  expect(sent, f.name).toBeDefined();
  const want = Buffer.from(f.hex, 'hex');
  expect(sent!.readUInt32LE(0), f.name).toBe(want.readUInt32LE(0));
  expect(sent!.readUInt16LE(4), f.name).toBe(want.readUInt16LE(4));
  expect(sent!.readUInt16LE(6), f.name).toBe(want.readUInt16LE(6) | NLM_F_ACK);
  expect(sent!.subarray(16).toString('hex'), f.name).toBe(want.subarray(16).toString('hex'));
}

/** Run `op` on a fake socket; the kernel and the op's result. */
export async function runOn<T>(op: (socket: NetlinkSocket) => Promise<T>, dump?: DumpAnswer, gets?: Partial<Record<number, Fixture>>) {
  const { k, socket } = fakeSocket(dump, gets);
  try {
    return { k, got: await op(socket) };
  } finally {
    socket.close();
  }
}
