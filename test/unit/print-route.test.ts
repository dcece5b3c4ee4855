// The route printer over fixed decoded messages. Expected outputs are what
// iproute2 6.1 printed for the same routes on this kernel (see
// test/privileged/print-route.test.ts for the live comparison).

import { describe, expect, it } from 'vitest';
import { formatRoute, formatRouteGet, formatRoutes } from '../../src/cli/print/route.js';
import { newRouteFilter, routeDumpRequest, RouteSelector } from '../../src/cli/print/route-filter.js';
import { formatG } from '../../src/cli/print/route-parts.js';
import { parseRouteSelector } from '../../src/cli/print/route-selector.js';
import { parsePrefix1 } from '../../src/cli/print/ip-prefix.js';
import type { RouteMessage } from '../../src/netlink/rtnl/route.js';

const linkNames = new Map([[1, 'lo'], [2, 'veth0'], [3, 'veth1']]);

function rt(h: Partial<RouteMessage>, attrs: RouteMessage['attrs']): RouteMessage {
  return {
    rtm_family: 2, rtm_dst_len: 0, rtm_src_len: 0, rtm_tos: 0, rtm_table: 254, rtm_protocol: 3, rtm_scope: 0,
    rtm_type: 1, rtm_flags: 0, ...h, attrs: { RTA_TABLE: h.rtm_table ?? 254, ...attrs },
  };
}

const kernelRoute = rt({ rtm_dst_len: 24, rtm_protocol: 2, rtm_scope: 253 }, { RTA_DST: '10.1.1.0', RTA_PREFSRC: '10.1.1.1', RTA_OIF: 2 });
const defaultRoute = rt({}, { RTA_GATEWAY: '10.1.1.254', RTA_OIF: 2 });
const mtuLock = rt({ rtm_dst_len: 16 }, {
  RTA_DST: '10.2.0.0', RTA_PRIORITY: 100, RTA_GATEWAY: '10.1.1.3', RTA_OIF: 2, RTA_METRICS: { RTAX_LOCK: 4, RTAX_MTU: 1400 },
});
const multipath = rt({ rtm_dst_len: 16 }, {
  RTA_DST: '10.12.0.0',
  RTA_MULTIPATH: [
    { rtnh_flags: 0, rtnh_hops: 1, rtnh_ifindex: 2, attrs: { RTA_GATEWAY: '10.1.1.3' } },
    { rtnh_flags: 16, rtnh_hops: 0, rtnh_ifindex: 3, attrs: { RTA_GATEWAY: '10.1.1.4' } },
  ],
});
const blackhole = rt({ rtm_dst_len: 16, rtm_type: 6 }, { RTA_DST: '10.9.0.0' });
const local = rt({ rtm_table: 255, rtm_protocol: 2, rtm_scope: 254, rtm_type: 2, rtm_dst_len: 32 },
  { RTA_DST: '10.1.1.1', RTA_PREFSRC: '10.1.1.1', RTA_OIF: 2 });
const table1000 = rt({ rtm_table: 252, rtm_dst_len: 16 }, { RTA_TABLE: 1000, RTA_DST: '10.13.0.0', RTA_GATEWAY: '10.1.1.5', RTA_OIF: 2 });
const v6expiring = rt({ rtm_family: 10, rtm_dst_len: 64 }, {
  RTA_DST: '2001:db8:1::', RTA_PRIORITY: 1024, RTA_GATEWAY: '2001:db8::2', RTA_OIF: 2, RTA_PREF: 0,
  RTA_CACHEINFO: { rta_clntref: 0, rta_lastuse: 0, rta_expires: 29950, rta_error: 0, rta_used: 0, rta_id: 0, rta_ts: 0, rta_tsage: 0 },
});

describe('formatRoutes: ip route show', () => {
  it('prints the tutorial route with ip\'s trailing space, and -j', () => {
    expect(formatRoutes([kernelRoute], { linkNames })).toBe('10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1 \n');
    expect(formatRoutes([kernelRoute], { linkNames, json: true }))
      .toBe('[{"dst":"10.1.1.0/24","dev":"veth0","protocol":"kernel","scope":"link","prefsrc":"10.1.1.1","flags":[]}]\n');
  });

  it('leaves out proto boot and scope global, except under -d ("unicast" first too)', () => {
    expect(formatRoutes([defaultRoute], { linkNames })).toBe('default via 10.1.1.254 dev veth0 \n');
    expect(formatRoutes([defaultRoute], { linkNames, details: 1 })).toBe('unicast default via 10.1.1.254 dev veth0 proto boot scope global \n');
  });

  it('metric, then metrics with "lock"; in JSON the lock is not shown', () => {
    expect(formatRoutes([mtuLock], { linkNames })).toBe('10.2.0.0/16 via 10.1.1.3 dev veth0 metric 100 mtu lock 1400 \n');
    expect(formatRoutes([mtuLock], { linkNames, json: true }))
      .toBe('[{"dst":"10.2.0.0/16","gateway":"10.1.1.3","dev":"veth0","metric":100,"flags":[],"metrics":[{"mtu":1400}]}]\n');
  });

  it('times in metrics: rtt in 1/8 ms, rttvar in 1/4 ms, seconds from 1000 ms up; features ecn', () => {
    const r = rt({ rtm_dst_len: 16 }, {
      RTA_DST: '10.4.0.0', RTA_GATEWAY: '10.1.1.3', RTA_OIF: 2,
      RTA_METRICS: { RTAX_LOCK: 1 << 13, RTAX_RTT: 240, RTAX_RTTVAR: 400, RTAX_RTO_MIN: 1500, RTAX_FEATURES: 1, RTAX_CC_ALGO: 'cubic' },
    });
    expect(formatRoutes([r], { linkNames })).toBe('10.4.0.0/16 via 10.1.1.3 dev veth0 rtt 30ms rttvar 100ms features ecn rto_min lock 1.5s congctl cubic \n');
    expect(formatRoutes([r], { linkNames, json: true })).toContain('"metrics":[{"rtt":30,"rttvar":100,"ecn":null,"rto_min":1500,"congestion":"cubic"}]');
  });

  it('multipath: a line per next hop, tab first, weight and flags', () => {
    expect(formatRoutes([multipath], { linkNames })).toBe(
      '10.12.0.0/16 \n\tnexthop via 10.1.1.3 dev veth0 weight 2 \n\tnexthop via 10.1.1.4 dev veth1 weight 1 linkdown \n');
    expect(formatRoutes([multipath], { linkNames, oneline: true })).toBe(
      '10.12.0.0/16 \\\tnexthop via 10.1.1.3 dev veth0 weight 2 \\\tnexthop via 10.1.1.4 dev veth1 weight 1 linkdown \n');
    expect(formatRoutes([multipath], { linkNames, json: true })).toBe('[{"dst":"10.12.0.0/16","flags":[],"nexthops":['
      + '{"gateway":"10.1.1.3","dev":"veth0","weight":2,"flags":[]},{"gateway":"10.1.1.4","dev":"veth1","weight":1,"flags":["linkdown"]}]}]\n');
  });

  it('route types other than unicast come first; the main table only, unless asked', () => {
    const all = [table1000, defaultRoute, blackhole, local];
    expect(formatRoutes(all, { linkNames })).toBe('default via 10.1.1.254 dev veth0 \nblackhole 10.9.0.0/16 \n');
    expect(formatRoutes(all, { linkNames, table: 'all' })).toBe([
      '10.13.0.0/16 via 10.1.1.5 dev veth0 table 1000 ',
      'default via 10.1.1.254 dev veth0 ',
      'blackhole 10.9.0.0/16 ',
      'local 10.1.1.1 dev veth0 table local proto kernel scope host src 10.1.1.1 ', ''].join('\n'));
    expect(formatRoutes(all, { linkNames, table: 1000 })).toBe('10.13.0.0/16 via 10.1.1.5 dev veth0 \n');
  });

  it('cached routes only for "table cache"', () => {
    const cached = rt({ rtm_dst_len: 32, rtm_flags: 0x200 }, { RTA_DST: '10.2.3.4', RTA_OIF: 2 });
    expect(formatRoutes([cached, defaultRoute], { linkNames })).toBe('default via 10.1.1.254 dev veth0 \n');
    expect(formatRoutes([cached, defaultRoute], { linkNames, table: 'cache' })).toBe('10.2.3.4 dev veth0 \n    cache \n');
  });

  it('IPv6: expires in seconds of USER_HZ, the preference last with no space after it', () => {
    expect(formatRoutes([v6expiring], { linkNames })).toBe('2001:db8:1::/64 via 2001:db8::2 dev veth0 metric 1024 expires 299sec pref medium\n');
    expect(formatRoutes([v6expiring], { linkNames, json: true, family: 2 })).toBe('[]\n');
    expect(formatRoutes([v6expiring], { linkNames, json: true, pretty: true })).toBe([
      '[ {',
      '        "dst": "2001:db8:1::/64",',
      '        "gateway": "2001:db8::2",',
      '        "dev": "veth0",',
      '        "metric": 1024,',
      '        "flags": [ ],',
      '        "expires": 299,',
      '        "pref": "medium"',
      '    } ]', ''].join('\n'));
  });

  it('an unknown ifindex prints as ifN, an empty dump as nothing or []', () => {
    expect(formatRoutes([rt({}, { RTA_OIF: 9 })], { linkNames })).toBe('default dev if9 \n');
    expect(formatRoutes([], { linkNames })).toBe('');
    expect(formatRoutes([], { linkNames, json: true })).toBe('[]\n');
    expect(formatRoutes([], { linkNames, json: true, pretty: true })).toBe('[ ]\n');
  });

  it('a selector given leaves its field out: proto, dev', () => {
    const { filter } = parseRouteSelector(['proto', 'kernel', 'dev', 'veth0'], { family: 0, linkIndex: (n) => (n === 'veth0' ? 2 : undefined) });
    expect(formatRoutes([kernelRoute, defaultRoute], { linkNames, filter })).toBe('10.1.1.0/24 scope link src 10.1.1.1 \n');
  });

  it('nh_info under -d for a route with a nexthop object', () => {
    const r = rt({ rtm_dst_len: 16 }, { RTA_DST: '10.23.0.0', RTA_NH_ID: 1, RTA_GATEWAY: '10.1.1.3', RTA_OIF: 2 });
    const nexthops = new Map([[1, { id: 1, family: 2, scope: 253, protocol: 0, flags: 0, gateway: '10.1.1.3', oif: 2 }]]);
    expect(formatRoutes([r], { linkNames, details: 1, nexthops })).toBe(
      'unicast 10.23.0.0/16 nhid 1 via 10.1.1.3 dev veth0 proto boot scope global \n\tnh_info id 1 via 10.1.1.3 dev veth0 scope link proto unspec \n');
    expect(formatRoutes([r], { linkNames, nexthops })).toBe('10.23.0.0/16 nhid 1 via 10.1.1.3 dev veth0 \n');
  });

  it('Deleted, for a monitor', () => {
    expect(formatRoute(defaultRoute, { linkNames, deleted: true })).toBe('Deleted default via 10.1.1.254 dev veth0 \n');
  });
});

describe('formatRouteGet: ip route get', () => {
  it('a cached IPv4 answer: no proto or scope, uid, then "cache" on a line of its own', () => {
    const r = rt({ rtm_dst_len: 32, rtm_type: 2, rtm_flags: 0x80000200 },
      { RTA_DST: '10.1.1.2', RTA_OIF: 1, RTA_PREFSRC: '10.1.1.2', RTA_UID: 0 });
    expect(formatRouteGet(r, { linkNames })).toBe('local 10.1.1.2 dev lo src 10.1.1.2 uid 0 \n    cache <local> \n');
    expect(formatRouteGet(r, { linkNames, json: true }))
      .toBe('[{"type":"local","dst":"10.1.1.2","dev":"lo","prefsrc":"10.1.1.2","flags":[],"uid":0,"cache":["local"]}]\n');
    const via = rt({ rtm_dst_len: 32, rtm_flags: 0x200 }, {
      RTA_DST: '10.2.3.4', RTA_OIF: 2, RTA_GATEWAY: '10.1.1.3', RTA_PREFSRC: '10.1.1.1', RTA_UID: 0, RTA_METRICS: { RTAX_LOCK: 4, RTAX_MTU: 1400 },
    });
    expect(formatRouteGet(via, { linkNames })).toBe('10.2.3.4 via 10.1.1.3 dev veth0 src 10.1.1.1 uid 0 \n    cache mtu lock 1400 \n');
    expect(formatRouteGet(via, { linkNames, details: 1 })).toBe('unicast 10.2.3.4 via 10.1.1.3 dev veth0 table main src 10.1.1.1 uid 0 \n    cache mtu lock 1400 \n');
  });
});

describe('the filter and the dump request', () => {
  it('asks for IPv4 in main by default, every family for "table all"', () => {
    expect(routeDumpRequest(newRouteFilter())).toEqual({ rtm_family: 2, rtm_protocol: 0, rtm_flags: 0, attrs: { RTA_TABLE: 254 } });
    expect(routeDumpRequest(newRouteFilter({ tb: 0 }))).toEqual({ rtm_family: 0, rtm_protocol: 0, rtm_flags: 0, attrs: {} });
    expect(routeDumpRequest(newRouteFilter(), 10).rtm_family).toBe(10);
    expect(routeDumpRequest(newRouteFilter({ cloned: 1, oif: 3 })).rtm_flags).toBe(0x200);
  });

  it('IPv6 in one table only tells main from local by type, until a route outside main is seen', () => {
    const v6local = rt({ rtm_family: 10, rtm_type: 2, rtm_table: 254, rtm_dst_len: 128 }, { RTA_DST: '::1' });
    const sel = new RouteSelector(newRouteFilter());
    expect(sel.accepts(v6local)).toBe(false);
    expect(sel.accepts(v6expiring)).toBe(true);
  });

  it('root, match and exact prefixes; "default"', () => {
    const sel = (s: string) => new RouteSelector(parseRouteSelector(s.split(' '), { family: 0, linkIndex: () => undefined }).filter);
    const dsts = [kernelRoute, defaultRoute, mtuLock];
    const kept = (s: string) => dsts.filter((r) => sel(s).accepts(r)).map((r) => `${r.attrs.RTA_DST ?? 'default'}/${r.rtm_dst_len}`);
    expect(kept('root 10.0.0.0/8')).toEqual(['10.1.1.0/24', '10.2.0.0/16']);
    expect(kept('match 10.1.1.7')).toEqual(['10.1.1.0/24', 'default/0']);
    expect(kept('exact 10.2.0.0/16')).toEqual(['10.2.0.0/16']);
    expect(kept('default')).toEqual(['default/0']);
    expect(kept('all')).toEqual(['10.1.1.0/24', 'default/0', '10.2.0.0/16']);
  });

  it('selector errors are ip\'s', () => {
    const parse = (s: string) => parseRouteSelector(s.split(' '), { family: 0, linkIndex: () => undefined });
    expect(() => parse('dev nope')).toThrow('Cannot find device "nope"');
    expect(() => parse('table foo')).toThrow('Error: argument "foo" is wrong: table id value is invalid');
    expect(() => parse('proto foo')).toThrow('Error: argument "foo" is wrong: invalid "protocol"');
    expect(() => parse('10.1.1.1/33')).toThrow('Error: any valid prefix is expected rather than "10.1.1.1/33".');
    expect(() => parse('table')).toThrow('Command line is not complete');
  });
});

describe('helpers', () => {
  it('formatG is C\'s %g', () => {
    expect(formatG(1.5)).toBe('1.5');
    expect(formatG(30)).toBe('30');
    expect(formatG(4294.967295)).toBe('4294.97');
    expect(formatG(1234567)).toBe('1.23457e+06');
    expect(formatG(0.0001)).toBe('0.0001');
    expect(formatG(0.00001)).toBe('1e-05');
  });

  it('get_prefix: short IPv4 forms, netmasks, default and all', () => {
    expect(parsePrefix1('10', 0)).toEqual({ family: 2, bitlen: 32, bytes: new Uint8Array([10, 0, 0, 0]) });
    expect(parsePrefix1('10.0.0.0/255.0.0.0', 0)).toMatchObject({ bitlen: 8, specified: true });
    expect(parsePrefix1('default', 2)).toMatchObject({ family: 2, bitlen: 0, specified: true });
    expect(parsePrefix1('all', 0)).toEqual({ family: 0, bitlen: 0, bytes: new Uint8Array(0) });
    expect(parsePrefix1('default/0', 0)).toBeUndefined();
    expect(parsePrefix1('2001:db8::/64', 2)).toBeUndefined();
  });
});
