// Without privileges: every command run as nobody (setpriv --reuid=65534
// --regid=65534 --clear-groups), next to the real tool run the same way,
// inside a fresh namespace (ip netns exec NS setpriv ... CMD): should the
// privilege drop ever fail, only that namespace could change. Commands that
// change things must fail with the tool's own "Operation not permitted"-style
// message and exit status, never a stack trace; read-only ones work as the
// tool's do. The library, used by an unprivileged process, refuses the same
// way with typed errors.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TSIP } from '../helpers/cli.js';
import { ip, privileged, removeNetns, uniqueName } from '../helpers/privileged.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

interface Ran { status: number | null; stdout: string; stderr: string }

privileged('without privileges: ip\'s refusals, ip\'s exit statuses, read-only commands work', () => {
  const ns = uniqueName('up');
  const victim = uniqueName('upv');
  const created = uniqueName('upnew');
  beforeAll(() => {
    ip('netns', 'add', ns);
    ip('netns', 'add', victim);
    ip('-n', ns, 'link', 'add', 'ifb0', 'type', 'ifb');
    ip('-n', ns, 'link', 'set', 'lo', 'up');
  });
  afterAll(() => {
    for (const n of [ns, victim, created]) removeNetns(n);
  });

  /** CMD as nobody inside the namespace */
  const asNobody = (cmd: string[]): Ran => {
    const r = spawnSync('ip', ['netns', 'exec', ns, ...NOBODY, ...cmd], { encoding: 'utf8', cwd: '/' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('the privilege drop is real: nobody, no capabilities, in the namespace', () => {
    const r = asNobody(['sh', '-c', 'id -u; grep CapEff /proc/self/status']);
    expect(r.stdout).toBe('65534\nCapEff:\t0000000000000000\n');
  });

  // [the reference tool's command, tsip's arguments]
  const MATRIX: Array<[string, string[], string[]]> = [
    ['link add (veth pair)', ['ip', 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1'], ['link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']],
    ['link set up', ['ip', 'link', 'set', 'ifb0', 'up'], ['link', 'set', 'ifb0', 'up']],
    ['link set mtu', ['ip', 'link', 'set', 'ifb0', 'mtu', '1400'], ['link', 'set', 'ifb0', 'mtu', '1400']],
    ['link del', ['ip', 'link', 'del', 'ifb0'], ['link', 'del', 'ifb0']],
    ['addr add', ['ip', 'addr', 'add', '10.1.1.1/24', 'dev', 'ifb0'], ['addr', 'add', '10.1.1.1/24', 'dev', 'ifb0']],
    ['route add', ['ip', 'route', 'add', '10.9.0.0/16', 'dev', 'lo'], ['route', 'add', '10.9.0.0/16', 'dev', 'lo']],
    ['neigh add', ['ip', 'neigh', 'add', '10.1.1.9', 'lladdr', '02:00:00:00:00:01', 'dev', 'ifb0'], ['neigh', 'add', '10.1.1.9', 'lladdr', '02:00:00:00:00:01', 'dev', 'ifb0']],
    ['tuntap add', ['ip', 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap'], ['tuntap', 'add', 'dev', 'tap0', 'mode', 'tap']],
    ['netns add', ['ip', 'netns', 'add', created], ['netns', 'add', created]],
    ['netns del', ['ip', 'netns', 'del', victim], ['netns', 'del', victim]],
    ['iptables -A', ['iptables', '-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT'], ['iptables', '-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT']],
    ['iptables -L', ['iptables', '-L'], ['iptables', '-L']],
    ['sysctl -w', ['sysctl', '-w', 'net.ipv4.ip_forward=1'], ['sysctl', '-w', 'net.ipv4.ip_forward=1']],
    // read-only: these work
    ['link show', ['ip', 'link', 'show'], ['link', 'show']],
    ['addr show', ['ip', 'addr', 'show'], ['addr', 'show']],
    ['route show', ['ip', 'route', 'show', 'table', 'all'], ['route', 'show', 'table', 'all']],
    ['neigh show', ['ip', 'neigh', 'show'], ['neigh', 'show']],
    ['sysctl read', ['sysctl', 'net.ipv4.ip_forward'], ['sysctl', 'net.ipv4.ip_forward']],
  ];

  it(`${MATRIX.length} commands as nobody: the same stderr, stdout and exit status as the real tool`, () => {
    const rows: string[] = [];
    const diffs: string[] = [];
    for (const [what, ref, args] of MATRIX) {
      const a = asNobody(ref);
      const b = asNobody([process.execPath, TSIP, ...args]);
      rows.push(`${what.padEnd(22)} ${String(a.status).padStart(3)} ${String(b.status).padStart(3)}  ${b.stderr.trim().split('\n')[0] ?? ''}`);
      expect(b.stderr, what).not.toMatch(/internal error|\n\s+at |Error: EACCES|Error: EPERM/);
      const refErr = a.stderr.replaceAll('try "ip ', 'try "tsip ');
      if (a.status !== b.status || refErr !== b.stderr || a.stdout !== b.stdout) {
        diffs.push(`${what}\n  ref  ${a.status} ${JSON.stringify(a.stderr)} ${JSON.stringify(a.stdout.slice(0, 200))}\n  tsip ${b.status} ${JSON.stringify(b.stderr)} ${JSON.stringify(b.stdout.slice(0, 200))}`);
      }
    }
    console.log(`as nobody: command, ref status, tsip status, tsip's message\n${rows.join('\n')}`);
    expect(diffs).toEqual([]);
    // nothing changed: the link is there, down, mtu 1500; no namespace made, none removed
    const l = JSON.parse(ip('-n', ns, '-j', 'link', 'show', 'ifb0'))[0];
    expect([l.ifname, l.mtu, l.flags.includes('UP')]).toEqual(['ifb0', 1500, false]);
    expect(existsSync(`/run/netns/${created}`)).toBe(false);
    expect(existsSync(`/run/netns/${victim}`)).toBe(true);
  });

  it('the library as nobody: typed errors worded as ip words them, reads that work', () => {
    const r = spawnSync('ip', ['netns', 'exec', ns, ...NOBODY, process.execPath, '--import', 'tsx', 'test/helpers/unprivileged-api.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      uid: 65534,
      addLink: ['NetlinkError', 'EPERM', 'RTNETLINK answers: Operation not permitted'],
      setLink: ['NetlinkError', 'EPERM', 'RTNETLINK answers: Operation not permitted'],
      addAddress: ['NetlinkError', 'EPERM', 'RTNETLINK answers: Operation not permitted'],
      addRoute: ['NetlinkError', 'EPERM', 'RTNETLINK answers: Operation not permitted'],
      addNetns: ['OsError', 'EPERM', 'mount --make-shared /run/netns failed: Operation not permitted'],
      setSysctl: ['OsError', 'EACCES', 'sysctl: permission denied on key "net.ipv4.ip_forward"'],
      appendRule: ['NetlinkError', 'EPERM', 'netfilter answers: Operation not permitted'],
      listLinks: ['lo', 'ifb0'],
      getSysctl: '0',
    });
  });
});
