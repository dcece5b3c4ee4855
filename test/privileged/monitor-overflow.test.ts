import { execFile, execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { monitor, type MonitorItem } from '../../src/ops/monitor.js';
import { freshNetns, privileged } from '../helpers/privileged.js';

const ROUTES = 10_000;
const TABLE = 100;
const MARK = '10.200.0.1';

privileged('monitor: overflow and resync', () => {
  const ns = freshNetns('monflood');

  it(`${ROUTES} route changes against a 4 KiB buffer: an overflow notice, then a resync that matches ip`, async () => {
    const file = join(tmpdir(), `tsip-monflood-${process.pid}.batch`);
    const lines: string[] = [];
    for (let i = 0; i < ROUTES; i++) lines.push(`route add blackhole 10.100.${i >> 8}.${i & 255}/32 table ${TABLE}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const m = monitor({ netns: ns(), groups: ['route'], rcvbuf: 4096 });
    try {
      const t0 = performance.now();
      // When the batch is done, one more route in another table marks the end of the flood.
      let stop: NodeJS.Timeout | undefined;
      const batch = promisify(execFile)('ip', ['-n', ns(), '-batch', file]).then(() => {
        execFileSync('ip', ['-n', ns(), 'route', 'add', 'blackhole', MARK, 'table', String(TABLE + 1)]);
        stop = setTimeout(() => m.close(), 5000); // ends the loop below if the mark never came
      });
      const items: MonitorItem[] = [];
      for await (const item of m) {
        items.push(item);
        if (item.kind === 'event' && item.body?.attrs.RTA_DST === MARK) break;
      }
      await batch;
      clearTimeout(stop);
      const overflows = items.filter((i) => i.kind === 'overflow');
      const events = items.length - overflows.length - 1;
      expect(overflows.length).toBeGreaterThan(0);
      expect(overflows[0]).toMatchObject({ kind: 'overflow', reason: 'ENOBUFS', count: 1 });
      expect(events).toBeLessThan(ROUTES); // some were lost: that is what the notice says
      // After an overflow the stream goes on.
      const first = items.findIndex((i) => i.kind === 'overflow');
      expect(items.slice(first).some((i) => i.kind === 'event')).toBe(true);

      const t1 = performance.now();
      const snap = m.resync();
      const t2 = performance.now();
      expect(Object.keys(snap)).toEqual(['route']);
      const ours = snap.route!.filter((r) => (r.attrs.RTA_TABLE ?? r.rtm_table) === TABLE).map((r) => `${r.attrs.RTA_DST}/${r.rtm_dst_len}`);
      const theirs = (JSON.parse(execFileSync('ip', ['-n', ns(), '-j', 'route', 'show', 'table', String(TABLE)], { encoding: 'utf8', maxBuffer: 64 << 20 })) as { dst: string }[])
        .map((r) => r.dst);
      expect(ours.length).toBe(ROUTES);
      expect(theirs.length).toBe(ROUTES);
      expect(new Set(ours)).toEqual(new Set(theirs.map((d) => (d.includes('/') ? d : `${d}/32`))));
      console.log(`flood: ${events} events and ${overflows.length} overflow notices read in ${(t1 - t0).toFixed(0)} ms; resync of ${snap.route!.length} routes took ${(t2 - t1).toFixed(1)} ms`);
    } finally {
      m.close();
      rmSync(file, { force: true });
    }
  });
});
