// `ip neigh show` printed by tsip against iproute2 6.1, in fresh
// namespaces: the neighbours are dumped with tsip's socket (the request ip
// sends: ndmsg family, NTF_PROXY for "proxy", NDA_IFINDEX for "dev"),
// filtered as ip filters and printed; text line for line, JSON deep-equal
// and byte for byte.
//
// The kernel moves entries on while we look (REACHABLE turns STALE,
// INCOMPLETE turns FAILED), so ours must equal ip's output taken just
// before or just after it. Under -s, the ages "used A/B/C" (seconds since
// use, confirmation and update) tick every second and are normalised.

import { expect, it } from 'vitest';
import { formatNeighbours, neighDumpRequest } from '../../src/cli/print/neigh.js';
import { parseNeighSelector } from '../../src/cli/print/neigh-selector.js';
import { freshNetns, inNs, ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';
import { expectSameAsEither, ipOut, type Normalise } from '../helpers/print-compare.js';
import { dumpNeighbours, linkNames } from '../helpers/rtdump.js';

const agesNormalised: Normalise = (s) => s
  .replace(/ used \d+\/\d+\/\d+/g, ' used A/B/C')
  .replace(/"(used|confirmed|updated)": ?\d+/g, '"$1":0');

privileged('ip neigh, printed as iproute2 6.1 prints it', () => {
  const ns = freshNetns('pneigh');

  function compare(flags: string[], selector: string[] = []): void {
    const family = flags.includes('-4') ? 2 : flags.includes('-6') ? 10 : 0;
    const names = linkNames(ns());
    const byName = new Map([...names].map(([i, n]) => [n, i]));
    const filter = parseNeighSelector(selector, { family, linkIndex: (n) => byName.get(n) });
    const run = () => ipOut('-n', ns(), ...flags, 'neigh', 'show', ...selector);
    const before = run();
    const ours = formatNeighbours(dumpNeighbours(ns(), neighDumpRequest(filter)), {
      linkNames: names, filter, json: flags.includes('-j'), pretty: flags.includes('-p'), stats: flags.includes('-s'),
    });
    const after = run();
    expectSameAsEither(ours, before, after, flags.includes('-j'), agesNormalised, `ip ${flags.join(' ')} neigh show ${selector.join(' ')}`);
  }

  it('every state and flag: REACHABLE, STALE router, PERMANENT, NOARP, NONE, INCOMPLETE/FAILED, proxy, proto, extern_learn', () => {
    const peer = uniqueName('pneigh-peer');
    ip('netns', 'add', peer);
    try {
      inNs(ns(), [
        `ip link add vx0 type veth peer name vx1 netns ${peer}`,
        'ip link add veth0 type veth peer name veth1',
        'ip addr add 10.7.0.1/24 dev vx0', 'ip -6 addr add 2001:db8:7::1/64 dev vx0 nodad', 'ip link set vx0 up',
        'ip link set veth0 up', 'ip link set veth1 up',
      ].join(' && '));
      ip('-n', peer, 'addr', 'add', '10.7.0.2/24', 'dev', 'vx1');
      ip('-n', peer, '-6', 'addr', 'add', '2001:db8:7::2/64', 'dev', 'vx1', 'nodad');
      ip('-n', peer, 'link', 'set', 'vx1', 'up');
      inNs(ns(), [
        'ping -c1 -W2 10.7.0.2 >/dev/null', 'ping -6 -c1 -W2 2001:db8:7::2 >/dev/null',
        'ping -c1 -W1 10.7.0.99 >/dev/null || true',
        'ip neigh add 10.1.1.7 dev veth0 lladdr 9e:8c:83:42:72:a7',
        'ip neigh add 10.1.1.8 dev veth0 lladdr 9e:8c:83:42:72:a8 nud stale router',
        'ip neigh add 10.7.0.50 dev vx0 lladdr 00:11:22:33:44:55 nud noarp',
        'ip neigh add 10.7.0.51 dev vx0 nud none',
        'ip neigh add 10.7.0.52 dev vx0 lladdr 00:11:22:33:44:56 protocol static',
        'ip neigh add 10.7.0.53 dev vx0 lladdr 00:11:22:33:44:57 extern_learn',
        'ip neigh add 10.7.0.54 dev vx0 lladdr 00:11:22:33:44:58 nud reachable',
        'ip neigh add proxy 10.1.1.50 dev veth0',
        'ip -6 neigh add proxy 2001:db8:7::50 dev vx0',
        'ip -6 neigh add 2001:db8:7::9 dev vx0 lladdr 00:11:22:33:44:59 router',
      ].join(' && '));
      expect(ipOut('-n', ns(), 'neigh', 'show', '10.1.1.7')).toBe('10.1.1.7 dev veth0 lladdr 9e:8c:83:42:72:a7 PERMANENT \n');
      for (const flags of [[], ['-4'], ['-6'], ['-j'], ['-j', '-p'], ['-s'], ['-s', '-j'], ['-6', '-j']]) compare(flags);
      const selectors = ['dev vx0', 'nud all', 'nud stale', 'nud reachable nud permanent', 'nud none', 'nud noarp',
        'nud failed', 'nud incomplete', 'nud 4', 'to 10.7.0.0/24', 'to 10.1.1.7', '10.7.0.0/16', 'proxy', 'proxy dev veth0',
        'protocol static', 'protocol all', 'unused', 'to 2001:db8:7::/64', 'dev veth0 nud all'];
      for (const s of selectors) {
        compare([], s.split(' '));
        compare(['-j'], s.split(' '));
      }
      compare(['-6'], ['proxy']);
      compare(['-s'], ['nud', 'all']);
    } finally {
      removeNetns(peer);
    }
  });

  it('an empty table prints nothing, and [] under -j', () => {
    compare([]);
    compare(['-j']);
    compare(['-j', '-p']);
  });
});
