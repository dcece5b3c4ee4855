// formatLinks() on fixed decoded messages: the tutorial's `ip link`
// samples, and the forms the privileged tests cannot make on this kernel.

import { describe, expect, it } from 'vitest';
import { formatLinks } from '../../src/cli/print/link.js';
import { F, OPER, linkMsg, loDown, veth0Up, vethPairHere } from '../fixtures/print/tutorial.js';

describe('formatLinks, text', () => {
  it('prints the tutorial\'s veth pair: @peer and M-DOWN', () => {
    expect(formatLinks(vethPairHere)).toBe([
      '36: veth0@veth1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '    link/ether 9a:9b:f7:b2:ca:62 brd ff:ff:ff:ff:ff:ff',
      '37: veth1@veth0: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
      '    link/ether 9e:8c:83:42:72:a7 brd ff:ff:ff:ff:ff:ff',
      '',
    ].join('\n'));
  });

  it('prints a peer in another namespace as @ifN with link-netnsid, or link-netns NAME when it has one', () => {
    const text = formatLinks([veth0Up]);
    expect(text).toBe([
      '36: veth0@if37: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
      '    link/ether 9a:9b:f7:b2:ca:62 brd ff:ff:ff:ff:ff:ff link-netnsid 1',
      '',
    ].join('\n'));
    expect(formatLinks([veth0Up], { netnsNames: new Map([[1, 'net1']]) })).toContain('ff:ff:ff:ff:ff:ff link-netns net1\n');
  });

  it('prints the tutorial\'s bridge port: master by name, no qlen when txqlen is 0', () => {
    const cni0 = linkMsg(4, 'cni0', F.UP | F.BROADCAST | F.MULTICAST);
    const port = linkMsg(26, 'veth99caeb5a', F.UP | F.BROADCAST | F.RUNNING | F.MULTICAST | F.LOWER_UP, {
      IFLA_LINK: 3, IFLA_LINK_NETNSID: 5, IFLA_MASTER: 4, IFLA_MTU: 1450, IFLA_TXQLEN: 0, IFLA_QDISC: 'noqueue',
      IFLA_OPERSTATE: OPER.UP, IFLA_ADDRESS: '7e:cb:e2:57:bf:83',
    });
    expect(formatLinks([port], { known: [cni0, port] })).toBe([
      '26: veth99caeb5a@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP mode DEFAULT group default ',
      '    link/ether 7e:cb:e2:57:bf:83 brd ff:ff:ff:ff:ff:ff link-netnsid 5',
      '',
    ].join('\n'));
  });

  it('prints unknown flag bits in hex, unnamed link types and groups as numbers', () => {
    const odd = linkMsg(9, 'raw0', F.UP | F.RUNNING | 0x80000, {
      IFLA_GROUP: 7, IFLA_OPERSTATE: 9, IFLA_ADDRESS: undefined, IFLA_BROADCAST: undefined,
    }, 519);
    expect(formatLinks([odd])).toBe([
      '9: raw0: <UP,80000> mtu 1500 qdisc noop state 0x9mode DEFAULT group 7 qlen 1000',
      '    link/[519] ',
      '',
    ].join('\n'));
  });

  it('prints -br with ip\'s column widths', () => {
    expect(formatLinks([loDown, ...vethPairHere], { brief: true })).toBe([
      'lo               DOWN           00:00:00:00:00:00 <LOOPBACK> ',
      'veth0@veth1      DOWN           9a:9b:f7:b2:ca:62 <BROADCAST,MULTICAST,M-DOWN> ',
      'veth1@veth0      DOWN           9e:8c:83:42:72:a7 <BROADCAST,MULTICAST,M-DOWN> ',
      '',
    ].join('\n'));
  });
});

describe('formatLinks, JSON', () => {
  it('gives ip -j\'s keys: link or link_index, link_netnsid, flags', () => {
    const parsed = JSON.parse(formatLinks([vethPairHere[0]!, veth0Up], { json: true, known: vethPairHere }));
    expect(parsed).toEqual([
      {
        ifindex: 36, link: 'veth1', ifname: 'veth0', flags: ['BROADCAST', 'MULTICAST', 'M-DOWN'], mtu: 1500, qdisc: 'noop',
        operstate: 'DOWN', linkmode: 'DEFAULT', group: 'default', txqlen: 1000, link_type: 'ether',
        address: '9a:9b:f7:b2:ca:62', broadcast: 'ff:ff:ff:ff:ff:ff',
      },
      {
        ifindex: 36, link_index: 37, ifname: 'veth0', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], mtu: 1500,
        qdisc: 'noqueue', operstate: 'LOWERLAYERDOWN', linkmode: 'DEFAULT', group: 'default', txqlen: 1000,
        link_type: 'ether', address: '9a:9b:f7:b2:ca:62', broadcast: 'ff:ff:ff:ff:ff:ff', link_netnsid: 1,
      },
    ]);
  });

  it('prints 64-bit counters whole under -s', () => {
    const big = 18446744073709551615n;
    const l = linkMsg(2, 'eth0', F.BROADCAST | F.MULTICAST, {
      IFLA_STATS64: { rx_bytes: big, tx_packets: 2n ** 53n + 1n },
    });
    const json = formatLinks([l], { json: true, stats: 1 });
    expect(json).toContain('"rx":{"bytes":18446744073709551615,');
    expect(json).toContain('"tx":{"bytes":0,"packets":9007199254740993,');
    expect(formatLinks([l], { stats: 1 }).split('\n').slice(2, 4)).toEqual([
      // columns widen to their widest value: bytes to 20 digits, packets (tx's) to 16
      '    RX:            bytes          packets errors dropped  missed   mcast           ',
      '    18446744073709551615                0      0       0       0       0 ',
    ]);
  });
});
