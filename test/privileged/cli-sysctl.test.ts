import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { freshNetns, privileged } from '../helpers/privileged.js';
import { sh, tsip } from '../helpers/cli.js';

const procps = (ns: string, ...args: string[]) => sh('ip', ['netns', 'exec', ns, 'sysctl', ...args]);

privileged('tsip sysctl, against procps sysctl in the same namespace', () => {
  const ns = freshNetns('sysctl');

  it('reads, with dots or slashes, as sysctl prints', () => {
    for (const args of [['net.ipv4.ip_forward'], ['-n', 'net.ipv4.ip_forward'], ['net/ipv4/conf/lo/forwarding'], ['net.bridge.bridge-nf-call-iptables']]) {
      const ours = tsip('-n', ns(), 'sysctl', ...args);
      const theirs = procps(ns(), ...args);
      expect(ours).toEqual({ ...theirs, stderr: '' });
    }
  });

  it('writes inside the namespace only, and prints what it wrote', () => {
    const host = readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8');
    expect(tsip('-n', ns(), 'sysctl', '-w', 'net.ipv4.ip_forward=1')).toEqual({ status: 0, stdout: 'net.ipv4.ip_forward = 1\n', stderr: '' });
    expect(tsip('-n', ns(), 'sysctl', 'net.bridge.bridge-nf-call-iptables=0').stdout).toBe('net.bridge.bridge-nf-call-iptables = 0\n');
    expect(procps(ns(), '-n', 'net.ipv4.ip_forward', 'net.bridge.bridge-nf-call-iptables').stdout).toBe('1\n0\n');
    expect(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8')).toBe(host);
  });

  it('words a missing key as sysctl does, with its exit status', () => {
    const ours = tsip('-n', ns(), 'sysctl', 'net.ipv4.nosuch');
    const theirs = procps(ns(), 'net.ipv4.nosuch');
    expect(ours).toEqual(theirs);
  });
});
