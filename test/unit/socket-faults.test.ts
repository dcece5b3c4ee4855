// The socket under faults, against the fake kernel: late answers to requests
// that timed out, garbage datagrams, interrupted and failing reads, a
// datagram larger than the buffer, a closed socket. Each fails the one
// request it hits, with a typed error, and the next request gets its own
// answer.

import { describe, expect, it } from 'vitest';
import { NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_MULTI } from '../../src/netlink/constants.js';
import { DecodeError, NetlinkError, OsError, TimeoutError } from '../../src/netlink/errors.js';
import type { RawMessage } from '../../src/netlink/nlmsghdr.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { FakeKernel, ack, datagram, done } from '../helpers/fake-kernel.js';

const open = (k: FakeKernel) => NetlinkSocket.open(undefined, { sys: k, timeoutMs: 5 });
const item = (seq: number, n: number) => datagram(RTM.RTM_NEWADDR, NLM_F_MULTI, seq, (w) => w.bytes(Buffer.from([n, 0, 0, 0])));
const byte = (m: RawMessage) => m.buf[m.start]!;

describe('socket faults', () => {
  it('a request that timed out: its late answer (an error) is skipped, the next request gets its own ack', () => {
    let first: RawMessage | undefined;
    const k = new FakeKernel((m) => {
      if (!first) {
        first = { ...m, buf: Buffer.from(m.buf) };
        return []; // no answer in time
      }
      return [ack(first, 17), ack(m)]; // the first one's EEXIST arrives late, just before the second's ack
    });
    const s = open(k);
    expect(() => s.request(RTM.RTM_NEWADDR, 0, () => {})).toThrow(TimeoutError);
    expect(s.request(RTM.RTM_NEWADDR, 0, () => {})).toEqual([]);
    expect(s.stale).toBe(1);
  });

  it('a dump that timed out halfway: its remaining parts are skipped by the next dump', () => {
    let n = 0;
    const k = new FakeKernel((m) => {
      n++;
      // first dump: one part, then silence; second: the first dump's rest arrives before its own
      if (n === 1) return [item(m.hdr.nlmsg_seq, 1)];
      return [Buffer.concat([item(1, 2), item(1, 3)]), done(1), Buffer.concat([item(m.hdr.nlmsg_seq, 7), done(m.hdr.nlmsg_seq)])];
    });
    const s = open(k);
    expect(() => s.dump(RTM.RTM_GETADDR, 0, () => {}, byte)).toThrow(TimeoutError);
    expect(s.dump(RTM.RTM_GETADDR, 0, () => {}, byte)).toEqual([7]);
    expect(s.stale).toBe(3);
  });

  it('a garbage datagram fails the request it arrives for with DecodeError; the next request works', () => {
    let n = 0;
    const k = new FakeKernel((m) => {
      n++;
      if (n === 1) {
        const bad = ack(m);
        bad.writeUInt32LE(0xfffffff0, 0); // nlmsg_len far past the datagram
        return [bad];
      }
      if (n === 2) return [Buffer.from([1, 2, 3])]; // shorter than a header: no message at all
      return [ack(m)];
    });
    const s = open(k);
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow(DecodeError);
    // three bytes hold no message: the read finds nothing for this request and times out, as a lost answer
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow(TimeoutError);
    expect(s.request(RTM.RTM_NEWLINK, 0, () => {})).toEqual([]);
  });

  it('an interrupted read (EINTR) is retried; other read errors surface as OsError', () => {
    const k = new FakeKernel((m) => [ack(m)]);
    const recv = k.recv.bind(k);
    let fail: string | undefined = 'EINTR';
    k.recv = (fd, buf) => {
      if (fail === 'EINTR') {
        fail = undefined;
        throw new OsError('recvfrom', 4);
      }
      if (fail === 'ENOBUFS') throw new OsError('recvfrom', 105);
      return recv(fd, buf);
    };
    const s = open(k);
    expect(s.request(RTM.RTM_NEWLINK, 0, () => {})).toEqual([]);
    fail = 'ENOBUFS';
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow(expect.objectContaining({ code: 'ENOBUFS' }));
    fail = undefined;
    s.request(RTM.RTM_NEWLINK, 0, () => {}); // the stale ack of the failed one is skipped
    expect(s.stale).toBe(1);
  });

  it('a datagram larger than the read buffer is an EMSGSIZE error, never silently cut; the buffer grows for the next', () => {
    const big = 200_000;
    let n = 0;
    const k = new FakeKernel((m) => {
      n++;
      return n === 1 ? [datagram(RTM.RTM_NEWLINK, 0, m.hdr.nlmsg_seq, (w) => w.reserve(big))] : [datagram(RTM.RTM_NEWLINK, 0, m.hdr.nlmsg_seq, (w) => w.reserve(big)), ack(m)];
    });
    // the fake's recv copies what fits and, like MSG_TRUNC, returns the real length
    k.recv = (_fd, buf) => {
      const d = k.queue.shift();
      if (!d) throw new OsError('recvfrom', 11);
      d.copy(buf, 0, 0, Math.min(d.length, buf.length));
      return d.length;
    };
    const s = open(k);
    expect(() => s.request(RTM.RTM_GETLINK, 0, () => {})).toThrow(/EMSGSIZE|did not fit/);
    expect(s.request(RTM.RTM_GETLINK, 0, () => {}).map((m) => m.end - m.start)).toEqual([big]);
  });

  it('NLMSG_OVERRUN is a NetlinkError (ENOBUFS); NLMSG_NOOP is skipped', () => {
    let n = 0;
    const k = new FakeKernel((m) => {
      n++;
      if (n === 1) return [datagram(NLMSG_OVERRUN, 0, m.hdr.nlmsg_seq)];
      return [datagram(NLMSG_NOOP, 0, m.hdr.nlmsg_seq), ack(m)];
    });
    const s = open(k);
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow(NetlinkError);
    expect(s.request(RTM.RTM_NEWLINK, 0, () => {})).toEqual([]);
  });

  it('a closed socket refuses with EBADF, twice, and closes its fd once', () => {
    const k = new FakeKernel((m) => [ack(m)]);
    const s = open(k);
    s.close();
    expect(() => s.request(RTM.RTM_NEWLINK, 0, () => {})).toThrow(expect.objectContaining({ code: 'EBADF' }));
    expect(() => s.dump(RTM.RTM_GETLINK, 0, () => {}, byte)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    s.close();
    expect(k.closed).toEqual([100]);
  });
});
