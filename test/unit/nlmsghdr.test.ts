import { describe, expect, it } from 'vitest';
import { decodeDone, decodeError, emptyMessage, splitMessages, visitMessages, writeMessage, nlmsghdr } from '../../src/netlink/nlmsghdr.js';
import { DecodeError, NetlinkError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { cappedAck, noSuchDevice, unknownDeviceType } from '../fixtures/netlink/errors.js';
import { done } from '../helpers/fake-kernel.js';

const one = (hex: string) => {
  const [m, ...rest] = splitMessages(Buffer.from(hex, 'hex'));
  expect(rest).toHaveLength(0);
  return m!;
};

describe('nlmsghdr', () => {
  it('declares struct nlmsghdr as 16 bytes in the kernel order', () => {
    expect(nlmsghdr.size).toBe(16);
    expect(nlmsghdr.fields.map((f) => [f.name, f.offset, f.size])).toEqual([
      ['nlmsg_len', 0, 4], ['nlmsg_type', 4, 2], ['nlmsg_flags', 6, 2], ['nlmsg_seq', 8, 4], ['nlmsg_pid', 12, 4],
    ]);
  });

  it('frames a message: nlmsg_len counts the header and the body, the tail is padded with zeros', () => {
    const w = new Writer(8);
    w.buf.fill(0xaa);
    writeMessage(w, 18, 0x301, 7, 0, (x) => x.bytes(Buffer.from([1, 2, 3])));
    expect(w.view().toString('hex')).toBe('13000000120001030700000000000000010203' + '00');
  });

  it('splits a datagram of several messages at NLMSG_ALIGN boundaries', () => {
    const w = new Writer();
    writeMessage(w, 16, 2, 1, 5, (x) => x.bytes(Buffer.from([9])));
    writeMessage(w, 3, 2, 1, 5, (x) => x.reserve(4));
    const ms = splitMessages(w.view());
    expect(ms.map((m) => [m.hdr.nlmsg_type, m.offset, m.end])).toEqual([[16, 0, 17], [3, 20, 40]]);
  });

  it('walks a datagram through one cursor, rewritten for each message; splitMessages gives objects of their own', () => {
    const w = new Writer();
    writeMessage(w, 16, 2, 1, 5, (x) => x.bytes(Buffer.from([9])));
    writeMessage(w, 3, 0x22, 0xfffffffe, 0x80000001, (x) => x.reserve(4));
    const cursor = emptyMessage();
    const seen: Array<[unknown, unknown, number, number, number, number, number]> = [];
    visitMessages(w.view(), 0, w.off, cursor, (m) => {
      seen.push([m, m.hdr, m.hdr.nlmsg_type, m.hdr.nlmsg_flags, m.hdr.nlmsg_seq, m.hdr.nlmsg_pid, m.start]);
    });
    expect(seen.map((x) => x.slice(2))).toEqual([[16, 2, 1, 5, 16], [3, 0x22, 0xfffffffe, 0x80000001, 36]]);
    expect(seen.every(([m, h]) => m === cursor && h === cursor.hdr)).toBe(true);
    const [a, b] = splitMessages(w.view());
    expect(a).not.toBe(b);
    expect(a!.hdr).not.toBe(b!.hdr);
    expect([a!.hdr.nlmsg_seq, b!.hdr.nlmsg_seq]).toEqual([1, 0xfffffffe]);
  });

  it('refuses an nlmsg_len that runs past the datagram, naming it', () => {
    const b = Buffer.from(cappedAck.hex, 'hex');
    b.writeUInt32LE(200, 0);
    expect(() => splitMessages(b)).toThrow(DecodeError);
    expect(() => splitMessages(b)).toThrow(/nlmsg_len 200 at offset 0/);
  });
});

describe('kernel answers (captured)', () => {
  it('reads an error with the echoed request and the extended-ack message', () => {
    const ans = decodeError(one(unknownDeviceType.hex));
    expect(ans.errno).toBe(95);
    expect(ans.request?.nlmsg_type).toBe(16);
    expect(ans.extack).toEqual({ msg: 'Unknown device type' });
    const e = new NetlinkError(ans.errno, 'RTM_NEWLINK', ans.extack);
    expect(e.message).toBe('Error: Unknown device type.');
    expect(e.code).toBe('EOPNOTSUPP');
  });

  it('reads an error without extended ack and words it as iproute2 does', () => {
    const ans = decodeError(one(noSuchDevice.hex));
    expect(ans.errno).toBe(19);
    expect(ans.extack).toEqual({});
    expect(new NetlinkError(ans.errno, 'RTM_GETLINK', ans.extack).message).toBe('RTNETLINK answers: No such device');
  });

  it('reads a capped acknowledgement (error 0, only the header echoed)', () => {
    const ans = decodeError(one(cappedAck.hex));
    expect(ans).toEqual({ errno: 0, request: { nlmsg_len: 40, nlmsg_type: 20, nlmsg_flags: 0x605, nlmsg_seq: 0x6b09bf4d, nlmsg_pid: 0 }, extack: {} });
  });

  it('reads an error carried by NLMSG_DONE, whose layout has no echoed header', () => {
    const ans = decodeDone(one(done(9, 22, 'Invalid values in header for dump request').toString('hex')));
    expect(ans).toEqual({ errno: 22, extack: { msg: 'Invalid values in header for dump request' } });
    expect(decodeDone(one(done(9).toString('hex')))).toEqual({ errno: 0, extack: {} });
  });
});
