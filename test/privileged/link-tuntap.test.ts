// tun/tap through /dev/net/tun (ip tuntap add/del), created inside a fresh
// namespace and checked against `ip -j -d link show`.

import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { OsError } from '../../src/netlink/errors.js';
import { currentNetnsInode } from '../../src/netlink/netns.js';
import { openRtnl } from '../../src/ops/context.js';
import { addLink, deleteLink, getLink } from '../../src/ops/link.js';
import { addTuntap, deleteTuntap } from '../../src/ops/tuntap.js';
import { expectSameAsIp, ipLink, ipLinkNames } from '../helpers/link-oracle.js';
import { freshNetns, ip, privileged } from '../helpers/privileged.js';

privileged('ip tuntap add / del', () => {
  const ns = freshNetns('linktun');
  const rootLinks = () => ip('-j', 'link', 'show');

  it('a persistent tap with an owner and a group, born inside the namespace', async () => {
    const before = rootLinks();
    const self = currentNetnsInode();
    const tap = await addTuntap({ name: 'tap0', mode: 'tap', owner: 4242, group: 4343 }, { netns: ns() });
    expect(currentNetnsInode()).toBe(self);
    expect(rootLinks()).toBe(before);
    expect(ipLinkNames(ns())).toEqual(['lo', 'tap0']);
    const d = ipLink(ns(), 'tap0').linkinfo.info_data;
    expect([d.type, d.persist, d.pi, String(d.user), String(d.group)]).toEqual(['tap', true, false, '4242', '4343']);
    expect(tap.kind).toBe('tun');
    expect(tap.info).toMatchObject({ type: 'tap', persist: true, pi: false, owner: 4242, group: 4343 });
    expectSameAsIp(ns(), tap);
  });

  it('a tun with the kernel\'s name, pi and multi_queue; then ip tuntap del', async () => {
    const tun = await addTuntap({ mode: 'tun', pi: true, multiQueue: true }, { netns: ns() });
    expect(tun.name).toBe('tun0');
    const d = ipLink(ns(), 'tun0').linkinfo.info_data;
    expect([d.type, d.pi, d.multi_queue, d.persist]).toEqual(['tun', true, true, true]);
    expect(tun.linkType).toBe('none');
    expectSameAsIp(ns(), tun);
    await deleteTuntap({ name: 'tun0', mode: 'tun', multiQueue: true }, { netns: ns() });
    expect(ipLinkNames(ns())).toEqual(['lo']);
  });

  it('through addLink with the common options (mtu, address, up), in the namespace of a reused socket', async () => {
    const socket = openRtnl({ netns: ns() });
    try {
      const tap = await addLink({ kind: 'tap', name: 'tap1', mtu: 1400, address: '02:00:00:00:0a:01', up: true, options: { owner: 0 } }, { socket });
      expect([tap.mtu, tap.address, tap.up, tap.info?.type, tap.info?.owner]).toEqual([1400, '02:00:00:00:0a:01', true, 'tap', 0]);
      expectSameAsIp(ns(), await getLink('tap1', { socket }));
      await deleteLink('tap1', { socket });
      expect(ipLinkNames(ns())).toEqual(['lo']);
    } finally {
      socket.close();
    }
  });

  it('when the common options are refused after the device is made, the device goes again', async () => {
    const err = await addLink({ kind: 'tap', name: 'tap3', master: 'nobridge' }, { netns: ns() }).catch((e) => e);
    expect((err as Error).message).toBe('Cannot find device "nobridge"');
    expect(ipLinkNames(ns())).toEqual(['lo']);
  });

  it('an existing name is refused (IFF_TUN_EXCL), and nothing else changes', async () => {
    await addTuntap({ name: 'tap2', mode: 'tap' }, { netns: ns() });
    const err = await addTuntap({ name: 'tap2', mode: 'tap' }, { netns: ns() }).catch((e) => e);
    expect(err).toBeInstanceOf(OsError);
    expect((err as OsError).syscall).toBe('ioctl(TUNSETIFF)');
    expect(ipLinkNames(ns())).toEqual(['lo', 'tap2']);
    expect(existsSync('/dev/net/tun')).toBe(true);
  });
});
