// ip link del group: one RTM_DELLINK for a whole group, against one
// RTM_DELLINK per link. Each RTM_DELLINK waits for an RCU grace period; a
// group delete waits once for all of its links. Measured with 200 links.

import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { openRtnl } from '../../src/ops/context.js';
import { addLink, deleteLink, deleteLinkGroup, setLink } from '../../src/ops/link.js';
import { ipLinkNames } from '../helpers/link-oracle.js';
import { freshNetns, privileged } from '../helpers/privileged.js';

const N = 200;

privileged(`ip link del group, ${N} links`, () => {
  const ns = freshNetns('linkgrp');

  it(`deletes ${N} links with one request, far faster than ${N} single deletes`, async () => {
    const socket = openRtnl({ netns: ns() });
    const o = { socket };
    try {
      // 1. created straight into group 7, then one group delete
      for (let i = 0; i < N; i++) await addLink({ kind: 'ifb', name: `g${i}`, group: 7 }, o);
      await addLink({ kind: 'ifb', name: 'keep', group: 8 }, o);
      let t = performance.now();
      await deleteLinkGroup(7, o);
      const group = performance.now() - t;
      expect(ipLinkNames(ns())).toEqual(['keep', 'lo']);

      // 2. as in shared/NOTES.md: N × set group, then one group delete
      for (let i = 0; i < N; i++) await addLink({ kind: 'ifb', name: `h${i}` }, o);
      t = performance.now();
      for (let i = 0; i < N; i++) await setLink(`h${i}`, { group: 9 }, o);
      const setGroups = performance.now() - t;
      t = performance.now();
      await deleteLinkGroup(9, o);
      const group2 = performance.now() - t;
      expect(ipLinkNames(ns())).toEqual(['keep', 'lo']);

      // 3. N single deletes
      for (let i = 0; i < N; i++) await addLink({ kind: 'ifb', name: `s${i}` }, o);
      t = performance.now();
      for (let i = 0; i < N; i++) await deleteLink(`s${i}`, o);
      const single = performance.now() - t;
      expect(ipLinkNames(ns())).toEqual(['keep', 'lo']);

      const ms = (x: number) => `${x.toFixed(1)} ms`;
      console.log(`[link-group] ${N} links: group delete ${ms(group)}; ${N} × set group ${ms(setGroups)} + group delete ${ms(group2)}; `
        + `${N} single deletes ${ms(single)} (${(single / N).toFixed(2)} ms each); ratio ${(single / group).toFixed(1)}×`);
      expect(group * 5).toBeLessThan(single);
      expect((setGroups + group2) * 3).toBeLessThan(single);
    } finally {
      socket.close();
    }
  }, 120_000);
});
