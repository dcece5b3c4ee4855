// `ip netns list` and `ip netns list-id` printed by tsip against iproute2
// 6.1. The lists are read with tsip's ops (listNetns, listNetnsIds) from a
// fresh namespace, so the ids are those it gives its peers.
//
// /run/netns is shared with every other test running on the machine: its
// other entries come and go while we look, so both outputs are cut down to
// the entries of this test before comparing (order kept: both are in
// readdir order). list-id needs no cut: a fresh namespace has ids only for
// the peers this test gives it.

import { expect, it } from 'vitest';
import { formatNetnsList, formatNsidList } from '../../src/cli/print/netns.js';
import { listNetns, listNetnsIds } from '../../src/ops/netns.js';
import { freshNetns, ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';
import { expectSameOutput, ipOut } from '../helpers/print-compare.js';

/** Keep the lines (text) or objects (JSON) that name one of `mine`. */
function onlyMine(out: string, json: boolean, pretty: boolean, mine: readonly string[]): string {
  if (!json) return out.split('\n').filter((l) => mine.includes(l.split(' ')[0]!)).join('\n');
  const kept = (JSON.parse(out) as Array<{ name: string }>).filter((e) => mine.includes(e.name));
  return JSON.stringify(kept, null, pretty ? 4 : undefined);
}

privileged('ip netns list / list-id, printed as iproute2 6.1 prints them', () => {
  const ns = freshNetns('pnetns');

  it('names with and without an id, as the namespace asked in sees them', async () => {
    const peers = [uniqueName('pnetns-a'), uniqueName('pnetns-b'), uniqueName('pnetns-c')];
    try {
      for (const p of peers) ip('netns', 'add', p);
      ip('-n', ns(), 'netns', 'set', peers[0]!, '5');
      ip('-n', ns(), 'netns', 'set', peers[2]!, '0');
      const mine = [...peers, ns()];
      for (const [json, pretty] of [[false, false], [true, false], [true, true]] as const) {
        const flags = [...(json ? ['-j'] : []), ...(pretty ? ['-p'] : [])];
        const theirs = ipOut('-n', ns(), ...flags, 'netns', 'list');
        const ours = formatNetnsList(await listNetns({ netns: ns() }), { json, pretty });
        const a = onlyMine(ours, json, pretty, mine);
        const b = onlyMine(theirs, json, pretty, mine);
        if (json) expect(JSON.parse(a)).toEqual(JSON.parse(b));
        else expect(a.split('\n')).toEqual(b.split('\n'));
        if (!json) expect(a).toContain(`${peers[0]} (id: 5)`);
      }
      // the entries' own form, byte for byte, from a list of our names only
      expect(formatNetnsList([{ name: peers[0]!, id: 5 }, { name: peers[1]! }], { json: true }))
        .toBe(`[{"name":"${peers[0]}","id":5},{"name":"${peers[1]}"}]\n`);

      for (const flags of [[], ['-j'], ['-j', '-p']]) {
        const theirs = ipOut('-n', ns(), ...flags, 'netns', 'list-id');
        const ours = formatNsidList(await listNetnsIds({ netns: ns() }), { json: flags.includes('-j'), pretty: flags.includes('-p') });
        expectSameOutput(ours, theirs, flags.includes('-j'), undefined, `ip ${flags.join(' ')} netns list-id`);
      }
      expect(ipOut('-n', ns(), 'netns', 'list-id')).toContain(`nsid 5 (iproute2 netns name: ${peers[0]})\n`);
    } finally {
      for (const p of peers) removeNetns(p);
    }
  });

  it('list-id target-nsid: the ids another namespace gives, "current-nsid" beside them', async () => {
    const [a, b] = [uniqueName('pnetns-a'), uniqueName('pnetns-b')];
    try {
      ip('netns', 'add', a);
      ip('netns', 'add', b);
      ip('-n', ns(), 'netns', 'set', a, '3');
      ip('-n', ns(), 'netns', 'set', b, '4');
      ip('-n', a, 'netns', 'set', b, '9');
      for (const flags of [[], ['-j']]) {
        const theirs = ipOut('-n', ns(), ...flags, 'netns', 'list-id', 'target-nsid', '3');
        const ours = formatNsidList(await listNetnsIds({ netns: ns(), targetNsid: 3 }), { json: flags.includes('-j') });
        expectSameOutput(ours, theirs, flags.includes('-j'), undefined, `ip ${flags.join(' ')} netns list-id target-nsid 3`);
      }
    } finally {
      removeNetns(a);
      removeNetns(b);
    }
  });

  it('no peers: nothing, and [] under -j', async () => {
    for (const flags of [[], ['-j'], ['-j', '-p']]) {
      const theirs = ipOut('-n', ns(), ...flags, 'netns', 'list-id');
      const ours = formatNsidList(await listNetnsIds({ netns: ns() }), { json: flags.includes('-j'), pretty: flags.includes('-p') });
      expectSameOutput(ours, theirs, flags.includes('-j'));
    }
  });
});
