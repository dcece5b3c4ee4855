import { describe, expect, it } from 'vitest';
import { sysctlPath } from '../../src/ops/sysctl.js';

describe('sysctlPath: keys as sysctl(8) maps them to /proc/sys', () => {
  it('dots separate, slashes in a dotted key are dots in a name', () => {
    expect(sysctlPath('net.ipv4.ip_forward')).toBe('/proc/sys/net/ipv4/ip_forward');
    expect(sysctlPath('net.bridge.bridge-nf-call-iptables')).toBe('/proc/sys/net/bridge/bridge-nf-call-iptables');
    expect(sysctlPath('net.ipv4.conf.eth0/10.rp_filter')).toBe('/proc/sys/net/ipv4/conf/eth0.10/rp_filter');
  });
  it('a key written with slashes keeps its dots', () => {
    expect(sysctlPath('net/ipv4/conf/eth0.10/rp_filter')).toBe('/proc/sys/net/ipv4/conf/eth0.10/rp_filter');
  });
  it('refuses keys that would leave /proc/sys or name nothing', () => {
    for (const bad of ['', '.', 'net..ipv4', 'net.', '/net/ipv4', 'net/../../etc/passwd', 'net/./x', 'a\0b']) {
      expect(() => sysctlPath(bad), bad).toThrow(/invalid key/);
    }
  });
});
