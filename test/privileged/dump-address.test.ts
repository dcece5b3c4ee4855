import { expect, it } from 'vitest';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { address, type AddressMessage } from '../../src/netlink/rtnl/address.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { freshNetns, inNs, ipJson, privileged } from '../helpers/privileged.js';

privileged('dumping addresses through the socket, against ip -j', () => {
  const ns = freshNetns('dumpaddr');

  it('finds every address ip -j addr shows, with the same prefix, scope and label', () => {
    inNs(ns(), 'ip link add va type veth peer name vb && ip addr add 10.1.1.1/24 brd + dev va label va:1 && ip addr add 10.2.0.1/16 dev vb && ip -6 addr add 2001:db8::1/64 dev va nodad && ip link set va up');
    const sock = NetlinkSocket.open(undefined, { netns: ns() });
    let msgs: AddressMessage[];
    try {
      msgs = sock.dump(RTM.RTM_GETADDR, 0, (w) => encodeBody(address, { ifa_family: 0 }, w), (m) => decodeBody(address, m.buf, m.start, m.end));
    } finally {
      sock.close();
    }
    const ours = msgs.map((m) => `${m.ifa_index} ${m.attrs.IFA_LOCAL ?? m.attrs.IFA_ADDRESS}/${m.ifa_prefixlen} scope ${m.ifa_scope}${m.attrs.IFA_LABEL ? ` ${m.attrs.IFA_LABEL}` : ''}`).sort();
    const scopes: Record<string, number> = { global: 0, link: 253, host: 254 };
    const theirs = ipJson(ns(), 'addr', 'show').flatMap((l: any) => l.addr_info.map((a: any) =>
      `${l.ifindex} ${a.local}/${a.prefixlen} scope ${scopes[a.scope]}${a.family === 'inet' && a.label ? ` ${a.label}` : ''}`)).sort();
    expect(ours).toEqual(theirs);
    expect(ours.some((s) => s.includes('10.1.1.1/24') && s.endsWith('va:1'))).toBe(true);
    const brd = msgs.find((m) => m.attrs.IFA_LOCAL === '10.1.1.1')!.attrs.IFA_BROADCAST;
    expect(brd).toBe('10.1.1.255');
  });
});
