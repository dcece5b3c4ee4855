// sysctl inside a namespace, checked with `ip netns exec NAME sysctl -n KEY`;
// the host's values never change.

import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { getSysctl, setSysctl } from '../../src/ops/sysctl.js';
import { freshNetns, inNs, privileged } from '../helpers/privileged.js';

const hostValue = (file: string) => readFileSync(`/proc/sys/${file}`, 'utf8').trim();
const oracle = (ns: string, key: string) => inNs(ns, `sysctl -n ${key}`).trim();

privileged('sysctl in a namespace', () => {
  const ns = freshNetns('sysctl');

  it('net.ipv4.ip_forward: set inside, seen inside by sysctl, the host unchanged', async () => {
    const host = hostValue('net/ipv4/ip_forward');
    const flipped = host === '1' ? '0' : '1';
    await setSysctl('net.ipv4.ip_forward', flipped, { netns: ns() });
    expect(oracle(ns(), 'net.ipv4.ip_forward')).toBe(flipped);
    expect(await getSysctl('net.ipv4.ip_forward', { netns: ns() })).toBe(flipped);
    expect(await getSysctl('net/ipv4/ip_forward', { netns: ns() })).toBe(flipped);
    expect(hostValue('net/ipv4/ip_forward')).toBe(host);
    expect(await getSysctl('net.ipv4.ip_forward')).toBe(host);
  });

  it('net.bridge.bridge-nf-call-iptables (a dashed key), and booleans', async () => {
    const key = 'net.bridge.bridge-nf-call-iptables';
    const host = hostValue('net/bridge/bridge-nf-call-iptables');
    expect(await getSysctl(key, { netns: ns() })).toBe(oracle(ns(), key));
    await setSysctl(key, false, { netns: ns() });
    expect(oracle(ns(), key)).toBe('0');
    await setSysctl(key, true, { netns: ns() });
    expect(oracle(ns(), key)).toBe('1');
    expect(hostValue('net/bridge/bridge-nf-call-iptables')).toBe(host);
  });

  it('a "/" inside a dotted key stands for a dot in a link name', async () => {
    inNs(ns(), 'ip link add tsipv.10 type veth peer name tsipw');
    await setSysctl('net.ipv4.conf.tsipv/10.forwarding', 1, { netns: ns() });
    expect(oracle(ns(), 'net.ipv4.conf.tsipv/10.forwarding')).toBe('1');
    expect(await getSysctl('net/ipv4/conf/tsipv.10/forwarding', { netns: ns() })).toBe('1');
  });

  it('multi-value keys read as sysctl prints them', async () => {
    const key = 'net.ipv4.ping_group_range';
    await setSysctl(key, '0 100', { netns: ns() });
    expect(await getSysctl(key, { netns: ns() })).toBe(oracle(ns(), key));
    expect((await getSysctl(key, { netns: ns() })).split(/\s+/)).toEqual(['0', '100']);
  });

  it('clear errors: unknown key, bad value, bad key, unknown namespace', async () => {
    await expect(getSysctl('net.ipv4.tsip_nope', { netns: ns() })).rejects.toThrow('sysctl: cannot stat /proc/sys/net/ipv4/tsip_nope: No such file or directory');
    await expect(setSysctl('net.ipv4.tsip_nope', 1, { netns: ns() })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(setSysctl('net.ipv4.ip_forward', 'banana', { netns: ns() })).rejects.toThrow('sysctl: setting key "net.ipv4.ip_forward": Invalid argument');
    await expect(getSysctl('net..ipv4', { netns: ns() })).rejects.toThrow(/invalid key/);
    await expect(getSysctl('net/../../etc/passwd')).rejects.toThrow(/invalid key/);
    await expect(getSysctl('net.ipv4.ip_forward', { netns: 'tsip-no-such-ns' })).rejects.toThrow('Cannot open network namespace "tsip-no-such-ns": No such file or directory');
  });
});
