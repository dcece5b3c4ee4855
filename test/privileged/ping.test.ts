// ping across a veth pair between two fresh namespaces, and on their
// loopback, against iputils ping run in the same namespace (the oracle).
// Traffic goes only to addresses inside these namespaces.

import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { pollerState } from '../../src/netlink/poller.js';
import { ping, type PingReply } from '../../src/ops/ping.js';
import { pingMain } from '../../src/ops/ping-cli.js';
import { freshNetns, inNs, ip, privileged } from '../helpers/privileged.js';

/** Run tsip's ping CLI in-process. */
async function tsipPing(ns: string, ...argv: string[]) {
  let stdout = '', stderr = '';
  const status = await pingMain(argv, { netns: ns, stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } });
  return { status, stdout, stderr };
}

/** Run iputils ping in the namespace. */
function realPing(ns: string, ...argv: string[]) {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'ping', ...argv], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Output with the timing figures (and pipe, which depends on timing) blanked. */
const untimed = (s: string) => s
  .replace(/time=\d+(\.\d+)? ms/g, 'time=T ms')
  .replace(/time \d+ms/g, 'time Tms')
  .replace(/= \d+\.\d+\/\d+\.\d+\/\d+\.\d+\/\d+\.\d+ ms/g, '= T/T/T/T ms')
  .replace(/pipe \d+/g, 'pipe N')
  .split('\n');

/** Both pings, compared line by line modulo timing; returns tsip's run. */
async function sameAsPing(ns: string, ...argv: string[]) {
  const ours = await tsipPing(ns, ...argv);
  const theirs = realPing(ns, ...argv);
  expect(untimed(ours.stdout)).toEqual(untimed(theirs.stdout));
  expect(ours.stderr).toBe(theirs.stderr);
  expect(ours.status).toBe(theirs.status);
  return ours;
}

privileged('ping', () => {
  const nsA = freshNetns('pinga');
  const nsB = freshNetns('pingb');

  /**
   * A veth pair A:10.1.1.1,fd00::1 <-> B:10.1.1.2,fd00::2, once both ends
   * are operationally up: until the kernel's linkwatch has seen the carrier
   * (up to a second later) packets are dropped, and the first neighbour
   * solicitation with them, which delays the first replies by seconds.
   */
  function wire() {
    ip('link', 'add', 'va', 'netns', nsA(), 'type', 'veth', 'peer', 'name', 'vb', 'netns', nsB());
    inNs(nsA(), 'ip addr add 10.1.1.1/24 dev va && ip addr add fd00::1/64 dev va nodad && ip link set va up');
    inNs(nsB(), 'ip addr add 10.1.1.2/24 dev vb && ip addr add fd00::2/64 dev vb nodad && ip link set vb up');
    inNs(nsA(), 'for i in $(seq 100); do grep -q up /sys/class/net/va/operstate && exit 0; sleep 0.02; done; exit 1');
    inNs(nsB(), 'for i in $(seq 100); do grep -q up /sys/class/net/vb/operstate && exit 0; sleep 0.02; done; exit 1');
  }

  it('pings IPv4 across a veth pair, printing what iputils prints', async () => {
    wire();
    const r = await sameAsPing(nsA(), '-c', '3', '-i', '0.2', '10.1.1.2');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PING 10\.1\.1\.2 \(10\.1\.1\.2\) 56\(84\) bytes of data\.\n64 bytes from 10\.1\.1\.2: icmp_seq=1 ttl=64 time=\d+(\.\d+)? ms\n/);
  });

  it('pings IPv6 across a veth pair, printing what iputils prints', async () => {
    wire();
    const r = await sameAsPing(nsA(), '-c', '3', '-i', '0.2', 'fd00::2');
    expect(r.stdout).toMatch(/^PING fd00::2\(fd00::2\) 56 data bytes\n64 bytes from fd00::2: icmp_seq=1 ttl=64 time=/);
  });

  it('returns the figures and calls back once per reply, as replies arrive', async () => {
    wire();
    const replies: PingReply[] = [];
    const r = await ping('10.1.1.2', { netns: nsA(), count: 3, interval: 0.1, onReply: (x) => replies.push(x) });
    expect(r).toMatchObject({ transmitted: 3, received: 3, errors: 0, loss: 0, exitStatus: 0, family: 4, dataBytes: 56 });
    // In a fresh namespace net.ipv4.ping_group_range is "1 0": no datagram sockets, so (as root) raw.
    expect(r.socketType).toBe('raw');
    expect(replies.map((x) => [x.seq, x.ttl, x.bytes, x.from, x.dup])).toEqual([1, 2, 3].map((s) => [s, 64, 64, '10.1.1.2', false]));
    expect(r.times).toEqual(replies.map((x) => x.time));
    expect(r.min! <= r.avg! && r.avg! <= r.max! && r.mdev! >= 0).toBe(true);
    expect(r.max!).toBeLessThan(50); // ms: a veth round trip
  });

  it('uses ICMP datagram sockets where ping_group_range allows them (TTL and hop limit from control messages)', async () => {
    wire();
    inNs(nsA(), 'echo "0 0" > /proc/sys/net/ipv4/ping_group_range');
    for (const addr of ['10.1.1.2', 'fd00::2']) {
      const replies: PingReply[] = [];
      const r = await ping(addr, { netns: nsA(), count: 2, interval: 0.05, onReply: (x) => replies.push(x) });
      expect(r).toMatchObject({ socketType: 'dgram', transmitted: 2, received: 2 });
      expect(replies.map((x) => x.ttl)).toEqual([64, 64]);
    }
    await sameAsPing(nsA(), '-c', '2', '-i', '0.1', '10.1.1.2');
  });

  it('pings the loopback inside a namespace', async () => {
    await sameAsPing(nsA(), '-c', '2', '-i', '0.1', '127.0.0.1');
    await sameAsPing(nsA(), '-c', '2', '-i', '0.1', '::1');
    await sameAsPing(nsA(), '-c', '1', '-s', '8', '127.0.0.1'); // no room for a timestamp: no times
    await sameAsPing(nsA(), '-q', '-c', '2', '-i', '0.1', '-s', '100', '::1');
  });

  it('reports 100% loss and exits 1 when no host answers', async () => {
    wire();
    const r = await sameAsPing(nsA(), '-c', '2', '-i', '0.2', '-W', '1', '10.1.1.9');
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n').slice(-4)).toEqual(['--- 10.1.1.9 ping statistics ---', expect.stringMatching(/^2 packets transmitted, 0 received, 100% packet loss, time \d+ms$/), '', '']);
  });

  it('prints the neighbour failures as ICMP errors, as iputils does (+N errors)', async () => {
    wire();
    const r = await sameAsPing(nsA(), '-c', '3', '-i', '0.3', '10.1.1.9');
    expect(r.stdout).toContain('From 10.1.1.1 icmp_seq=1 Destination Host Unreachable\n');
    expect(r.stdout).toContain('3 packets transmitted, 0 received, +3 errors, 100% packet loss');
    const r6 = await sameAsPing(nsA(), '-c', '2', '-i', '0.3', 'fd00::9');
    expect(r6.stdout).toContain('From fd00::1 icmp_seq=1 Destination unreachable: Address unreachable\n');
  }, 30_000);

  it('fails as ping does when there is no route, or the message is too long', async () => {
    const r = await sameAsPing(nsA(), '-c', '1', '10.9.9.9');
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'ping: connect: Network is unreachable\n' });
    const big = await sameAsPing(nsA(), '-c', '1', '-s', '65508', '127.0.0.1');
    expect(big.stderr).toBe('ping: local error: message too long, mtu=65535\n');
  });

  it('stops on abort, with the summary so far, and leaves no thread waiting', async () => {
    wire();
    const stop = new AbortController();
    const started = Date.now();
    const r = await ping('10.1.1.2', { netns: nsA(), interval: 5, signal: stop.signal, onReply: () => stop.abort() });
    expect(Date.now() - started).toBeLessThan(1000); // not the 5 s interval
    expect(r).toMatchObject({ transmitted: 1, received: 1, exitStatus: 0 });
  });

  it('runs six pings at once in the one shared poll(), and file reads still complete meanwhile', async () => {
    // A poll(2) per ping would hold a thread of libuv's pool (4 by default,
    // shared with fs) for each: with six in flight, file reads queue behind them.
    wire();
    const pings = Promise.all(Array.from({ length: 6 }, (_, i) => ping(i % 2 ? 'fd00::2' : '10.1.1.2', { netns: nsA(), count: 3, interval: 0.3 })));
    await new Promise((r) => setTimeout(r, 100));
    expect(pollerState().watched).toBe(6);
    const first = await Promise.race([readFile('/proc/self/status', 'utf8').then(() => 'read'), pings.then(() => 'pings')]);
    expect(first).toBe('read');
    const results = await pings;
    expect(results.map((r) => [r.transmitted, r.received])).toEqual(Array.from({ length: 6 }, () => [3, 3]));
    // closed sockets leave once the poll() in flight has returned: then no thread waits
    for (let i = 0; i < 100 && pollerState().watched > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(pollerState()).toEqual({ polling: false, watched: 0 });
  });

  it('the CLI stops on SIGINT, prints the summary, and the process exits at once', async () => {
    wire();
    const cli = fileURLToPath(new URL('../../src/ops/ping-cli.ts', import.meta.url));
    const script = `import { pingMain } from ${JSON.stringify(cli)}; process.exitCode = await pingMain(['-i', '0.2', '10.1.1.2'], { netns: ${JSON.stringify(nsA())} });`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let interruptedAt = 0;
    child.stdout.on('data', (d) => {
      out += d;
      if (!interruptedAt && out.includes('icmp_seq=2 ')) {
        interruptedAt = Date.now();
        child.kill('SIGINT');
      }
    });
    const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    expect(Date.now() - interruptedAt).toBeLessThan(1000);
    expect(status).toBe(0);
    expect(untimed(out).slice(-4)).toEqual(['--- 10.1.1.2 ping statistics ---', expect.stringMatching(/^[23] packets transmitted, [23] received, 0% packet loss, time Tms$/), 'rtt min/avg/max/mdev = T/T/T/T ms', '']);
  });
});
