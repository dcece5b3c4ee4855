// formatAddresses() on fixed decoded messages: the tutorial's `ip a`
// samples, and address flags, peers and lifetimes as ip prints them.

import { describe, expect, it } from 'vitest';
import { formatAddresses } from '../../src/cli/print/address.js';
import { addr10111, addr10112, addrLinkLocal, addrMsg, loDown, veth0Up, veth1Up } from '../fixtures/print/tutorial.js';

describe('formatAddresses, text', () => {
  it('prints the tutorial\'s net0 after `ip addr add 10.1.1.1/24 dev veth0`', () => {
    expect(formatAddresses([loDown, veth0Up], [addr10111])).toBe([
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '36: veth0@if37: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000',
      '    link/ether 9a:9b:f7:b2:ca:62 brd ff:ff:ff:ff:ff:ff link-netnsid 1',
      '    inet 10.1.1.1/24 scope global veth0',
      '       valid_lft forever preferred_lft forever',
      '',
    ].join('\n'));
  });

  it('prints the tutorial\'s net1: inet, then inet6 link-local (with ip\'s trailing space)', () => {
    expect(formatAddresses([loDown, veth1Up], [addr10112, addrLinkLocal])).toBe([
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000',
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
      '37: veth1@if36: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000',
      '    link/ether 9e:8c:83:42:72:a7 brd ff:ff:ff:ff:ff:ff link-netnsid 0',
      '    inet 10.1.1.2/24 scope global veth1',
      '       valid_lft forever preferred_lft forever',
      '    inet6 fe80::9c8c:83ff:fe42:72a7/64 scope link ',
      '       valid_lft forever preferred_lft forever',
      '',
    ].join('\n'));
  });

  it('prints brd, a peer, secondary, dynamic lifetimes, deprecated, unknown flags, the label last', () => {
    const addrs = [
      addrMsg(37, 2, '10.1.1.2', 24, 0, { IFA_LABEL: 'veth1:a', IFA_BROADCAST: '10.1.1.255' }),
      addrMsg(37, 2, '10.1.1.9', 24, 0, { IFA_LABEL: 'veth1', IFA_FLAGS: 0x81 }),
      addrMsg(37, 2, '10.9.0.1', 32, 0, { IFA_ADDRESS: '10.9.0.2', IFA_LABEL: 'veth1', IFA_RT_PRIORITY: 5 }),
      addrMsg(37, 10, '2001:db8::1', 64, 0, {
        IFA_FLAGS: 0x20 | 0x200 | 0x1000, IFA_CACHEINFO: { ifa_valid: 100, ifa_prefered: 0, cstamp: 0, tstamp: 0 },
      }),
    ];
    expect(formatAddresses([veth1Up], addrs).split('\n').slice(2)).toEqual([
      '    inet 10.1.1.2/24 brd 10.1.1.255 scope global veth1:a',
      '       valid_lft forever preferred_lft forever',
      '    inet 10.1.1.9/24 scope global secondary veth1',
      '       valid_lft forever preferred_lft forever',
      '    inet 10.9.0.1 peer 10.9.0.2/32 metric 5 scope global veth1',
      '       valid_lft forever preferred_lft forever',
      '    inet6 2001:db8::1/64 scope global deprecated dynamic noprefixroute flags 1000 ',
      '       valid_lft 100sec preferred_lft 0sec',
      '',
    ]);
  });

  it('leaves out, under -4 or -6, the links without an address of that family', () => {
    const text = formatAddresses([loDown, veth1Up], [addrLinkLocal], { family: 'inet6' });
    expect(text.startsWith('37: veth1@if36: ')).toBe(true);
    expect(text).not.toContain('link/ether');
    expect(formatAddresses([loDown, veth1Up], [addrLinkLocal], { family: 'inet' })).toBe('');
  });

  it('prints -br: name, state, then each address', () => {
    expect(formatAddresses([loDown, veth1Up], [addr10112, addrLinkLocal], { brief: true })).toBe([
      'lo               DOWN           ',
      'veth1@if36       UP             10.1.1.2/24 fe80::9c8c:83ff:fe42:72a7/64 ',
      '',
    ].join('\n'));
  });
});

describe('formatAddresses, JSON', () => {
  it('puts addresses in addr_info, with lifetimes as numbers and flags as booleans', () => {
    const [, veth1] = JSON.parse(formatAddresses([loDown, veth1Up], [addr10112, addrLinkLocal], { json: true }));
    expect(veth1.addr_info).toEqual([
      {
        family: 'inet', local: '10.1.1.2', prefixlen: 24, scope: 'global', label: 'veth1',
        valid_life_time: 4294967295, preferred_life_time: 4294967295,
      },
      {
        family: 'inet6', local: 'fe80::9c8c:83ff:fe42:72a7', prefixlen: 64, scope: 'link',
        valid_life_time: 4294967295, preferred_life_time: 4294967295,
      },
    ]);
    expect(JSON.parse(formatAddresses([loDown], [], { json: true, brief: true }))).toEqual([
      { ifname: 'lo', operstate: 'DOWN', addr_info: [] },
    ]);
  });
});
