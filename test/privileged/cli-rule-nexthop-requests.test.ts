// tsip rule add|del and tsip nexthop add|replace|del send, byte for byte,
// the request ip sent for the same command line: each request captured
// from ip (test/fixtures/rtnl/{rule,nexthop}.ts) is replayed as its command
// line through `tsip --trace` in a fresh namespace built as the capture's
// was (lo, a veth pair va/vb, so va is ifindex 3), and tsip's traced
// request must read as the fixture's bytes traced the same way, field by
// field and in the same order (the CLI writes attributes in command-line
// order, as ip does), but for nlmsg_seq. Commands with "encap" are never
// run (see the task's rules on encap); flush requests come in sequences
// and are checked by the flush tests.

import { expect, it } from 'vitest';
import { NETLINK_ROUTE_PROTOCOL } from '../../src/netlink/socket.js';
import { RTM, rtnlFamily } from '../../src/netlink/rtnl/index.js';
import { traceDatagram } from '../../src/netlink/trace.js';
import { nexthopFixtures } from '../fixtures/rtnl/nexthop.js';
import { ruleFixtures } from '../fixtures/rtnl/rule.js';
import { tsip } from '../helpers/cli.js';
import { freshNetns, ip, privileged } from '../helpers/privileged.js';

const WRITES = new Set<number>([RTM.RTM_NEWRULE, RTM.RTM_DELRULE, RTM.RTM_NEWNEXTHOP, RTM.RTM_DELNEXTHOP]);
const replayed = [...ruleFixtures, ...nexthopFixtures].filter((f) => f.provenance.direction === 'request' && WRITES.has(f.type)
  && /^ip -n \S+ /.test(f.provenance.command) && !/\bencap\b/.test(f.provenance.command) && !/ flush\b/.test(f.provenance.command));

const noSeq = (s: string) => s.replace(/nlmsg_seq=\d+/g, 'nlmsg_seq=N');

/** The traced request of `type` in tsip's --trace output. */
function tracedRequest(stderr: string, typeName: string): string | undefined {
  const blocks = stderr.split(/^(?=[<>] )/m).filter((b) => b.startsWith('> request'));
  return blocks.find((b) => b.includes(`nlmsg_type=${typeName}(`));
}

privileged('tsip rule and nexthop writes: the bytes ip sends (--trace against the captured requests)', () => {
  const ns = freshNetns('rnwr');

  it('replays every captured add/replace/del command line', () => {
    expect(replayed.length).toBeGreaterThan(25);
    ip('-n', ns(), 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    // the request is traced whatever the kernel answers (EEXIST, ENOENT, ...)
    for (const f of replayed) {
      const args = f.provenance.command.replace(/^ip -n \S+ /, '').split(' ');
      const r = tsip('--trace', '-n', ns(), ...args);
      const typeName = NETLINK_ROUTE_PROTOCOL.typeName(f.type);
      const ours = tracedRequest(r.stderr, typeName);
      const theirs = traceDatagram('request', Buffer.from(f.hex, 'hex'), { typeName: NETLINK_ROUTE_PROTOCOL.typeName, family: rtnlFamily });
      expect(ours, `${f.provenance.command}\n${r.stderr}`).toBeDefined();
      expect(noSeq(ours!).trimEnd(), f.provenance.command).toBe(noSeq(theirs).trimEnd());
    }
  });
});
