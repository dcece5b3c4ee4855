// The neighbour printer over fixed decoded messages; expected outputs are
// iproute2 6.1's for the same entries (live: test/privileged/print-neigh.test.ts).

import { describe, expect, it } from 'vitest';
import { formatNeighGet, formatNeighbours, neighDumpRequest, newNeighFilter } from '../../src/cli/print/neigh.js';
import { parseNeighSelector } from '../../src/cli/print/neigh-selector.js';
import type { NeighMessage } from '../../src/netlink/rtnl/neigh.js';

const linkNames = new Map([[2, 'veth0'], [5, 'vx0']]);
const ci = (used: number, confirmed: number, updated: number, refcnt = 0) =>
  ({ ndm_used: used, ndm_confirmed: confirmed, ndm_updated: updated, ndm_refcnt: refcnt });

function nb(state: number, attrs: NeighMessage['attrs'], flags = 0, ifindex = 2, family = 2): NeighMessage {
  return { ndm_family: family, ndm_ifindex: ifindex, ndm_state: state, ndm_flags: flags, ndm_type: 1, attrs };
}

const reachable = nb(0x02, { NDA_DST: '10.1.1.2', NDA_LLADDR: '9e:8c:83:42:72:a7', NDA_CACHEINFO: ci(200, 150, 150, 1), NDA_PROBES: 4 });
const staleRouter = nb(0x04, { NDA_DST: '10.1.1.8', NDA_LLADDR: '9e:8c:83:42:72:a8', NDA_CACHEINFO: ci(3900, 9900, 3900), NDA_PROBES: 0 }, 0x80);
const failed = nb(0x20, { NDA_DST: '10.7.0.99', NDA_CACHEINFO: ci(200, 6200, 200, 1), NDA_PROBES: 6 }, 0, 5);
const noarp = nb(0x40, { NDA_DST: '10.7.0.50', NDA_LLADDR: '00:11:22:33:44:55' }, 0, 5);
const none = nb(0x00, { NDA_DST: '10.7.0.51' }, 0, 5);
const proxy = nb(0x00, { NDA_DST: '10.1.1.50' }, 0x08);
const permStatic = nb(0x80, { NDA_DST: '10.7.0.52', NDA_LLADDR: '00:11:22:33:44:56', NDA_PROTOCOL: 4 }, 0, 5);
const v6 = nb(0x02, { NDA_DST: '2001:db8:7::2', NDA_LLADDR: '4a:dd:69:cb:9c:b7' }, 0, 5, 10);

describe('formatNeighbours: ip neigh show', () => {
  it('the tutorial\'s form, states in capitals, each field and the state followed by a space', () => {
    expect(formatNeighbours([reachable, staleRouter, failed, permStatic], { linkNames })).toBe([
      '10.1.1.2 dev veth0 lladdr 9e:8c:83:42:72:a7 REACHABLE ',
      '10.1.1.8 dev veth0 lladdr 9e:8c:83:42:72:a8 router STALE ',
      '10.7.0.99 dev vx0 FAILED ',
      '10.7.0.52 dev vx0 lladdr 00:11:22:33:44:56 PERMANENT proto static ', ''].join('\n'));
  });

  it('-j: flags as null members, the state as an array', () => {
    expect(formatNeighbours([staleRouter, proxy], { linkNames, json: true })).toBe(
      '[{"dst":"10.1.1.8","dev":"veth0","lladdr":"9e:8c:83:42:72:a8","router":null,"state":["STALE"]},'
      + '{"dst":"10.1.1.50","dev":"veth0","proxy":null}]\n');
  });

  it('NOARP and NONE entries only when asked ("nud all"), proxies always', () => {
    const all = [noarp, none, proxy, v6];
    expect(formatNeighbours(all, { linkNames })).toBe('10.1.1.50 dev veth0 proxy \n2001:db8:7::2 dev vx0 lladdr 4a:dd:69:cb:9c:b7 REACHABLE \n');
    expect(formatNeighbours(all, { linkNames, filter: { state: ~0 } })).toBe([
      '10.7.0.50 dev vx0 lladdr 00:11:22:33:44:55 NOARP ', '10.7.0.51 dev vx0 ', '10.1.1.50 dev veth0 proxy ',
      '2001:db8:7::2 dev vx0 lladdr 4a:dd:69:cb:9c:b7 REACHABLE ', ''].join('\n'));
    expect(formatNeighbours(all, { linkNames, filter: { family: 10 } })).toBe('2001:db8:7::2 dev vx0 lladdr 4a:dd:69:cb:9c:b7 REACHABLE \n');
  });

  it('-s: ref, ages in seconds (USER_HZ 100) and probes, spaced as ip spaces them', () => {
    expect(formatNeighbours([reachable, staleRouter], { linkNames, stats: 1 })).toBe([
      '10.1.1.2 dev veth0 lladdr 9e:8c:83:42:72:a7  ref 1 used 2/1/1probes 4 REACHABLE ',
      '10.1.1.8 dev veth0 lladdr 9e:8c:83:42:72:a8 router  used 39/99/39probes 0 STALE ', ''].join('\n'));
    expect(formatNeighbours([reachable], { linkNames, stats: 1, json: true })).toBe('[{"dst":"10.1.1.2","dev":"veth0",'
      + '"lladdr":"9e:8c:83:42:72:a7","refcnt":1,"used":2,"confirmed":1,"updated":1,"probes":4,"state":["REACHABLE"]}]\n');
  });

  it('"dev X" leaves the device out; "to PREFIX" and "nud" select', () => {
    const linkIndex = (n: string) => ({ veth0: 2, vx0: 5 } as Record<string, number>)[n];
    const sel = (s: string) => parseNeighSelector(s.split(' '), { family: 0, linkIndex });
    const all = [reachable, staleRouter, failed, permStatic];
    expect(formatNeighbours(all, { linkNames, filter: sel('dev vx0') })).toBe('10.7.0.99 FAILED \n10.7.0.52 lladdr 00:11:22:33:44:56 PERMANENT proto static \n');
    expect(formatNeighbours(all, { linkNames, filter: sel('to 10.1.1.0/24 nud stale') })).toBe('10.1.1.8 dev veth0 lladdr 9e:8c:83:42:72:a8 router STALE \n');
    expect(formatNeighbours(all, { linkNames, filter: sel('protocol static') })).toBe('10.7.0.52 dev vx0 lladdr 00:11:22:33:44:56 PERMANENT proto static \n');
    expect(formatNeighbours(all, { linkNames, filter: sel('unused') }).split('\n')).toHaveLength(3);
  });

  it('the dump request ip sends', () => {
    expect(neighDumpRequest(newNeighFilter())).toEqual({ ndm_family: 0, ndm_flags: 0, attrs: {} });
    const linkIndex = () => 5;
    expect(neighDumpRequest(parseNeighSelector(['proxy', 'dev', 'vx0'], { family: 10, linkIndex })))
      .toEqual({ ndm_family: 10, ndm_flags: 8, attrs: { NDA_IFINDEX: 5 } });
    expect(parseNeighSelector(['to', '10.0.0.0/8'], { family: 0, linkIndex }).family).toBe(2);
    expect(() => parseNeighSelector(['nud', 'bogus'], { family: 0, linkIndex })).toThrow('nud state is bad');
  });

  it('ip neigh get prints one entry whatever its state, as text even under -j', () => {
    expect(formatNeighGet(noarp, { linkNames })).toBe('10.7.0.50 dev vx0 lladdr 00:11:22:33:44:55 NOARP \n');
  });
});
