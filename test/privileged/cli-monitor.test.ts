// tsip monitor against ip monitor (iproute2 6.1): both run side by side in
// a fresh namespace, hear the same changes (made with ip), are stopped with
// SIGINT, and must have printed the same lines and died of the same signal.
//
// Normalised, because they must differ: the times of -t ("Timestamp: ...
// usec" lines) and -ts ("[2026-...] " prefixes); and on stderr, ip's
// "Error: Peer netns reference is invalid." lines, which come from other
// tests' namespaces being made or removed while ip reads the nsid of each
// name under /run/netns at start (a race, each process its own).

import { execFileSync } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { sh, tsip } from '../helpers/cli.js';
import {
  bothListening, fromMarker, killAll, normaliseTimes, settled, startIp, startTsip, stopBoth, timesOf, waitFor, type Marker, type Running,
} from '../helpers/monitor-cli.js';
import { freshNetns, ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

privileged('tsip monitor, against ip monitor', () => {
  const ns = freshNetns('mon');
  const peers: string[] = [];
  let running: Running[] = [];
  afterEach(() => {
    killAll(...running);
    running = [];
    for (const p of peers.splice(0)) removeNetns(p);
  });

  const run = (...args: string[]) => ip('-n', ns(), ...args);
  const peer = () => {
    const p = uniqueName('monpeer');
    peers.push(p);
    ip('netns', 'add', p);
    return p;
  };
  const veth = () => {
    run('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    run('link', 'set', 'va', 'up');
    run('link', 'set', 'vb', 'up');
  };

  const markers = {
    link: { make: (i) => run('link', 'add', `mk${i}`, 'type', 'ifb'), text: (i) => `mk${i}:` },
    addr: (dev = 'lo'): Marker => ({ make: (i) => run('addr', 'add', `192.0.2.${i + 1}/32`, 'dev', dev), text: (i) => `inet 192.0.2.${i + 1}/32` }),
    route: { make: (i) => run('route', 'add', `198.51.100.${i + 1}`, 'dev', 'lo'), text: (i) => `198.51.100.${i + 1} dev lo` },
    neigh: { make: (i) => run('neigh', 'add', `192.0.2.${i + 1}`, 'lladdr', '02:00:00:00:00:01', 'dev', 'va'), text: (i) => `192.0.2.${i + 1} dev va` },
  } satisfies Record<string, Marker | ((dev?: string) => Marker)>;

  const withoutNsidRaces = (stderr: string) => stderr.replace(/^Error: Peer netns reference is invalid\.\n/gm, '');

  /** Wait until both have printed what `re` matches. */
  type Both = (re: RegExp) => Promise<void>;

  interface Case {
    marker?: Marker;
    changes: (both: Both) => void | Promise<void>;
    /** What the last change makes both print: they are stopped once both have (or after a time). */
    last: RegExp;
    /** lines of ip's output tsip cannot print (none but for "all") */
    drop?: (line: string) => boolean;
    /** more checks, on both outputs as printed (from the marker on) */
    check?: (theirs: string, ours: string) => void;
  }

  /** Run both with `args`, make the changes, stop both with SIGINT; expect the same lines, stderr and end. */
  async function compare(args: string[], c: Case): Promise<string[]> {
    const theirs = startIp(ns(), args);
    const ours = startTsip(ns(), args);
    running.push(theirs, ours);
    const mark = await bothListening(ns(), theirs, ours, c.marker);
    const both: Both = (re) => waitFor(() => re.test(theirs.stdout) && re.test(ours.stdout), `${re} from both`);
    await c.changes(both);
    await both(c.last).catch(() => { /* the comparison below shows what is missing */ });
    const lines = (r: Running) => fromMarker(normaliseTimes(r.stdout), mark).filter((l) => !c.drop?.(l));
    await settled(theirs, ours, () => lines(theirs).join('\n') === lines(ours).join('\n'));
    const [ipEnd, tsipEnd] = await stopBoth(theirs, ours);
    expect(lines(ours)).toEqual(lines(theirs));
    expect(ours.stderr).toBe(withoutNsidRaces(theirs.stderr));
    expect(tsipEnd.signal).toBe(ipEnd.signal);
    expect(tsipEnd.signal).toBe('SIGINT');
    c.check?.(fromMarker(theirs.stdout, mark).join('\n'), fromMarker(ours.stdout, mark).join('\n'));
    return lines(ours);
  }

  it('link: veth and ifb added, set up, changed, enslaved, deleted', async () => {
    const out = await compare(['monitor', 'link'], {
      marker: markers.link,
      last: /^Deleted \d+: br0:/m,
      changes() {
        veth();
        run('link', 'add', 'i1', 'type', 'ifb');
        run('link', 'set', 'i1', 'mtu', '1400', 'group', '5');
        run('link', 'set', 'va', 'address', '02:00:00:00:00:aa');
        run('link', 'add', 'br0', 'type', 'bridge');
        run('link', 'set', 'i1', 'master', 'br0');
        run('link', 'set', 'i1', 'up');
        run('link', 'set', 'vb', 'down');
        run('link', 'set', 'i1', 'nomaster');
        run('link', 'del', 'va');
        run('link', 'del', 'i1');
        run('link', 'del', 'br0');
      },
    });
    expect(out.some((l) => l.startsWith('Deleted ') && l.includes(' va@'))).toBe(true);
    expect(out.some((l) => l.includes('master br0'))).toBe(true);
  });

  it('address: IPv4 and IPv6, peers, labels, lifetimes, secondaries, deletes', async () => {
    veth();
    run('link', 'add', 'i1', 'type', 'ifb');
    run('link', 'set', 'i1', 'up');
    const out = await compare(['monitor', 'address'], {
      marker: markers.addr(),
      last: /^Deleted \d+: i1    inet 10\.3\.0\.1\/24/m,
      changes() {
        run('addr', 'add', '10.1.0.1/24', 'dev', 'va');
        run('addr', 'add', '10.1.0.2/24', 'dev', 'va');
        run('addr', 'add', '10.1.0.3/24', 'dev', 'va', 'label', 'va:1');
        run('addr', 'add', '2001:db8::1/64', 'dev', 'i1', 'nodad');
        run('addr', 'add', '10.2.0.1', 'peer', '10.2.0.2/32', 'dev', 'i1');
        run('addr', 'add', '10.3.0.1/24', 'dev', 'i1', 'valid_lft', '100', 'preferred_lft', '50');
        run('addr', 'del', '10.1.0.2/24', 'dev', 'va');
        run('addr', 'del', '10.1.0.1/24', 'dev', 'va');
        run('addr', 'flush', 'dev', 'i1');
      },
    });
    expect(out.some((l) => l.startsWith('Deleted ') && l.includes('inet 10.1.0.1/24'))).toBe(true);
    expect(out.some((l) => l.includes('inet6 2001:db8::1/64'))).toBe(true);
  });

  it('route: unicast, tables, metrics, blackhole, multipath, IPv6, replace, delete', async () => {
    veth();
    run('addr', 'add', '10.1.0.1/24', 'dev', 'va');
    run('link', 'add', 'i1', 'type', 'ifb');
    run('link', 'set', 'i1', 'up');
    const out = await compare(['monitor', 'route'], {
      marker: markers.route,
      last: /^Deleted 2001:db8:1::\/64 dev i1/m,
      changes() {
        run('route', 'add', '10.10.0.0/16', 'via', '10.1.0.2');
        run('route', 'add', '10.11.0.0/16', 'dev', 'i1', 'metric', '5', 'proto', 'static');
        run('route', 'add', 'table', '100', 'default', 'via', '10.1.0.2');
        run('route', 'add', '2001:db8:1::/64', 'dev', 'i1');
        run('route', 'add', 'blackhole', '10.12.0.0/16');
        run('route', 'add', '10.13.0.0/16', 'nexthop', 'via', '10.1.0.2', 'weight', '1', 'nexthop', 'dev', 'i1', 'weight', '2');
        run('route', 'replace', '10.10.0.0/16', 'via', '10.1.0.3');
        run('route', 'del', '10.10.0.0/16');
        run('route', 'del', '10.13.0.0/16');
        run('route', 'del', 'table', '100', 'default');
        run('link', 'set', 'i1', 'down');
      },
    });
    expect(out.some((l) => l.startsWith('Deleted 10.13.0.0/16'))).toBe(true);
  });

  it('neigh: add, replace, proxy, IPv6, delete', async () => {
    veth();
    run('addr', 'add', '10.1.0.1/24', 'dev', 'va');
    const out = await compare(['monitor', 'neigh'], {
      marker: markers.neigh,
      last: /^Deleted 2001:db8::7 dev va/m,
      changes() {
        run('neigh', 'add', '10.1.0.7', 'lladdr', '02:00:00:00:00:07', 'dev', 'va');
        run('neigh', 'replace', '10.1.0.7', 'lladdr', '02:00:00:00:00:08', 'dev', 'va', 'nud', 'stale');
        run('neigh', 'add', 'proxy', '10.1.0.9', 'dev', 'va');
        run('neigh', 'add', '2001:db8::7', 'lladdr', '02:00:00:00:00:07', 'dev', 'va', 'router');
        run('neigh', 'del', 'proxy', '10.1.0.9', 'dev', 'va');
        run('neigh', 'del', '10.1.0.7', 'dev', 'va');
        run('neigh', 'del', '2001:db8::7', 'dev', 'va');
      },
    });
    expect(out.some((l) => l.startsWith('Deleted 10.1.0.7 dev va'))).toBe(true);
  });

  it('nsid: ids given to peers, with their names', async () => {
    const [p1, p2] = [peer(), peer()];
    const out = await compare(['monitor', 'nsid'], {
      last: new RegExp(`name: ${p2}\\)`),
      changes() {
        run('netns', 'set', p1, '5');
        run('netns', 'set', p2, 'auto');
        run('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb', 'netns', p1);
      },
    });
    expect(out).toContain(`nsid 5 (iproute2 netns name: ${p1})`);
  });

  it('all: every object with its label, [NETCONF], [RULE] and [NEXTHOP] included', async () => {
    const p = peer();
    const out = await compare(['monitor', 'all'], {
      marker: markers.link,
      last: /^\[LINK\]Deleted \d+: va@/m,
      changes() {
        veth();
        run('addr', 'add', '10.1.0.1/24', 'dev', 'va');
        run('route', 'add', '10.10.0.0/16', 'via', '10.1.0.2');
        run('neigh', 'add', '10.1.0.7', 'lladdr', '02:00:00:00:00:07', 'dev', 'va');
        run('rule', 'add', 'from', '10.7.0.0/16', 'lookup', '7', 'pref', '7');
        run('nexthop', 'add', 'id', '3', 'dev', 'va');
        run('nexthop', 'del', 'id', '3');
        run('rule', 'del', 'pref', '7');
        run('netns', 'set', p, '9');
        run('link', 'set', 'vb', 'netns', p);
        run('route', 'del', '10.10.0.0/16');
        run('link', 'del', 'va');
      },
    });
    for (const label of ['[LINK]', '[ADDR]', '[ROUTE]', '[NEIGH]', '[NSID]', '[NETCONF]', '[RULE]', '[NEXTHOP]']) expect(out.some((l) => l.includes(label))).toBe(true);
  });

  /** net.*.conf.DEV.* written inside the test's namespace: RTM_NEWNETCONF for each. */
  const sysctl = (key: string, value: string) => execFileSync('ip', ['netns', 'exec', ns(), 'sysctl', '-qw', `${key}=${value}`]);

  it('netconf: forwarding, rp_filter, proxy_arp, IPv6 forwarding, of a link, "all" and "default"', async () => {
    veth();
    const out = await compare(['monitor', 'netconf'], {
      last: /^inet6 default forwarding on /m,
      changes() {
        sysctl('net.ipv4.conf.va.forwarding', '1');
        sysctl('net.ipv4.conf.va.rp_filter', '2');
        sysctl('net.ipv4.conf.vb.proxy_arp', '1');
        sysctl('net.ipv4.conf.all.rp_filter', '1');
        sysctl('net.ipv6.conf.va.forwarding', '1');
        sysctl('net.ipv4.conf.default.forwarding', '1');
        sysctl('net.ipv6.conf.default.forwarding', '1');
      },
    });
    expect(out).toContain('inet va forwarding on ');
    expect(out).toContain('inet va rp_filter loose ');
    expect(out).toContain('inet all rp_filter strict ');
  });

  it('netconf with dev and label: records of other devices leave their label behind, as ip does', async () => {
    veth();
    const out = await compare(['monitor', 'netconf', 'dev', 'va', 'label'], {
      last: /\[NETCONF\]inet va proxy_neigh on /,
      changes() {
        sysctl('net.ipv4.conf.vb.forwarding', '1');
        sysctl('net.ipv4.conf.va.forwarding', '1');
        sysctl('net.ipv4.conf.vb.proxy_arp', '1');
        sysctl('net.ipv4.conf.va.proxy_arp', '1');
      },
    });
    expect(out.some((l) => l.startsWith('[NETCONF][NETCONF]'))).toBe(true);
    expect(out.some((l) => l.includes(' vb '))).toBe(false);
  });

  it('rule: IPv4 and IPv6 rules added and deleted, selectors and actions', async () => {
    veth();
    const out = await compare(['monitor', 'rule'], {
      last: /^Deleted 30:\tfrom all fwmark 0x1 iif va ipproto udp dport 53 lookup 201/m,
      changes() {
        run('rule', 'add', 'from', '1.2.3.0/24', 'lookup', '5', 'pref', '7');
        run('rule', 'add', 'iif', 'va', 'oif', 'vb', 'fwmark', '0x10/0xff', 'lookup', '101', 'pref', '10');
        run('rule', 'add', 'not', 'to', '10.4.0.0/16', 'prohibit', 'pref', '11');
        run('rule', 'add', 'uidrange', '1000-2000', 'ipproto', 'tcp', 'sport', '1000-2000', 'lookup', 'main', 'suppress_prefixlength', '0', 'pref', '12');
        run('rule', 'add', 'goto', '20', 'pref', '13');
        run('rule', 'add', 'from', '10.6.0.0/16', 'realms', '3/4', 'lookup', '106', 'protocol', 'static', 'pref', '14');
        run('-6', 'rule', 'add', 'fwmark', '0x1', 'iif', 'va', 'ipproto', 'udp', 'dport', '53', 'lookup', '201', 'pref', '30');
        run('rule', 'del', 'pref', '7');
        run('rule', 'del', 'pref', '13');
        run('-6', 'rule', 'del', 'pref', '30');
      },
    });
    expect(out).toContain('7:\tfrom 1.2.3.0/24 lookup 5');
    expect(out).toContain('Deleted 7:\tfrom 1.2.3.0/24 lookup 5');
  });

  it('nexthop: objects, groups and a resilient group; deleting a member updates its groups', async () => {
    veth();
    run('addr', 'add', '10.1.0.1/24', 'dev', 'va');
    const out = await compare(['monitor', 'nexthop'], {
      last: /^Deleted id 3 dev va scope host /m,
      changes() {
        run('nexthop', 'add', 'id', '1', 'via', '10.1.0.2', 'dev', 'va');
        run('nexthop', 'add', 'id', '2', 'via', '10.1.0.3', 'dev', 'va', 'protocol', 'static');
        run('nexthop', 'add', 'id', '4', 'blackhole');
        run('nexthop', 'add', 'id', '10', 'group', '1/2,3');
        run('nexthop', 'add', 'id', '11', 'group', '1/2', 'type', 'resilient', 'buckets', '8', 'idle_timer', '60');
        run('nexthop', 'del', 'id', '2');
        run('nexthop', 'add', 'id', '3', 'dev', 'va');
        run('nexthop', 'del', 'id', '3');
      },
    });
    expect(out).toContain('id 3 dev va scope host ');
    expect(out.some((l) => l.startsWith('Deleted id 2 '))).toBe(true);
  });

  it('-6: IPv6 rules and netconf only (ip joins only the IPv6 groups); nexthops of both', async () => {
    veth();
    const out = await compare(['-6', 'monitor', 'rule', 'netconf', 'nexthop'], {
      last: /^Deleted id 6 dev va scope host /m,
      changes() {
        run('rule', 'add', 'lookup', '9', 'pref', '9');
        run('-6', 'rule', 'add', 'lookup', '10', 'pref', '10');
        sysctl('net.ipv4.conf.va.forwarding', '1');
        sysctl('net.ipv6.conf.va.forwarding', '1');
        run('nexthop', 'add', 'id', '6', 'dev', 'va');
        run('nexthop', 'del', 'id', '6');
      },
    });
    expect(out).toContain('10:\tfrom all lookup 10');
    expect(out.some((l) => l.startsWith('9:'))).toBe(false);
    expect(out.some((l) => l.startsWith('inet6 va forwarding on'))).toBe(true);
  });

  it('-ts with label on rules, nexthops and netconf: [RULE], [NEXTHOP], [NETCONF]', async () => {
    veth();
    const out = await compare(['-ts', 'monitor', 'rule', 'nexthop', 'netconf', 'label'], {
      last: /\[NEXTHOP\]Deleted id 5 /,
      check: (theirs, ours) => expect(timesOf(ours).length).toBe(timesOf(theirs).length),
      changes() {
        run('rule', 'add', 'lookup', '9', 'pref', '9');
        sysctl('net.ipv4.conf.va.forwarding', '1');
        run('nexthop', 'add', 'id', '5', 'dev', 'va');
        run('nexthop', 'del', 'id', '5');
      },
    });
    for (const label of ['[T] [RULE]9:', '[T] [NETCONF]inet va', '[T] [NEXTHOP]id 5']) expect(out.some((l) => l.startsWith(label))).toBe(true);
  });

  const l3Last = /Deleted \d+: va    inet 10\.1\.0\.1\/24/;
  const l3Changes = () => {
    run('addr', 'add', '10.1.0.1/24', 'dev', 'va');
    run('route', 'add', '10.10.0.0/16', 'via', '10.1.0.2');
    run('neigh', 'add', '10.1.0.7', 'lladdr', '02:00:00:00:00:07', 'dev', 'va');
    run('neigh', 'del', '10.1.0.7', 'dev', 'va');
    run('addr', 'del', '10.1.0.1/24', 'dev', 'va');
  };

  /** The times both printed are the same times, to within the two processes' delays. */
  const sameTimes = (theirs: string, ours: string) => {
    const [a, b] = [timesOf(theirs), timesOf(ours)];
    expect(b.length).toBe(a.length);
    expect(a.length).toBeGreaterThan(5);
    a.forEach((t, i) => expect(Math.abs(b[i]! - t)).toBeLessThan(500));
  };

  it('-t: a Timestamp line before each message, local time as ip prints it (TZ Asia/Shanghai)', async () => {
    veth();
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai'; // both children get it; timesOf() reads their stamps in it
    try {
      const out = await compare(['-t', 'monitor'], { marker: markers.addr(), changes: l3Changes, last: l3Last, check: sameTimes });
      expect(out.filter((l) => l === 'Timestamp: T').length).toBeGreaterThan(5);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('-ts with label: a short time and the label before each message', async () => {
    veth();
    const out = await compare(['-ts', 'monitor', 'label'], { marker: markers.addr(), changes: l3Changes, last: l3Last, check: sameTimes });
    expect(out.some((l) => l.startsWith('[T] [ROUTE]'))).toBe(true);
  });

  it('-j: ip 6.1 prints monitor events as text, and so does tsip', async () => {
    veth();
    const out = await compare(['-j', 'monitor', 'link', 'address'], { marker: markers.addr(), changes: l3Changes, last: l3Last });
    expect(out.some((l) => l.includes('inet 10.1.0.1/24'))).toBe(true);
  });

  it('-o -d -s: one line per record, details, statistics (none in monitor records)', async () => {
    const out = await compare(['-o', '-d', '-s', 'monitor', 'link', 'address', 'neigh'], {
      marker: markers.link,
      last: /Deleted \d+: vb@NONE: /,
      changes() {
        veth();
        l3Changes();
        run('link', 'del', 'va');
      },
    });
    expect(out.some((l) => l.includes('\\    link/ether ') && l.includes(' veth '))).toBe(true);
  });

  it('dev: other devices filtered out, their prefixes left behind as ip leaves them', async () => {
    veth();
    run('link', 'add', 'i1', 'type', 'ifb');
    run('link', 'set', 'i1', 'up');
    run('addr', 'add', '10.2.0.1/24', 'dev', 'i1');
    const out = await compare(['-ts', 'monitor', 'link', 'address', 'route', 'neigh', 'dev', 'va', 'label'], {
      marker: markers.addr('va'),
      last: /\[LINK\]\d+: va@vb: <BROADCAST,MULTICAST> /,
      changes() {
        l3Changes();
        run('route', 'add', '10.11.0.0/16', 'dev', 'i1');
        run('neigh', 'add', '10.2.0.7', 'lladdr', '02:00:00:00:00:07', 'dev', 'i1');
        run('link', 'set', 'i1', 'down');
        run('link', 'set', 'va', 'down');
      },
    });
    expect(out.some((l) => l.includes('10.11.0.0'))).toBe(false);
  });

  it('all-nsid: events of peers with an id, tagged; names as ip caches them', async () => {
    const [p, q] = [peer(), peer()];
    run('netns', 'set', p, '3');
    const out = await compare(['monitor', 'link', 'address', 'route', 'nsid', 'all-nsid'], {
      marker: markers.link,
      last: /^\[nsid 0\]\d+: va@/m,
      async changes(both) {
        veth();
        run('link', 'set', 'vb', 'netns', p);
        ip('-n', p, 'link', 'set', 'vb', 'up');
        ip('-n', p, 'addr', 'add', '10.5.0.1/24', 'dev', 'vb');
        // both print p's events before q gets an id: ip looks a new id's name up when it prints it
        await both(/\[nsid 3\]\d+: vb    inet 10\.5\.0\.1/);
        // q's id, then q's own id for p, are both 0: ip names the second
        // after the first and forgets the name, as tsip does
        run('netns', 'set', q, 'auto');
        run('link', 'set', 'va', 'netns', q);
      },
    });
    expect(out).toContain(`[nsid 0]nsid 0 (iproute2 netns name: ${q})`);
    const moved = out.findIndex((l) => /^\[nsid 0\]\d+: va@/.test(l));
    expect(out[moved + 1]).toMatch(/ link-netnsid 0$/); // the name was printed once, then forgotten
    expect(out.some((l) => l.startsWith('[nsid 3]'))).toBe(true);
    expect(out.some((l) => l.startsWith('[nsid current]'))).toBe(true);
  });

  it('overflow: says what ip says on stderr, and carries on', async () => {
    const args = ['-rcvbuf', '4096', 'monitor', 'address'];
    const theirs = startIp(ns(), args);
    const ours = startTsip(ns(), args);
    running.push(theirs, ours);
    await bothListening(ns(), theirs, ours, markers.addr());
    theirs.child.kill('SIGSTOP');
    ours.child.kill('SIGSTOP');
    const batch = Array.from({ length: 100 }, (_, i) => `addr add 10.20.${i}.1/24 dev lo`).join('\n');
    execFileSync('ip', ['-n', ns(), '-batch', '-'], { input: batch });
    theirs.child.kill('SIGCONT');
    ours.child.kill('SIGCONT');
    const line = 'netlink receive error No buffer space available (105)\n';
    await waitFor(() => withoutNsidRaces(theirs.stderr) === line && ours.stderr === line, 'the ENOBUFS line from both');
    run('addr', 'add', '10.30.0.1/24', 'dev', 'lo');
    await waitFor(() => theirs.stdout.includes('inet 10.30.0.1/24') && ours.stdout.includes('inet 10.30.0.1/24'), 'an event after the loss');
    await stopBoth(theirs, ours);
    expect(ours.stderr).toBe(withoutNsidRaces(theirs.stderr));
  });

  it('ends within a short time of SIGINT or SIGTERM, dying of it as ip does', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const theirs = startIp(ns(), ['monitor']);
      const ours = startTsip(ns(), ['monitor']);
      running.push(theirs, ours);
      await bothListening(ns(), theirs, ours);
      const at = Date.now();
      const [ipEnd, tsipEnd] = await stopBoth(theirs, ours, signal);
      expect(tsipEnd.signal).toBe(ipEnd.signal);
      expect(tsipEnd.signal).toBe(signal);
      expect(tsipEnd.at - at).toBeLessThan(1000);
    }
  });

  it.each([
    [['dev', 'nosuch0']],
    [['frobnicate']],
    [['help']],
    [['dev']],
  ])('errs as ip does: monitor %j', (args) => {
    const ours = tsip('-n', ns(), 'monitor', ...args);
    const theirs = sh('ip', ['-n', ns(), 'monitor', ...args]);
    expect({ status: ours.status, stderr: ours.stderr.replaceAll('tsip monitor', 'ip monitor') }).toEqual({ status: theirs.status, stderr: theirs.stderr });
  });
});
