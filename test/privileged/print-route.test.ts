// `ip route show` and `ip route get` printed by tsip against iproute2 6.1,
// in fresh namespaces. The routes are dumped with tsip's own socket, asked
// for as ip asks (routeDumpRequest, checked with scripts/capture.ts), then
// filtered and printed; ip's output must come out line for line (text) and
// byte for byte (JSON, also compared deep-equal).
//
// One normalisation: an IPv6 route's lifetime ("expires 299sec",
// "expires":297) counts down every second, and the two dumps are taken a
// few milliseconds apart.

import { expect, it } from 'vitest';
import { formatRouteGet, formatRoutes } from '../../src/cli/print/route.js';
import { parseRouteSelector } from '../../src/cli/print/route-selector.js';
import { freshNetns, inNs, privileged } from '../helpers/privileged.js';
import { expectSameOutput, expiresNormalised, ipOut } from '../helpers/print-compare.js';
import { dumpNexthops, dumpRoutes, linkNames, routeGet } from '../helpers/rtdump.js';

/** Every form of route the printer knows, in one namespace. */
const SETUP = [
  'ip link add veth0 type veth peer name veth1',
  'ip link add vd0 type veth peer name vd1',
  'ip addr add 10.1.1.1/24 dev veth0', 'ip addr add 10.1.1.2/24 dev veth1',
  'ip link set veth0 up', 'ip link set veth1 up',
  'ip -6 addr add 2001:db8::1/64 dev veth0 nodad',
  // vd0 up with its peer down: no carrier, its routes "linkdown"
  'ip addr add 10.30.0.1/24 dev vd0', 'ip link set vd0 up',
  'ip route add default via 10.1.1.254 dev veth0',
  'ip route add 10.2.0.0/16 via 10.1.1.3 mtu lock 1400 metric 100',
  'ip route add 10.3.0.0/16 via 10.1.1.3 mtu 1400 advmss 1000 rtt 30ms',
  'ip route add 10.4.0.0/16 via 10.1.1.3 hoplimit 5 initcwnd 10 initrwnd 20 quickack 1 features ecn rttvar 100ms rto_min 1500ms window 1000 cwnd 5 ssthresh 3 reordering 4 congctl lock cubic fastopen_no_cookie 1',
  'ip route add blackhole 10.9.0.0/16', 'ip route add unreachable 10.10.0.0/16',
  'ip route add prohibit 10.11.0.0/16', 'ip route add throw 10.22.0.0/16',
  'ip route add 10.12.0.0/16 nexthop via 10.1.1.3 dev veth0 weight 2 nexthop via 10.1.1.4 dev veth1',
  'ip route add 10.13.0.0/16 via 10.1.1.5 table 1000',
  'ip route add 10.35.0.0/16 via 10.1.1.3 table 253',
  'ip route add 10.36.0.0/16 via 10.1.1.3 table 100000',
  'ip route add 10.14.0.0/16 dev veth0 proto static',
  'ip route add 10.15.0.0/16 dev veth0 proto 17',
  'ip route add 10.16.0.0/16 dev veth0 proto 99 scope host',
  'ip route add 10.17.0.0/16 via 10.1.1.9 dev veth0 onlink',
  'ip route add 10.18.0.1 dev veth0',
  'ip route add 10.19.0.0/16 dev veth0 realm 5',
  'ip route add 10.25.0.0/16 dev veth0 realms 2/5',
  'ip route add 10.20.0.0/16 via inet6 fe80::1 dev veth0',
  'ip route add 10.21.0.0/16 tos 0x10 dev veth0',
  'ip route add 10.31.0.0/16 via 10.30.0.2',
  'ip route add 10.32.0.0/16 nexthop via 10.30.0.2 dev vd0 nexthop via 10.1.1.3 dev veth0',
  'ip route add 10.34.0.0/16 dev veth0 mtu 1400 metric 4294967295',
  'ip nexthop add id 1 via 10.1.1.3 dev veth0', 'ip route add 10.23.0.0/16 nhid 1',
  'ip nexthop add id 2 via 10.1.1.4 dev veth0', 'ip nexthop add id 3 group 1/2,3', 'ip route add 10.40.0.0/16 nhid 3',
  'ip nexthop add id 4 blackhole', 'ip route add 10.41.0.0/16 nhid 4',
  'ip -6 route add 2001:db8:1::/64 via 2001:db8::2 expires 300',
  'ip -6 route add 2001:db8:2::/64 dev veth0 metric 5 pref high',
  'ip -6 route add 2001:db8:9::/64 dev veth0 pref low',
  'ip -6 route add 2001:db8:5::/64 from 2001:db8:6::/64 via 2001:db8::2',
  'ip -6 route add 2001:db8:8::/64 nexthop via 2001:db8::2 dev veth0 weight 3 nexthop via 2001:db8::3 dev veth0',
  'ip -6 route add 2001:db8:a::/64 dev veth0 hoplimit 10 mtu 1300',
  'ip -6 route add blackhole 2001:db8:b::/64',
].join(' && ');

privileged('ip route, printed as iproute2 6.1 prints it', () => {
  const ns = freshNetns('proute');

  /** `ip -n NS FLAGS route show SELECTOR` against ours. */
  function compare(flags: string[], selector: string[] = []): void {
    const family = flags.includes('-4') ? 2 : flags.includes('-6') ? 10 : 0;
    const names = linkNames(ns());
    const byName = new Map([...names].map(([i, n]) => [n, i]));
    const sel = parseRouteSelector(selector, { family, linkIndex: (n) => byName.get(n) });
    const theirs = ipOut('-n', ns(), ...flags, 'route', 'show', ...selector);
    const ours = formatRoutes(dumpRoutes(ns(), sel.filter, sel.dumpFamily), {
      linkNames: names, family, filter: sel.filter, nexthops: dumpNexthops(ns()),
      json: flags.includes('-j'), pretty: flags.includes('-p'), details: flags.includes('-d'),
      stats: flags.includes('-s'), oneline: flags.includes('-o'),
    });
    expectSameOutput(ours, theirs, flags.includes('-j'), expiresNormalised, `ip ${flags.join(' ')} route show ${selector.join(' ')}`);
  }

  it('the tutorial: a veth end with an address has its kernel route', () => {
    inNs(ns(), 'ip link add veth0 type veth peer name veth1 && ip link set veth0 up && ip addr add 10.1.1.1/24 dev veth0');
    compare([]);
    expect(ipOut('-n', ns(), 'route')).toBe('10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1 linkdown \n');
    inNs(ns(), 'ip link set veth1 up');
    compare([]);
    compare(['-j']);
  });

  it('every route form: text, -d, -o, -s, -4, -6, -j, -j -p, in main and all tables', () => {
    inNs(ns(), SETUP);
    for (const flags of [[], ['-d'], ['-o'], ['-s'], ['-4'], ['-6'], ['-6', '-d'], ['-j'], ['-j', '-p'], ['-j', '-d'], ['-6', '-j', '-p']]) {
      compare(flags);
      compare(flags, ['table', 'all']);
    }
    compare([], ['table', 'local']);
    compare(['-6'], ['table', 'local']);
    compare(['-d'], ['table', '1000']);
    compare([], ['table', 'default']);
    compare(['-j'], ['table', '100000']);
  });

  it('selectors: what ip keeps of a dump, and the fields it then leaves out', () => {
    inNs(ns(), SETUP);
    const v4 = ['proto kernel', 'proto boot', 'proto all', 'scope link', 'scope host', 'scope all', 'type blackhole',
      'type unicast', 'dev veth0', 'dev vd0', 'via 10.1.1.3', 'via 10.1.1.0/24', 'src 10.1.1.1', 'root 10.0.0.0/8',
      'match 10.2.3.4', 'exact 10.2.0.0/16', '10.2.0.0/16', 'metric 100', 'default', 'all', 'tos 0x10', 'realms 5',
      'realms 2/5', 'realms 2/', 'from 0/0', 'match 10.12.1.1 table all', 'table local type local', 'cached',
      'table cache', 'to root 10.1.0.0/16 proto kernel'];
    for (const s of v4) {
      compare([], s.split(' '));
      compare(['-j'], s.split(' '));
    }
    const v6 = ['proto kernel', 'dev veth0', 'root 2001:db8::/32', 'from 2001:db8:6::/64', 'match 2001:db8:5::1',
      'type multicast table all', 'via 2001:db8::2', 'metric 256', 'default', 'type blackhole'];
    for (const s of v6) {
      compare(['-6'], s.split(' '));
      compare(['-6', '-j'], s.split(' '));
    }
  });

  it('protocol names: every number 0..255, as rt_protos names it or as a number', () => {
    inNs(ns(), 'ip link add veth0 type veth peer name veth1 && ip link set veth0 up');
    const batch = Array.from({ length: 256 }, (_, i) => `ip route add 10.100.${i}.0/24 dev veth0 proto ${i}`).join(' && ');
    inNs(ns(), batch);
    compare([]);
    compare(['-j']);
    compare(['-d']);
  });

  it('ip route get: cached IPv4 answers ("cache <local>", mtu lock), IPv6, multipath, nexthop objects', () => {
    inNs(ns(), SETUP);
    const names = linkNames(ns());
    for (const dst of ['10.2.3.4', '10.1.1.2', '10.1.1.1', '127.0.0.1', '10.1.1.255', '10.12.0.1', '10.4.1.1', '10.20.0.1',
      '10.23.0.1', '10.40.1.1', '10.25.0.1', '10.31.0.1', '2001:db8::5', '2001:db8:8::1', '2001:db8:1::1', '::1']) {
      for (const flags of [[], ['-j'], ['-d'], ['-j', '-p']]) {
        const theirs = ipOut('-n', ns(), ...flags, 'route', 'get', dst);
        const ours = formatRouteGet(routeGet(ns(), dst), {
          linkNames: names, json: flags.includes('-j'), pretty: flags.includes('-p'), details: flags.includes('-d'),
        });
        expectSameOutput(ours, theirs, flags.includes('-j'), expiresNormalised, `ip ${flags.join(' ')} route get ${dst}`);
      }
    }
    expect(ipOut('-n', ns(), 'route', 'get', '10.1.1.2')).toBe('local 10.1.1.2 dev lo src 10.1.1.2 uid 0 \n    cache <local> \n');
  });

  it('ip route get with from, mark and uid in the request', () => {
    inNs(ns(), SETUP);
    const names = linkNames(ns());
    const cases: Array<[string[], Record<string, unknown>, Record<string, number>]> = [
      [['from', '10.1.1.1'], { RTA_SRC: '10.1.1.1' }, { rtm_src_len: 32 }],
      [['mark', '7'], { RTA_MARK: 7 }, {}],
      [['mark', '0x20'], { RTA_MARK: 0x20 }, {}],
      [['uid', '1000'], { RTA_UID: 1000 }, {}],
    ];
    for (const [args, attrs, hdr] of cases) {
      for (const json of [false, true]) {
        const theirs = ipOut('-n', ns(), ...(json ? ['-j'] : []), 'route', 'get', '10.2.3.4', ...args);
        const ours = formatRouteGet(routeGet(ns(), '10.2.3.4', attrs, hdr), { linkNames: names, json });
        expectSameOutput(ours, theirs, json, expiresNormalised, `ip route get 10.2.3.4 ${args.join(' ')}`);
      }
    }
  });

  it('an empty table prints nothing, and [] under -j', () => {
    inNs(ns(), 'ip link add veth0 type veth peer name veth1');
    compare([]);
    compare(['-j']);
    compare(['-j', '-p']);
    compare(['-6', '-j']);
  });
});
