// Pipelines against the fake kernel: NetlinkSocket.batch() packs many
// requests per datagram and matches the answers by sequence number; the
// bulk ops on top of it give one result per item; their templates write
// the same bytes as the general encoder; dumpChunks()/dumpStream() read a
// dump a datagram at a time.

import { describe, expect, it } from 'vitest';
import {
  NLMSG_NOOP, NLM_F_ACK, NLM_F_CREATE, NLM_F_ECHO, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST,
} from '../../src/netlink/constants.js';
import { NetlinkError, OsError, UsageError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { splitMessages, writeMessage, type RawMessage } from '../../src/netlink/nlmsghdr.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { address } from '../../src/netlink/rtnl/address.js';
import { route } from '../../src/netlink/rtnl/route.js';
import { encodeBody } from '../../src/netlink/schema.js';
import { NetlinkSocket, type BatchRequest } from '../../src/netlink/socket.js';
import { checkAddress } from '../../src/ops/address.js';
import { addAddresses, addLinks, addRoutes, deleteRoutes } from '../../src/ops/bulk.js';
import { addLinkBody, type AddLinkSpec } from '../../src/ops/link.js';
import { link } from '../../src/netlink/rtnl/link.js';
import { scanIPv4Prefix } from '../../src/ops/bulk-template.js';
import { checkRoute, routeMessage, type RouteSpec } from '../../src/ops/route-spec.js';
import { FakeKernel, ack, datagram, done } from '../helpers/fake-kernel.js';

const open = (k: FakeKernel) => NetlinkSocket.open(undefined, { sys: k, timeoutMs: 5 });
const isBarrier = (m: RawMessage) => m.hdr.nlmsg_type === NLMSG_NOOP;
/** A byte of payload, to tell requests apart. */
const req = (n: number, extra: Partial<BatchRequest<any>> = {}): BatchRequest<any> => ({ type: RTM.RTM_NEWADDR, flags: NLM_F_CREATE, body: (w) => w.bytes(Buffer.from([n, 0, 0, 0])), ...extra });
const tag = (m: RawMessage) => m.buf[m.start]!;

/**
 * A kernel that runs each message as the real one does: answers a request
 * when it fails (with the extack message) or carries NLM_F_ACK, and the
 * barrier (NOOP + NLM_F_ACK) with an ack; `fail(tag)` says which fail.
 */
function kernel(fail: (tag: number) => [number, string?] | undefined = () => undefined, extra?: (m: RawMessage) => Buffer[]) {
  return new FakeKernel((m) => {
    if (isBarrier(m)) return m.hdr.nlmsg_flags & NLM_F_ACK ? [ack(m)] : [];
    const out = extra?.(m) ?? [];
    const f = fail(tag(m));
    if (f) return [...out, ack(m, f[0], f[1])];
    return m.hdr.nlmsg_flags & NLM_F_ACK ? [...out, ack(m)] : out;
  });
}

describe('NetlinkSocket.batch', () => {
  it('packs the requests into one datagram, closed by a NOOP+ACK barrier, and reports a result per request', () => {
    const k = kernel();
    const s = open(k);
    const results = s.batch([req(1), req(2), req(3)]);
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(k.sent).toHaveLength(1);
    const msgs = splitMessages(k.sent[0]!);
    expect(msgs.map((m) => m.hdr.nlmsg_type)).toEqual([RTM.RTM_NEWADDR, RTM.RTM_NEWADDR, RTM.RTM_NEWADDR, NLMSG_NOOP]);
    // errors-only by default: no NLM_F_ACK on the requests, NLM_F_ACK on the barrier
    expect(msgs.map((m) => m.hdr.nlmsg_flags)).toEqual([NLM_F_REQUEST | NLM_F_CREATE, NLM_F_REQUEST | NLM_F_CREATE, NLM_F_REQUEST | NLM_F_CREATE, NLM_F_REQUEST | NLM_F_ACK]);
    const seqs = msgs.map((m) => m.hdr.nlmsg_seq);
    expect(seqs.slice(1, 3)).toEqual([seqs[0]! + 1, seqs[0]! + 2]);
    expect(new Set(seqs).size).toBe(4);
  });

  it('reports a failure in the middle with its index, errno and extack, and the others as done', () => {
    const k = kernel((t) => (t === 3 ? [17, 'ipv4: Address already assigned'] : undefined));
    const results = open(k).batch([1, 2, 3, 4, 5].map((n) => req(n)));
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true, true]);
    const bad = results[2]!;
    if (bad.ok) throw new Error('expected a failure');
    expect(bad.error).toBeInstanceOf(NetlinkError);
    expect([bad.error.index, bad.error.errno, bad.error.code, bad.error.requestType, bad.error.extack.msg, bad.error.message])
      .toEqual([2, 17, 'EEXIST', 'RTM_NEWADDR', 'ipv4: Address already assigned', 'Error: ipv4: Address already assigned.']);
  });

  it('with ack "each", puts NLM_F_ACK on every request and keeps the warnings of successful ones', () => {
    const k = new FakeKernel((m) => (isBarrier(m) ? [ack(m)] : [ack(m, 0, tag(m) === 2 ? 'nodad option can be set only for IPv6' : undefined)]));
    const results = open(k).batch([req(1), req(2)], { ack: 'each' });
    expect(results).toEqual([{ ok: true }, { ok: true, warning: 'nodad option can be set only for IPv6' }]);
    expect(splitMessages(k.sent[0]!).slice(0, 2).every((m) => (m.hdr.nlmsg_flags & NLM_F_ACK) !== 0)).toBe(true);
  });

  it('with ack "each", a request the kernel never answered is a failure, not a success', () => {
    const k = new FakeKernel((m) => (isBarrier(m) ? [ack(m)] : tag(m) === 2 ? [] : [ack(m)]));
    const results = open(k).batch([req(1), req(2), req(3)], { ack: 'each' });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('matches answers by sequence number: answers to other requests and other ports are skipped', () => {
    const k = new FakeKernel((m) => {
      if (isBarrier(m)) return [ack(m)];
      if (tag(m) !== 2) return [];
      const late = ack({ ...m, hdr: { ...m.hdr, nlmsg_seq: m.hdr.nlmsg_seq + 1000 } }, 22); // someone else's seq
      const other = ack(m, 22);
      other.writeUInt32LE(4243, 12); // another port
      return [late, other, ack(m, 19, 'No such device')];
    });
    const s = open(k);
    const results = s.batch([req(1), req(2), req(3)]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ENODEV', 'ok']);
    expect(s.stale).toBe(2);
  });

  it('splits into datagrams by size and by count, one barrier each, sequence numbers still matched', () => {
    const k = kernel((t) => (t === 7 || t === 18 ? [22] : undefined));
    const s = open(k);
    const results = s.batch(Array.from({ length: 20 }, (_, i) => req(i)), { maxPerDatagram: 6 });
    expect(k.sent.map((d) => splitMessages(d).length)).toEqual([7, 7, 7, 3]);
    expect(results.flatMap((r, i) => (r.ok ? [] : [i]))).toEqual([7, 18]);
    const k2 = kernel();
    open(k2).batch(Array.from({ length: 10 }, (_, i) => req(i)), { maxDatagram: 100 }); // 20-byte requests, 16-byte barrier
    expect(k2.sent.every((d) => d.length <= 100)).toBe(true);
    expect(k2.sent.map((d) => splitMessages(d).filter((m) => !isBarrier(m)).length).reduce((a, b) => a + b)).toBe(10);
  });

  it('hands replies before the answer (NLM_F_ECHO) to the request\'s decoder', () => {
    const k = kernel(undefined, (m) => (m.hdr.nlmsg_flags & NLM_F_ECHO ? [datagram(RTM.RTM_NEWADDR, 0, m.hdr.nlmsg_seq, (w) => w.bytes(Buffer.from([tag(m) + 100, 0, 0, 0])))] : []));
    const results = open(k).batch([req(1, { flags: NLM_F_ECHO, decode: tag }), req(2), req(3, { flags: NLM_F_ECHO })]);
    expect(results[0]).toEqual({ ok: true, replies: [101] });
    expect(results[1]).toEqual({ ok: true });
    const raw = results[2]!;
    expect(raw.ok && raw.replies && tag(raw.replies[0] as RawMessage)).toBe(103); // kept raw: a copy, valid after the read
  });

  it('batchEach skips the items its builder declines and leaves their results empty', () => {
    const k = kernel();
    const results = open(k).batchEach(4, (i) => (i === 1 ? undefined : req(i)));
    expect(results).toEqual([{ ok: true }, undefined, { ok: true }, { ok: true }]);
    expect(splitMessages(k.sent[0]!).map(tag).slice(0, 3)).toEqual([0, 2, 3]);
  });

  it('times out instead of hanging when the barrier is never answered', () => {
    const k = new FakeKernel(() => []);
    expect(() => open(k).batch([req(1)])).toThrow('no reply to RTM_NEWADDR pipeline within 5 ms');
  });

  it('reports ENOBUFS (answers lost) as an error of the whole pipeline', () => {
    const k = new FakeKernel(() => []);
    k.recv = () => {
      throw new OsError('recvfrom', 105);
    };
    expect(() => open(k).batch([req(1)])).toThrow(/receive buffer overflowed/);
  });
});

/* ---- bulk ops ---- */

const IDX = 7;
/** The request payloads the fake kernel saw, barriers left out. */
const payloads = (k: FakeKernel) => k.sent.flatMap((d) => splitMessages(d)).filter((m) => !isBarrier(m));
/** What the general path writes for a route spec. */
function generalRoute(spec: RouteSpec, cmd: 'new' | 'delete' = 'new'): Buffer {
  const w = new Writer(256);
  writeMessage(w, 0, 0, 0, 0, (x) => encodeBody(route, routeMessage(checkRoute(spec, cmd), () => IDX), x));
  return w.take().subarray(16);
}
const body = (m: RawMessage) => Buffer.from(m.buf.subarray(m.start, m.end));

describe('bulk ops over the pipeline', () => {
  it('addRoutes: one result per spec; a refused spec is a UsageError, never sent; a kernel failure has its index', async () => {
    // the kernel refuses the one whose dst is 198.18.0.3 (RTA_DST at payload offset 16)
    const k2 = new FakeKernel((m) => (isBarrier(m) ? [ack(m)] : m.buf[m.start + 19] === 3 ? [ack(m, 17)] : []));
    const specs: RouteSpec[] = [
      { dst: '198.18.0.1/32', dev: IDX, table: 100 },
      { dst: '198.18.0.2/33', dev: IDX, table: 100 }, // bad prefix length
      { dst: '198.18.0.3/32', dev: IDX, table: 100 },
      { dst: '198.18.0.4/32', dev: IDX, table: 100 },
    ];
    const results = await addRoutes(specs, { socket: open(k2) });
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[1]!.ok === false && results[1]!.error).toBeInstanceOf(UsageError);
    const kernelErr = results[2]!.ok === false ? results[2]!.error : undefined;
    expect(kernelErr).toBeInstanceOf(NetlinkError);
    expect((kernelErr as NetlinkError).index).toBe(2);
    expect((kernelErr as NetlinkError).message).toBe('RTNETLINK answers: File exists');
    expect(payloads(k2)).toHaveLength(3);
  });

  it('templates write the same bytes as the general path, for routes of every shape', async () => {
    const k = kernel();
    const specs: RouteSpec[] = [];
    for (let i = 0; i < 40; i++) specs.push({ dst: `10.${i}.0.0/16`, dev: IDX, table: 100 });
    specs.push({ dst: '10.99.1.0/24', dev: IDX, table: 100, metric: 5 }); // another shape: a new template
    for (let i = 0; i < 5; i++) specs.push({ dst: `10.99.${i + 2}.0/24`, dev: IDX, table: 100, metric: 5 });
    specs.push({ dst: 'default', dev: IDX, table: 100, metric: 5 }); // no RTA_DST: the general way
    specs.push({ dst: '10.99.9.1', dev: IDX, table: 100, metric: 5 }); // no "/len": a host route
    specs.push({ dst: '2001:db8::/64', dev: IDX, table: 100, metric: 5 }); // IPv6 after an IPv4 template
    for (let i = 0; i < 5; i++) specs.push({ dst: `2001:db8:${i}::/48`, dev: IDX, table: 100, metric: 5 });
    specs.push({ dst: '10.200.0.0/8', dev: IDX, table: 100, metric: 5 }); // host bits set: refused as the general path does
    specs.push({ dst: '10.200.0.0/16', dev: IDX, table: 70000, via: '10.1.1.1' });
    for (let i = 0; i < 3; i++) specs.push({ dst: `10.201.${i}.0/24`, dev: IDX, table: 70000, via: '10.1.1.1' });
    const results = await addRoutes(specs, { socket: open(k) });
    const sent = payloads(k);
    const valid = specs.filter((_, i) => results[i]!.ok);
    expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.message))).toEqual(['Error: Invalid prefix for given prefix length: "10.200.0.0/8" (the network is 10.0.0.0/8).']);
    expect(sent).toHaveLength(valid.length);
    sent.forEach((m, i) => expect(body(m), valid[i]!.dst).toEqual(generalRoute(valid[i]!)));
    sent.forEach((m) => expect([m.hdr.nlmsg_type, m.hdr.nlmsg_flags]).toEqual([RTM.RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL]));
    const k2 = kernel();
    await deleteRoutes(valid.slice(0, 10), { socket: open(k2), ack: 'each' });
    payloads(k2).forEach((m, i) => expect(body(m)).toEqual(generalRoute(valid[i]!, 'delete')));
    payloads(k2).forEach((m) => expect(m.hdr.nlmsg_flags).toBe(NLM_F_REQUEST | NLM_F_ACK));
  });

  it('address templates: the same bytes as the general path, loopback scope and broadcast included', async () => {
    const k = kernel();
    const specs = [
      ...Array.from({ length: 30 }, (_, i) => ({ address: `10.77.0.${i + 1}/16`, dev: IDX })),
      { address: '127.0.0.5/8', dev: IDX }, // scope host: not the template's scope
      { address: '10.77.1.1/16', dev: IDX, label: 'x' as string | undefined }, // label must match "dev": refused
      { address: '10.78.0.1/24', dev: IDX, broadcast: '+' }, // computed broadcast: never templated
      { address: '10.78.0.2/24', dev: IDX, broadcast: '+' },
      { address: 'fd00::1/64', dev: IDX },
      { address: 'fd00::2/64', dev: IDX },
    ];
    const results = await addAddresses(specs, { socket: open(k) });
    expect(results.map((r) => r.ok).filter((x) => !x)).toHaveLength(0);
    const sent = payloads(k);
    sent.forEach((m, i) => {
      const c = checkAddress(specs[i]!);
      const w = new Writer(128);
      encodeBody(address, { ...c.header, ifa_index: IDX, attrs: c.attrs }, w);
      expect(body(m), specs[i]!.address).toEqual(w.take());
    });
  });

  it('link templates: only the name varies, the same bytes as the general path; a bad name is refused as there', async () => {
    const k = kernel();
    const specs: AddLinkSpec[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ name: `d${i * 37}`, kind: 'ifb', group: 77, mtu: 1400 })),
      { name: 'a-very-long-name-x', kind: 'ifb', group: 77, mtu: 1400 }, // 18 bytes: refused
      { name: 'e0', kind: 'ifb', group: 78 }, // another shape
      { name: 'e1', kind: 'ifb', group: 78 },
      { name: 'va0', kind: 'veth', options: { peer: { name: 'vb0' } } },
      // veth pairs: both names vary (lengths 3 to 14: the nests' lengths follow the peer's)
      ...Array.from({ length: 20 }, (_, i) => ({ name: `va${'x'.repeat(i % 11)}${i}`, kind: 'veth' as const, options: { peer: { name: `vb${'y'.repeat((i * 7) % 11)}${i}` } } })),
      { name: 'vaz', kind: 'veth', options: { peer: { name: 'a-very-long-peer-name' } } }, // refused: the peer's name
      { name: 'vq1', kind: 'veth', mtu: 1400, options: { peer: { name: 'vr1', mtu: 1300 } } }, // another shape
      { name: 'vq2', kind: 'veth', mtu: 1400, options: { peer: { name: 'vr2', mtu: 1300 } } },
      { name: 'vq3', kind: 'veth', mtu: 1400, options: { peer: { name: 'vr3', mtu: 1200 } } }, // the peer differs: the general path
      { name: 'vq4', kind: 'veth', mtu: 1400, options: { peer: { name: 'vr4', mtu: 1200 }, extra: 1 } as never }, // refused there too
    ];
    const results = await addLinks(specs, { socket: open(k) });
    expect(results.flatMap((r, i) => (r.ok ? [] : [i]))).toEqual([30, 54, 58]);
    const valid = specs.filter((_, i) => i !== 30 && i !== 54 && i !== 58);
    const sent = payloads(k);
    expect(sent).toHaveLength(valid.length);
    sent.forEach((m, i) => {
      const w = new Writer(256);
      encodeBody(link, addLinkBody(valid[i]!, { linkIndex: () => IDX, netnsAttrs: () => ({}) }), w);
      expect(body(m), valid[i]!.name).toEqual(w.take());
      expect(m.hdr.nlmsg_len).toBe(m.end - m.offset);
    });
  });

  it('looks a link name up once per call, and fails the items naming a missing link', async () => {
    let lookups = 0;
    const k = new FakeKernel((m) => {
      if (isBarrier(m)) return [ack(m)];
      if (m.hdr.nlmsg_type === RTM.RTM_GETLINK) {
        lookups++;
        const name = m.buf.toString('utf8', m.start + 16 + 4, m.start + 16 + 6);
        if (name !== 'd0') return [ack(m, 19)];
        return [datagram(RTM.RTM_NEWLINK, 0, m.hdr.nlmsg_seq, (w) => { const at = w.reserve(16); w.buf.writeInt32LE(IDX, at + 4); }), ack(m)];
      }
      return [];
    });
    const specs = [...Array.from({ length: 5 }, (_, i) => ({ dst: `198.18.0.${i}/32`, dev: 'd0', table: 100 })), { dst: '198.18.1.0/32', dev: 'zz', table: 100 }];
    const results = await addRoutes(specs, { socket: open(k) });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'Cannot find device "zz"']);
    expect(lookups).toBe(2);
    expect(payloads(k).filter((m) => m.hdr.nlmsg_type === RTM.RTM_NEWROUTE).every((m) => m.buf.readUInt32LE(m.start + 24) === IDX)).toBe(true);
  });

  it('scanIPv4Prefix accepts what parseInetPrefix accepts for IPv4, and nothing else', () => {
    for (const [text, len] of [['1.2.3.4', 32], ['1.2.3.4/0', 0], ['255.255.255.255/32', 32], ['001.02.3.4/24', 24]] as const) expect(scanIPv4Prefix(text), text).toBe(len);
    for (const text of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/0001', '1..2.3', '.1.2.3', '1.2.3.4 ', 'a.b.c.d', '1.2.3.1234', '::1', 'default', '']) {
      expect(scanIPv4Prefix(text), text).toBe(-1);
    }
  });
});

/* ---- streaming dumps ---- */

const item = (seq: number, n: number) => datagram(RTM.RTM_NEWADDR, NLM_F_MULTI, seq, (w) => w.bytes(Buffer.from([n, 0, 0, 0])));

describe('NetlinkSocket.dumpStream', () => {
  it('yields each datagram\'s entries as it reads them, and the socket is free again at the end', async () => {
    const k = new FakeKernel((m) => (m.hdr.nlmsg_type === RTM.RTM_GETADDR
      ? [Buffer.concat([item(m.hdr.nlmsg_seq, 1), item(m.hdr.nlmsg_seq, 2)]), Buffer.concat([item(m.hdr.nlmsg_seq, 3), done(m.hdr.nlmsg_seq)])]
      : [ack(m)]));
    const s = open(k);
    expect([...s.dumpChunks(RTM.RTM_GETADDR, 0, () => {}, tag)]).toEqual([[1, 2], [3]]);
    const seen: number[] = [];
    for await (const x of s.dumpStream(RTM.RTM_GETADDR, 0, () => {}, tag)) seen.push(x);
    expect(seen).toEqual([1, 2, 3]);
    expect(s.request(RTM.RTM_NEWADDR, 0, () => {})).toEqual([]);
  });

  it('refuses other use of the socket while a stream reads it, and drains the dump when the loop stops early', async () => {
    const k = new FakeKernel((m) => (m.hdr.nlmsg_type === RTM.RTM_GETADDR
      ? [item(m.hdr.nlmsg_seq, 1), item(m.hdr.nlmsg_seq, 2), Buffer.concat([item(m.hdr.nlmsg_seq, 3), done(m.hdr.nlmsg_seq)])]
      : [ack(m)]));
    const s = open(k);
    for await (const x of s.dumpStream(RTM.RTM_GETADDR, 0, () => {}, tag)) {
      expect(x).toBe(1);
      expect(() => s.request(RTM.RTM_NEWADDR, 0, () => {})).toThrow(/dump stream is reading it/);
      break;
    }
    expect(k.queue).toHaveLength(0); // the rest was read and dropped
    expect(s.request(RTM.RTM_NEWADDR, 0, () => {})).toEqual([]);
  });

  it('throws the kernel\'s error, and DumpInterruptedError at the end of an interrupted dump unless told to ignore it', async () => {
    const failing = new FakeKernel((m) => [done(m.hdr.nlmsg_seq, 22, 'Invalid values in header for dump request')]);
    await expect((async () => { for await (const _ of open(failing).dumpStream(RTM.RTM_GETROUTE, 0, () => {}, tag)) { /* nothing */ } })()).rejects.toThrow('Error: Invalid values in header for dump request.');
    const intr = () => new FakeKernel((m) => [Buffer.concat([datagram(RTM.RTM_NEWADDR, NLM_F_MULTI | 0x10, m.hdr.nlmsg_seq, (w) => w.bytes(Buffer.from([9, 0, 0, 0]))), done(m.hdr.nlmsg_seq)])]);
    expect(() => [...open(intr()).dumpChunks(RTM.RTM_GETADDR, 0, () => {}, tag)]).toThrow(/interrupted/);
    expect([...open(intr()).dumpChunks(RTM.RTM_GETADDR, 0, () => {}, tag, { interrupted: 'ignore' })]).toEqual([[9]]);
  });
});


