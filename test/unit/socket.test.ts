import { describe, expect, it } from 'vitest';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { DumpInterruptedError, NetlinkError, TimeoutError } from '../../src/netlink/errors.js';
import {
  NETLINK_CAP_ACK, NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_DUMP_INTR,
  NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST, SOL_NETLINK,
} from '../../src/netlink/constants.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import type { RawMessage } from '../../src/netlink/nlmsghdr.js';
import { FakeKernel, FAKE_PORT, ack, datagram, done } from '../helpers/fake-kernel.js';

const open = (k: FakeKernel) => NetlinkSocket.open(undefined, { sys: k, timeoutMs: 10 });
const addr = (w: { bytes(b: Buffer): void }, n: number) => w.bytes(Buffer.from([n, 0, 0, 0]));
const reply = (seq: number, n: number, flags = NLM_F_MULTI) => datagram(RTM.RTM_NEWADDR, flags, seq, (w) => addr(w, n));
const payloadByte = (m: RawMessage) => m.buf[m.start]!;

describe('NetlinkSocket against a fake kernel', () => {
  it('turns on extended acks, strict dump checking and capped acks, and reads its port id', () => {
    const k = new FakeKernel(() => []);
    const s = open(k);
    const on = (name: number) => k.options.some(([l, n, v]) => l === SOL_NETLINK && n === name && v.readInt32LE(0) === 1);
    expect([on(NETLINK_EXT_ACK), on(NETLINK_GET_STRICT_CHK), on(NETLINK_CAP_ACK)]).toEqual([true, true, true]);
    expect(s.pid).toBe(FAKE_PORT);
    s.close();
    s.close();
    expect(k.closed).toEqual([100]);
  });

  it('sends every request with NLM_F_REQUEST|NLM_F_ACK and returns at the ack', () => {
    const k = new FakeKernel((m) => [ack(m)]);
    const s = open(k);
    expect(s.request(RTM.RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, (w) => addr(w, 1))).toEqual([]);
    const flags = k.sent[0]!.readUInt16LE(6);
    expect(flags).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
  });

  it('numbers requests and skips replies of another sequence or port', () => {
    const k = new FakeKernel((m) => [
      reply(m.hdr.nlmsg_seq - 1, 9, 0), // a late answer to an earlier request
      reply(m.hdr.nlmsg_seq, 8, 0), // for another socket's port
      Buffer.concat([reply(m.hdr.nlmsg_seq, 7, 0)]),
      ack(m),
    ].map((d, i) => (i === 1 ? (d.writeUInt32LE(FAKE_PORT + 1, 12), d) : d)));
    const s = open(k);
    s.request(RTM.RTM_GETADDR, 0, () => {});
    expect(s.request(RTM.RTM_GETADDR, 0, () => {}, payloadByte)).toEqual([7]);
    expect(k.sent.map((d) => d.readUInt32LE(8))).toEqual([1, 2]);
    expect(s.stale).toBe(4);
  });

  it('returns the replies of a request without a decoder as copies, not views of its read buffer', () => {
    // The socket reads every datagram into one buffer, through one cursor:
    // a reply kept past its datagram must not change under the next read.
    const k = new FakeKernel((m) => [reply(m.hdr.nlmsg_seq, m.hdr.nlmsg_seq * 10, 0), ack(m)]);
    const s = open(k);
    const [first] = s.request(RTM.RTM_GETADDR, 0, () => {});
    const [second] = s.request(RTM.RTM_GETADDR, 0, () => {});
    expect([payloadByte(first!), payloadByte(second!)]).toEqual([10, 20]);
    expect(first!.hdr.nlmsg_seq).toBe(1);
    expect(first!.buf).not.toBe(second!.buf);
  });

  it('throws the kernel error with its errno name, request type and extended-ack text', () => {
    const k = new FakeKernel((m) => [ack(m, 17, 'ipv4: Address already assigned')]);
    const s = open(k);
    try {
      s.request(RTM.RTM_NEWADDR, 0, () => {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NetlinkError);
      const n = e as NetlinkError;
      expect([n.errno, n.code, n.requestType, n.message]).toEqual([17, 'EEXIST', 'RTM_NEWADDR', 'Error: ipv4: Address already assigned.']);
    }
    const plain = open(new FakeKernel((m) => [ack(m, 17)]));
    expect(() => plain.request(RTM.RTM_NEWADDR, 0, () => {})).toThrow('RTNETLINK answers: File exists');
  });

  it('reads a dump across datagrams until NLMSG_DONE', () => {
    const k = new FakeKernel((m) => [
      Buffer.concat([reply(m.hdr.nlmsg_seq, 1), reply(m.hdr.nlmsg_seq, 2)]),
      Buffer.concat([reply(m.hdr.nlmsg_seq, 3), done(m.hdr.nlmsg_seq)]),
    ]);
    const s = open(k);
    expect(s.dump(RTM.RTM_GETADDR, 0, () => {}, payloadByte)).toEqual([1, 2, 3]);
    expect(k.sent[0]!.readUInt16LE(6)).toBe(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP);
  });

  it('fails a dump whose NLMSG_DONE carries an error, with the extack text', () => {
    const k = new FakeKernel((m) => [done(m.hdr.nlmsg_seq, 22, 'Invalid values in header for dump request')]);
    expect(() => open(k).dump(RTM.RTM_GETROUTE, 0, () => {}, payloadByte)).toThrow('Error: Invalid values in header for dump request.');
  });

  it('retries a dump the kernel marked NLM_F_DUMP_INTR, and returns the clean one', () => {
    let attempt = 0;
    const k = new FakeKernel((m) => {
      attempt++;
      const intr = attempt < 3 ? NLM_F_DUMP_INTR : 0;
      return [Buffer.concat([reply(m.hdr.nlmsg_seq, attempt, NLM_F_MULTI | intr), done(m.hdr.nlmsg_seq, 0, undefined, intr)])];
    });
    expect(open(k).dump(RTM.RTM_GETADDR, 0, () => {}, payloadByte)).toEqual([3]);
    expect(k.sent).toHaveLength(3);
  });

  it('gives up on a dump that stays interrupted, keeping the partial result', () => {
    const k = new FakeKernel((m) => [Buffer.concat([reply(m.hdr.nlmsg_seq, 5, NLM_F_MULTI | NLM_F_DUMP_INTR), done(m.hdr.nlmsg_seq)])]);
    const s = NetlinkSocket.open(undefined, { sys: k, dumpRetries: 2 });
    try {
      s.dump(RTM.RTM_GETADDR, 0, () => {}, payloadByte);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DumpInterruptedError);
      expect((e as DumpInterruptedError).partial).toEqual([5]);
      expect(k.sent).toHaveLength(3);
    }
  });

  it('times out instead of hanging when no answer comes', () => {
    const s = open(new FakeKernel(() => []));
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow(TimeoutError);
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow('no reply to RTM_NEWLINK within 10 ms');
  });
});
