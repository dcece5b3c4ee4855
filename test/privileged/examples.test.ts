// Every file in examples/ runs, succeeds and leaves no namespace behind.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { privileged, removeNetns } from '../helpers/privileged.js';

const run = (file: string, suffix: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', `examples/${file}`, suffix], { encoding: 'utf8', timeout: 120_000 });

privileged('the library examples', () => {
  it.each(['veth-pair.ts', 'bridge.ts'])('%s runs the tutorial scenario and cleans up', (file) => {
    const suffix = `-t${process.pid}`;
    try {
      const r = run(file, suffix);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      if (file === 'veth-pair.ts') expect(r.stdout).toMatch(/ping 10\.1\.1\.2 from ex-net0-t\d+: 3\/3 replies/);
      else expect(r.stdout).toBe('policy DROP: 0 of 1 replies\nwith the br0 rule: 2 of 2 replies\n');
      expect(readdirSync('/run/netns').filter((n) => n.endsWith(suffix))).toEqual([]);
    } finally {
      for (const n of readdirSync('/run/netns').filter((x) => x.endsWith(suffix))) removeNetns(n);
    }
  });
});
