// The whole tutorial with tsip alone: `npm run demo`'s script runs in a
// private mount namespace where iproute2, ping, iptables and nft are masked
// (/dev/null bound over each), so every step must be tsip's own work.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { expect, it } from 'vitest';
import { privileged, removeNetns } from '../helpers/privileged.js';

const TOOLS = ['ip', 'ping', 'iptables', 'iptables-nft', 'iptables-legacy', 'xtables-nft-multi', 'xtables-legacy-multi', 'nft'];

/** Every path a tool may be run by: the PATH entries, and where their links lead. */
function toolPaths(): string[] {
  const paths = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin'])) {
    for (const t of TOOLS) {
      const p = `${dir}/${t}`;
      if (existsSync(p)) {
        paths.add(p);
        paths.add(realpathSync(p));
      }
    }
  }
  return [...paths];
}

privileged('npm run demo, with iproute2, ping, iptables and nft masked', () => {
  it('runs both scenarios, pings across with tsip, and leaves nothing behind', () => {
    const prefix = `d${process.pid}-`;
    const mask = toolPaths().map((p) => `mount --bind /dev/null '${p}'`).join(' && ');
    const script = [
      'set -e',
      mask || 'true',
      // the masking holds: none of the tools can run here
      ...TOOLS.map((t) => `! ${t} -V >/dev/null 2>&1`),
      `exec "${process.execPath}" --import tsx examples/demo.ts --prefix ${prefix}`,
    ].join('\n');
    const r = spawnSync('unshare', ['--mount', '--propagation', 'slave', 'sh', '-c', script], { encoding: 'utf8', timeout: 240_000 });
    try {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = r.stdout;
      // Scenario 1: the veth pair and a ping across it.
      expect(out).toContain(`$ tsip -n ${prefix}net0 addr add 10.1.1.1/24 dev veth0`);
      expect(out).toMatch(/64 bytes from 10\.1\.1\.2: icmp_seq=1 ttl=64 time=/);
      expect(out).toContain('3 packets transmitted, 3 received, 0% packet loss');
      expect(out).toContain('    inet 10.1.1.1/24 scope global veth0');
      expect(out).toContain('10.1.1.0/24 dev veth0 proto kernel scope link src 10.1.1.1 ');
      // Scenario 2: blocked by policy DROP, opened by the br0 rule, then by the sysctl.
      expect(out).toContain('2 packets transmitted, 0 received, 100% packet loss');
      expect(out).toContain('-A FORWARD -i br0 -j ACCEPT');
      expect(out).toMatch(/64 bytes from 10\.0\.1\.2: icmp_seq=1/);
      expect(out).toMatch(/64 bytes from 10\.0\.1\.3: icmp_seq=1/);
      expect(out).toContain('net.bridge.bridge-nf-call-iptables = 0');
      expect(out).toContain('removed every namespace, link, rule and setting the demo made');
    } finally {
      const left = existsSync('/run/netns') ? readdirSync('/run/netns').filter((n) => n.startsWith(prefix)) : [];
      for (const n of left) removeNetns(n);
      expect(left).toEqual([]);
    }
  });
});
