// ping: send ICMP echo requests and count the replies as iputils ping does.
//
//   ping(addr, { netns, count, interval, timeout, size })
//     ≈ ip netns exec NETNS ping -c COUNT -i INTERVAL -W TIMEOUT -s SIZE ADDR
//
// The loop follows iputils (ping/ping_common.c: main_loop, pinger,
// gather_statistics, finish): a request every `interval` seconds (measured
// from the previous send), icmp_seq from 1; it stops when every request is
// answered (replies + errors reach `count`), or, after the last send, when
// nothing more can be expected: 2 × the slowest round trip (at least one
// interval) when replies came, `timeout` (-W, 10 s) when none did.
//
// Round trips run from the kernel's send timestamp (SO_TIMESTAMPING, taken
// when the device takes the request) to the kernel's receive timestamp
// (SO_TIMESTAMP). iputils instead stamps the request with gettimeofday()
// just before sendto(); the same stamp is in our requests (the first 16
// data bytes, as a struct timeval) and is the fallback when the kernel gives
// no send timestamp. Measured on a veth pair here: iputils 0.035 ms, kernel
// stamps 0.012 ms, our own stamp before sendto 0.11 ms (ffi-rs calls cost
// tens of µs between the stamp and the kernel) — hence the kernel's.
// Scheduling (interval, timeout, the summary's "time") uses
// process.hrtime.bigint().

import { randomInt } from 'node:crypto';
import { strerror } from '../netlink/errno.js';
import { OsError, UsageError } from '../netlink/errors.js';
import { formatIP, parseIPv4, parseIPv6 } from '../netlink/inet.js';
import { clockGettimeNs } from '../netlink/libc.js';
import type { NetnsRef } from '../netlink/netns.js';
import {
  ICMP6_ECHO_REPLY, ICMP6_ECHO_REQUEST, ICMP_ECHO, ICMP_ECHOREPLY, ICMP_HEADER_LEN, TIMEVAL_LEN,
  dataMatches, decodeIcmp, decodeIpv4Header, echoData, encodeEchoRequest, internetChecksum, type IpFamily,
} from './icmp.js';
import { describeIcmp4, describeIcmp6, rttStats, type Summary } from './ping-format.js';
import { PingCounts } from './ping-stats.js';
import { IcmpSocket, SO_EE_ORIGIN_ICMP, SO_EE_ORIGIN_ICMP6, SO_EE_ORIGIN_LOCAL, SO_EE_ORIGIN_TIMESTAMPING, type Datagram, type IcmpSocketType, type QueuedError } from './ping-socket.js';

export interface PingOptions {
  /** The namespace to ping from. The caller's own when absent. */
  netns?: NetnsRef;
  /** -4 / -6: the address must be of this family. */
  family?: IpFamily;
  /** -c: requests to send; unlimited (until `signal`) when absent. */
  count?: number;
  /** -i: seconds between requests (default 1). */
  interval?: number;
  /** -W: seconds to wait after the last request when no reply came (default 10). */
  timeout?: number;
  /** -s: data bytes per request (default 56). Below 16 there is no room for a timestamp: no times. */
  size?: number;
  /** 'auto' (default): an ICMP datagram socket if ping_group_range allows, else raw. */
  socketType?: 'auto' | IcmpSocketType;
  /** Stop (like Ctrl-C): the result counts what happened so far. */
  signal?: AbortSignal;
  /** Called once the socket is open, before the first request (ping prints its PING line here). */
  onStart?: (info: PingStart) => void;
  /** Called for each echo reply as it arrives. */
  onReply?: (reply: PingReply) => void;
  /** Called for each ICMP error about our requests, and for local errors. */
  onError?: (error: PingError) => void;
}

export interface PingStart {
  host: string;
  address: string;
  family: IpFamily;
  dataBytes: number;
  socketType: IcmpSocketType;
}

export interface PingReply {
  seq: number;
  from: string;
  /** ICMP bytes (header and data) */
  bytes: number;
  /** TTL or hop limit; -1 when the kernel gave none (IPv6) */
  ttl: number;
  /** round trip in µs; absent when untimed (size < 16, or truncated) */
  timeUs?: number;
  /** round trip in ms */
  time?: number;
  dup: boolean;
  truncated: boolean;
  badChecksum: boolean;
  differentAddress: boolean;
}

export interface PingError {
  /** true for an error of our own host's stack (message too long, ...): no reply will come from it */
  local: boolean;
  /** what ping prints after "From ADDR icmp_seq=N " (ICMP), or after "ping: " (local) */
  text: string;
  seq?: number;
  from?: string;
  type?: number;
  code?: number;
  errno?: number;
}

export interface PingResult extends Summary {
  address: string;
  family: IpFamily;
  socketType: IcmpSocketType;
  dataBytes: number;
  /** percent of requests without a reply */
  loss: number;
  /** round trips in ms (duplicates included) */
  times: number[];
  /** ms, as ping computes them; absent without a timed reply */
  min?: number;
  avg?: number;
  max?: number;
  mdev?: number;
  /** ping's exit status: 0 when a reply came, 1 when none did */
  exitStatus: 0 | 1;
}

const MAXWAIT = 10;

/** Check ping's inputs; returns the address bytes. */
export function parsePingTarget(address: string, family?: IpFamily): Buffer {
  const bytes = parseIPv4(address) ?? (address.includes(':') ? parseIPv6(address) : undefined);
  if (!bytes) throw new UsageError(`${address}: Name or service not known`);
  if (family !== undefined && (bytes.length === 4 ? 4 : 6) !== family) throw new UsageError(`${address}: Address family for hostname not supported`);
  return bytes;
}

function checkOptions(o: PingOptions): void {
  const bad = (what: string, v: unknown) => new UsageError(`invalid ${what}: ${String(v)}`);
  if (o.count !== undefined && !(o.count === Infinity || (Number.isInteger(o.count) && o.count >= 1))) throw bad('count', o.count);
  if (o.interval !== undefined && !(Number.isFinite(o.interval) && o.interval >= 0)) throw bad('interval', o.interval);
  if (o.timeout !== undefined && !(Number.isFinite(o.timeout) && o.timeout >= 0)) throw bad('timeout', o.timeout);
  if (o.size !== undefined && !(Number.isInteger(o.size) && o.size >= 0 && o.size <= 65527)) throw bad('size', o.size);
}

/**
 * When each request left: the kernel's own send timestamp (SO_TIMESTAMPING,
 * reported on the error queue by send number) when it gives one. Kept for at
 * most 1024 sends, so an endless ping stays small.
 */
class SendTimes {
  private sends = 0;
  private readonly bySendNo = new Map<number, { seq: number; userUs: bigint }>();
  private readonly bySeq = new Map<number, bigint>();

  /** A request `seq` went out; `userUs` is the time it carries. */
  sent(seq: number, userUs: bigint): void {
    this.bySeq.delete(seq);
    this.bySendNo.set(this.sends, { seq, userUs });
    this.bySendNo.delete(this.sends - 1024);
    this.sends++;
  }

  /** The kernel's timestamp for send number `sendNo`. */
  stamped(sendNo: number, txUs: bigint): void {
    const sent = this.bySendNo.get(sendNo);
    this.bySendNo.delete(sendNo);
    // A stamp earlier than the request's own time belongs to another send: not used.
    if (sent && txUs >= sent.userUs) this.bySeq.set(sent.seq, txUs);
  }

  kernelTime(seq: number): bigint | undefined {
    return this.bySeq.get(seq);
  }
}

/**
 * ping [-4|-6] [-c COUNT] [-i INTERVAL] [-W TIMEOUT] [-s SIZE] ADDRESS
 *
 * iputils ping (in a namespace: ip netns exec NAME ping ...): ping
 * `address` (IPv4 or IPv6, numeric) and return the figures ping's
 * summary shows. Throws an OsError before sending anything when there is no
 * route (connect: ENETUNREACH, as ping) or no socket can be opened.
 */
export async function ping(address: string, opts: PingOptions = {}): Promise<PingResult> {
  checkOptions(opts);
  const dest = parsePingTarget(address, opts.family);
  const family: IpFamily = dest.length === 4 ? 4 : 6;
  const size = opts.size ?? 56;
  const count = opts.count ?? Infinity;
  const intervalNs = BigInt(Math.round((opts.interval ?? 1) * 1000)) * 1_000_000n; // ping keeps ms
  const lingerUs = BigInt(Math.round((opts.timeout ?? MAXWAIT) * 1000)) * 1000n;
  const timing = size >= TIMEVAL_LEN;
  const sock = IcmpSocket.open(dest, size + 4200, { netns: opts.netns, type: opts.socketType });
  const raw = sock.type === 'raw';
  const ident = raw ? randomInt(0x10000) : 0; // a datagram socket's id is its port, set by the kernel
  const template = echoData(size);
  const subnetRouterAnycast = family === 6 && dest.subarray(8).every((b) => b === 0);
  const n = new PingCounts();
  const sendTimes = new SendTimes();

  const onDatagram = (d: Datagram) => {
    // Everything is read out of d.bytes first: reading the error queue reuses its buffer.
    let icmpBytes = d.bytes;
    let ttl = family === 4 ? (d.ttl ?? 0) : (d.ttl ?? -1);
    if (family === 4 && raw) {
      const ip = decodeIpv4Header(d.bytes);
      if (!ip || d.bytes.length < ip.headerLength + ICMP_HEADER_LEN) return;
      ttl = ip.ttl;
      icmpBytes = d.bytes.subarray(ip.headerLength);
    }
    const icmp = decodeIcmp(icmpBytes);
    if (!icmp || icmp.type !== (family === 4 ? ICMP_ECHOREPLY : ICMP6_ECHO_REPLY)) return;
    if (raw && icmp.id !== ident) return; // another ping's reply
    if (family === 4 && !dataMatches(template, icmp.data)) return;
    const { seq } = icmp;
    const cc = icmpBytes.length;
    const badChecksum = family === 4 && internetChecksum(icmpBytes) !== 0;
    let timeUs: number | undefined;
    if (timing && cc >= ICMP_HEADER_LEN + TIMEVAL_LEN) {
      const payloadUs = icmp.data.readBigInt64LE(0) * 1_000_000n + icmp.data.readBigInt64LE(8);
      if (sendTimes.kernelTime(seq) === undefined) readErrors(); // its stamp may have been queued since
      const rxUs = d.rxUs ?? clockGettimeNs(0) / 1000n;
      timeUs = Math.max(0, Number(rxUs - (sendTimes.kernelTime(seq) ?? payloadUs)));
    }
    const dup = n.reply(seq, timeUs, badChecksum);
    const truncated = cc < size + ICMP_HEADER_LEN;
    if (truncated) timeUs = undefined;
    opts.onReply?.({
      seq, from: formatIP(d.from) ?? '?', bytes: cc, ttl, timeUs, time: timeUs === undefined ? undefined : timeUs / 1000,
      dup, truncated, badChecksum, differentAddress: family === 6 && !subnetRouterAnycast && !d.from.equals(dest),
    });
  };

  // ping's receive_error_msg(): an ICMP error about one of our requests, a local error, or neither.
  const onQueuedError = (e: QueuedError): 'net' | 'local' | undefined => {
    if (e.origin === SO_EE_ORIGIN_TIMESTAMPING) {
      if (e.txUs !== undefined) sendTimes.stamped(e.data, e.txUs);
      return undefined;
    }
    if (e.origin === SO_EE_ORIGIN_LOCAL) {
      n.error();
      const tooLong = e.errno === 90 /* EMSGSIZE */;
      const text = !tooLong ? `local error: ${strerror(e.errno)}`
        : family === 4 ? `local error: message too long, mtu=${e.info}` : `local error: message too long, mtu: ${e.info}`;
      opts.onError?.({ local: true, text, errno: e.errno });
      return 'local';
    }
    if (e.origin !== SO_EE_ORIGIN_ICMP && e.origin !== SO_EE_ORIGIN_ICMP6) return undefined;
    const req = decodeIcmp(e.request);
    if (!req || !e.target.equals(dest) || req.type !== (family === 4 ? ICMP_ECHO : ICMP6_ECHO_REQUEST)) return undefined;
    if (raw && req.id !== ident) return undefined;
    n.error(family === 4 ? req.seq : undefined);
    const text = family === 4 ? describeIcmp4(e.type, e.code, e.info) : describeIcmp6(e.type, e.code, e.info);
    opts.onError?.({ local: false, text, seq: req.seq, from: e.offender && formatIP(e.offender), type: e.type, code: e.code, errno: e.errno });
    return 'net';
  };
  const readErrors = () => {
    const seen = { net: 0, local: 0 };
    for (let e = sock.receiveError(); e; e = sock.receiveError()) {
      const kind = onQueuedError(e);
      if (kind) seen[kind]++;
    }
    return seen;
  };
  const drain = (errorQueued: boolean) => {
    if (errorQueued) readErrors(); // first: send timestamps come before the replies they time
    for (;;) {
      let d: Datagram | undefined;
      try {
        d = sock.receive();
      } catch (e) {
        if (!(e instanceof OsError)) throw e;
        // The socket reports an error: what the error queue holds explains it.
        const seen = readErrors();
        if (seen.net || seen.local) continue;
        opts.onError?.({ local: true, text: `recvmsg: ${strerror(e.errno)}`, errno: e.errno });
        return;
      }
      if (!d) break;
      onDatagram(d);
    }
  };
  const sendOne = () => {
    const seq = n.nextSeq;
    const userUs = timing ? clockGettimeNs(0) / 1000n : 0n;
    try {
      sock.send(encodeEchoRequest(family, ident, seq, timing ? echoData(size, userUs) : template), dest);
      sendTimes.sent(seq, userUs);
    } catch (e) {
      if (!(e instanceof OsError)) throw e;
      if (!readErrors().local) opts.onError?.({ local: true, text: `sendmsg: ${strerror(e.errno)}`, errno: e.errno });
    }
    n.sent();
  };

  let stopped = opts.signal?.aborted ?? false;
  const onAbort = () => {
    stopped = true;
    sock.wake();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const start = process.hrtime.bigint();
  let lastSend: bigint | undefined;
  let exitAt: bigint | undefined;
  try {
    opts.onStart?.({ host: address, address: formatIP(dest)!, family, dataBytes: size, socketType: sock.type });
    for (;;) {
      if (stopped || n.settled >= count) break;
      let now = process.hrtime.bigint();
      if (n.transmitted < count && (lastSend === undefined || now - lastSend >= intervalNs)) {
        lastSend = now;
        sendOne();
        if (n.settled >= count) break; // a send can fail at once (local error)
        now = process.hrtime.bigint();
        if (n.transmitted >= count) {
          const waitUs = n.received ? BigInt(Math.max(2 * n.tmax, Number(intervalNs / 1000n))) : lingerUs;
          exitAt = now + waitUs * 1000n;
        }
      }
      if (exitAt !== undefined && now >= exitAt) break;
      // Until the next request is due, or until it is time to give up; a
      // zero interval still polls once per request, so the event loop runs.
      const waitNs = n.transmitted < count ? lastSend! + intervalNs - now : exitAt! - now;
      const r = await sock.wait(Number(waitNs) / 1e6);
      if (r.woken) break;
      if (r.readable || r.error) drain(r.error);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await sock.close();
  }

  const stats = n.received && timing ? rttStats(n.timesUs) : undefined;
  const ms = (us: number | undefined) => (us === undefined ? undefined : us / 1000);
  return {
    host: address, address: formatIP(dest)!, family, socketType: sock.type, dataBytes: size,
    transmitted: n.transmitted, received: n.received, duplicates: n.duplicates, corrupted: n.corrupted, errors: n.errors,
    loss: n.transmitted ? ((n.transmitted - n.received) * 100) / n.transmitted : 0,
    elapsedNs: lastSend === undefined ? 0 : Number(lastSend - start),
    timesUs: n.timesUs, times: n.timesUs.map((t) => t / 1000),
    min: ms(stats?.min), avg: ms(stats?.avg), max: ms(stats?.max), mdev: ms(stats?.mdev),
    pipe: n.pipe, interval: Number(intervalNs) / 1e9, rttEwma8: n.rttEwma8,
    exitStatus: n.received ? 0 : 1,
  };
}
