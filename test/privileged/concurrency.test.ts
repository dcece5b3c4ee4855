// Concurrency: hundreds of operations issued at once from async code
// (Promise.all), on one socket, on several, and on a fresh socket each, with
// deliberately failing ones mixed in: every operation gets exactly its own
// answer, errors included. Then async clients interleaving at await points on
// one socket, and requests pipelined on one socket (sent before any answer is
// read), matched back by sequence number.
//
// tsip's operations are synchronous inside (send, then read to the ack: the
// kernel answers within sendmsg()), so on one thread two requests never
// overlap on a socket; what these tests pin down is that nothing (a stale
// reply, an error, a shared read buffer) leaks from one operation's answer
// into another's, whatever the mix.

import { expect, it } from 'vitest';
import { AF_INET, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLMSG_ERROR } from '../../src/netlink/constants.js';
import { NetlinkError, UsageError } from '../../src/netlink/errors.js';
import { decodeError } from '../../src/netlink/nlmsghdr.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { address, link, RTM } from '../../src/netlink/rtnl/index.js';
import type { Writer } from '../../src/netlink/nlattr.js';
import type { BatchRequest } from '../../src/netlink/socket.js';
import { addAddress, deleteAddress, listAddresses } from '../../src/ops/address.js';
import { openRtnl, type OpOptions } from '../../src/ops/context.js';
import { addLink, getLink, setLink } from '../../src/ops/link.js';
import { addRoute } from '../../src/ops/route.js';
import { freshNetns, ipJson, privileged } from '../helpers/privileged.js';

const LINKS = ['c0', 'c1', 'c2', 'c3', 'c4'];

interface Op {
  what: string;
  run: (o: OpOptions) => Promise<unknown>;
  /** throws (an expect) when the outcome is not this op's own */
  check: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }, indexes: Map<string, number>) => void;
}

const ok = (o: { ok: boolean }) => expect(o.ok).toBe(true);
const failsWith = (cls: Function, code: string | undefined, message: string | RegExp) => (o: { ok: boolean; error?: unknown }) => {
  expect(o.ok).toBe(false);
  expect(o.error).toBeInstanceOf(cls);
  if (code) expect((o.error as NetlinkError).code).toBe(code);
  if (typeof message === 'string') expect((o.error as Error).message).toBe(message);
  else expect((o.error as Error).message).toMatch(message);
};

/**
 * 400 operations of six kinds, interleaved: 150 address adds, 50 of them
 * added a second time later (EEXIST), 50 link sets on devices that do not
 * exist (each error names its own device), 50 gets of existing links (each
 * must name its own link and index), 50 deletes of addresses never added
 * (EADDRNOTAVAIL), 50 route adds.
 */
function mix(tag: number): Op[] {
  const groups: Op[][] = [[], [], [], [], [], []];
  for (let i = 0; i < 150; i++) {
    groups[0]!.push({ what: `addr add 10.${tag}.${i}.1/32`, run: (o) => addAddress({ dev: LINKS[i % 5]!, address: `10.${tag}.${i}.1/32` }, o), check: ok });
  }
  for (let i = 0; i < 50; i++) {
    groups[1]!.push({
      what: `addr add 10.${tag}.${i}.1/32 again`,
      run: (o) => addAddress({ dev: LINKS[i % 5]!, address: `10.${tag}.${i}.1/32` }, o),
      check: failsWith(NetlinkError, 'EEXIST', /File exists|already/),
    });
    groups[2]!.push({
      what: `link set nosuch${i}`,
      run: (o) => setLink(`nosuch${i}`, { mtu: 1400 }, o),
      check: failsWith(UsageError, undefined, `Cannot find device "nosuch${i}"`),
    });
    const name = LINKS[i % 5]!;
    groups[3]!.push({
      what: `link get ${name}`,
      run: (o) => getLink(name, o),
      check: (out, indexes) => {
        expect(out.ok).toBe(true);
        const l = (out as { value: { name: string; index: number } }).value;
        expect(l.name).toBe(name);
        expect(l.index).toBe(indexes.get(name));
      },
    });
    groups[4]!.push({
      what: `addr del 10.${tag + 1}.${i}.9/32 (never added)`,
      run: (o) => deleteAddress({ dev: LINKS[i % 5]!, address: `10.${tag + 1}.${i}.9/32` }, o),
      check: failsWith(NetlinkError, 'EADDRNOTAVAIL', /^Error: ipv4: Address not found\.$|Cannot assign requested address/),
    });
    groups[5]!.push({ what: `route add 10.${tag + 2}.${i}.0/24`, run: (o) => addRoute({ dst: `10.${tag + 2}.${i}.0/24`, dev: LINKS[i % 5]! }, o), check: ok });
  }
  // Interleave: adds first in each round, their duplicates only after the originals.
  const out: Op[] = [];
  for (let r = 0; out.length < 400; r++) {
    for (const [g, ops] of groups.entries()) {
      const idx = g === 0 ? r : r - 50; // the second-adds start once 50 adds have gone by
      const op = g === 0 || g === 1 ? ops[idx] : ops[r];
      if (op && (g !== 1 || idx >= 0)) out.push(op);
    }
  }
  return out;
}

/** Run `ops` all at once; each op's outcome, in order. */
async function allAtOnce(ops: Op[], opts: (i: number) => OpOptions) {
  return Promise.all(ops.map((op, i) => op.run(opts(i)).then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error }))));
}

privileged('concurrency: every operation gets its own answer', () => {
  const ns = freshNetns('cc');
  const indexes = new Map<string, number>();

  async function setup(): Promise<void> {
    for (const name of LINKS) {
      const l = await addLink({ kind: 'ifb', name, up: true }, { netns: ns() });
      indexes.set(name, l.index);
    }
  }

  function verify(ops: Op[], outcomes: Awaited<ReturnType<typeof allAtOnce>>, tag: number): void {
    expect(outcomes).toHaveLength(ops.length);
    ops.forEach((op, i) => {
      try {
        op.check(outcomes[i]!, indexes);
      } catch (e) {
        throw new Error(`op ${i} (${op.what}) got ${JSON.stringify(outcomes[i], (_k, v) => (v instanceof Error ? `${v.name}: ${v.message}` : v))}: ${(e as Error).message}`);
      }
    });
    // and the kernel agrees: 150 addresses of this batch, 50 routes
    const addrs = ipJson<Array<{ addr_info: Array<{ local: string }> }>>(ns(), '-4', 'addr', 'show');
    const mine = addrs.flatMap((l) => l.addr_info.map((a) => a.local)).filter((a) => a.startsWith(`10.${tag}.`));
    expect(mine).toHaveLength(150);
    expect(ipJson<unknown[]>(ns(), 'route', 'show', 'root', `10.${tag + 2}.0.0/16`)).toHaveLength(50);
  }

  it('400 ops in one Promise.all on one socket, 150 of them failing on purpose', async () => {
    await setup();
    const sock = openRtnl({ netns: ns() });
    try {
      const ops = mix(100);
      verify(ops, await allAtOnce(ops, () => ({ socket: sock })), 100);
      expect(sock.stale).toBe(0);
    } finally {
      sock.close();
    }
  });

  it('400 ops in one Promise.all over 8 sockets, and 400 more on a fresh socket each', async () => {
    await setup();
    const socks = Array.from({ length: 8 }, () => openRtnl({ netns: ns() }));
    try {
      const ops = mix(110);
      verify(ops, await allAtOnce(ops, (i) => ({ socket: socks[i % 8]! })), 110);
    } finally {
      for (const s of socks) s.close();
    }
    const ops = mix(120);
    verify(ops, await allAtOnce(ops, () => ({ netns: ns() })), 120);
  });

  it('20 async clients on one socket, interleaving at await points', async () => {
    await setup();
    const sock = openRtnl({ netns: ns() });
    try {
      const ops = mix(130);
      const outcomes: Awaited<ReturnType<typeof allAtOnce>> = new Array(ops.length);
      // client c takes ops c, c+20, ...; between two of its ops it yields (a timer, or just a microtask)
      await Promise.all(Array.from({ length: 20 }, async (_, c) => {
        for (let i = c; i < ops.length; i += 20) {
          outcomes[i] = await ops[i]!.run({ socket: sock }).then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error }));
          await (i % 3 ? Promise.resolve() : new Promise((r) => setTimeout(r, (i * 7) % 3)));
        }
      }));
      verify(ops, outcomes, 130);
      // and a listing in the middle of it all is whole
      expect((await listAddresses({ socket: sock, family: 'inet' })).filter((a) => a.local?.startsWith('10.130.'))).toHaveLength(150);
    } finally {
      sock.close();
    }
  });

  it('NetlinkSocket.batch: 900 requests in one pipeline, a third failing, each result its own (both ack modes)', async () => {
    await setup();
    const sock = openRtnl({ netns: ns() });
    try {
      for (const ack of ['errors', 'each'] as const) {
        const tag = ack === 'errors' ? 150 : 160;
        const c0 = indexes.get('c0')!;
        const addrBody = (a: string) => (w: Writer) => encodeBody(address, {
          ifa_family: AF_INET, ifa_prefixlen: 32, ifa_index: c0,
          attrs: { IFA_LOCAL: a, IFA_ADDRESS: a },
        }, w);
        type Want = { ok: true; index?: number } | { ok: false; code: string };
        const reqs: BatchRequest<number>[] = [];
        const want: Want[] = [];
        for (let i = 0; i < 900; i++) {
          const k = Math.floor(i / 3);
          switch (i % 3) {
            case 0: {
              // every tenth add repeats the address of the add three requests back: EEXIST
              const dup = k % 10 === 9;
              const a = `10.${tag}.${(dup ? k - 1 : k) >> 8}.${(dup ? k - 1 : k) & 0xff}`;
              reqs.push({ type: RTM.RTM_NEWADDR, flags: NLM_F_CREATE | NLM_F_EXCL, body: addrBody(a) });
              want.push(dup ? { ok: false, code: 'EEXIST' } : { ok: true });
              break;
            }
            case 1:
              reqs.push({ type: RTM.RTM_DELADDR, body: addrBody(`10.${tag + 1}.${k >> 8}.${k & 0xff}`) });
              want.push({ ok: false, code: 'EADDRNOTAVAIL' });
              break;
            case 2: {
              const exists = k % 2 === 0;
              const index = exists ? indexes.get(LINKS[k % 5]!)! : 200_000 + k;
              reqs.push({ type: RTM.RTM_GETLINK, body: (w) => encodeBody(link, { ifi_index: index }, w), decode: (m) => decodeBody<{ ifi_index: number }>(link, m.buf, m.start, m.end).ifi_index });
              want.push(exists ? { ok: true, index } : { ok: false, code: 'ENODEV' });
              break;
            }
          }
        }
        const results = sock.batch(reqs, { ack });
        expect(results).toHaveLength(900);
        results.forEach((r, i) => {
          const w = want[i]!;
          const where = `${ack}: request ${i}`;
          expect(r.ok, where).toBe(w.ok);
          if (!r.ok && !w.ok) {
            expect(r.error.code, where).toBe(w.code);
            expect(r.error.index, where).toBe(i);
          }
          if (r.ok && w.ok && w.index !== undefined) expect(r.replies, where).toEqual([w.index]);
        });
        const mine = ipJson<Array<{ addr_info: Array<{ local: string }> }>>(ns(), '-4', 'addr', 'show', 'dev', 'c0')
          .flatMap((l) => l.addr_info.map((a) => a.local)).filter((a) => a.startsWith(`10.${tag}.`));
        expect(mine).toHaveLength(270);
      }
    } finally {
      sock.close();
    }
  });

  it('a dump stream and operations at once: the streaming socket refuses others (EBUSY), another socket serves them, the stream is whole', async () => {
    await setup();
    const sock = openRtnl({ netns: ns() });
    const other = openRtnl({ netns: ns() });
    try {
      for (let i = 0; i < 300; i++) await addAddress({ dev: 'c1', address: `10.170.${i >> 8}.${i & 0xff}/32` }, { socket: other });
      let seen = 0;
      const stream = (async () => {
        for await (const m of sock.dumpStream(RTM.RTM_GETADDR, 0, (w) => encodeBody(address, { ifa_family: AF_INET }, w), (m) => decodeBody(address, m.buf, m.start, m.end))) {
          if (String(m.attrs.IFA_LOCAL).startsWith('10.170.')) seen++;
          await new Promise((r) => setImmediate(r)); // let the other tasks run mid-stream
        }
      })();
      const onSame = Array.from({ length: 20 }, () => getLink('c1', { socket: sock }).then(() => 'ok', (e) => (e as { code?: string }).code ?? String(e)));
      const onOther = Array.from({ length: 20 }, (_, i) => getLink(LINKS[i % 5]!, { socket: other }).then((l) => l.name));
      const [, same, others] = await Promise.all([stream, Promise.all(onSame), Promise.all(onOther)]);
      expect(seen).toBe(300);
      expect(new Set(same)).toEqual(new Set(['EBUSY']));
      expect(others).toEqual(Array.from({ length: 20 }, (_, i) => LINKS[i % 5]));
      // the stream over, the socket serves again
      expect((await getLink('c1', { socket: sock })).name).toBe('c1');
    } finally {
      sock.close();
      other.close();
    }
  });

  it('200 requests pipelined on one socket (all sent before any answer is read) come back matched by sequence number', async () => {
    await setup();
    const sock = openRtnl({ netns: ns() });
    try {
      // RTM_GETLINK by index: the five links, and indexes that do not exist
      const wanted: Array<{ seq: number; index: number; exists: boolean }> = [];
      const existing = [...indexes.values()];
      for (let i = 0; i < 200; i++) {
        const exists = i % 3 !== 0;
        const index = exists ? existing[i % existing.length]! : 100_000 + i;
        const seq = sock.send(RTM.RTM_GETLINK, NLM_F_ACK, (w) => encodeBody(link, { ifi_index: index }, w));
        wanted.push({ seq, index, exists });
      }
      const got = new Map<number, Array<{ type: number; index?: number; errno?: number }>>();
      let acks = 0;
      while (acks < wanted.length) {
        sock.receive('pipelined RTM_GETLINK', (m) => {
          expect(m.hdr.nlmsg_pid).toBe(sock.pid);
          const list = got.get(m.hdr.nlmsg_seq) ?? [];
          got.set(m.hdr.nlmsg_seq, list);
          if (m.hdr.nlmsg_type === NLMSG_ERROR) {
            list.push({ type: m.hdr.nlmsg_type, errno: decodeError(m).errno });
            acks++;
          } else {
            list.push({ type: m.hdr.nlmsg_type, index: decodeBody<{ ifi_index: number }>(link, m.buf, m.start, m.end).ifi_index });
          }
        });
      }
      for (const w of wanted) {
        const answers = got.get(w.seq);
        if (w.exists) expect(answers, `seq ${w.seq}`).toEqual([{ type: RTM.RTM_NEWLINK, index: w.index }, { type: NLMSG_ERROR, errno: 0 }]);
        else expect(answers, `seq ${w.seq}`).toEqual([{ type: NLMSG_ERROR, errno: 19 /* ENODEV */ }]);
      }
      expect(got.size).toBe(200);

      // Five more sent and never read: the next request() skips their answers as stale and returns its own.
      for (let i = 0; i < 5; i++) sock.send(RTM.RTM_GETLINK, NLM_F_ACK, (w) => encodeBody(link, { ifi_index: existing[0]! }, w));
      const before = sock.stale;
      const l = await getLink('c3', { socket: sock });
      expect(l.index).toBe(indexes.get('c3'));
      expect(sock.stale - before).toBe(10); // five RTM_NEWLINK and five acks
    } finally {
      sock.close();
    }
  });
});

