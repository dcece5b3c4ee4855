import { describe, expect, it } from 'vitest';
import { traceDatagram, flagNames } from '../../src/netlink/trace.js';
import { rtmName } from '../../src/netlink/rtnl/constants.js';
import { rtnlFamily } from '../../src/netlink/rtnl/index.js';
import { unknownDeviceType } from '../fixtures/netlink/errors.js';

const rtnl = { typeName: rtmName, family: rtnlFamily };

/** Captured: ip -n NS link add veth0 type veth peer name veth1 (iproute2 6.1, kernel 6.18.44-fc-v857), scripts/capture.ts. */
const vethAdd = '5c0000001000050654c0096b00000000000000000000000000000000000000000a00030076657468300000003000120008000100766574682400020020000100000000000000000000000000000000000a0003007665746831000000';

describe('trace', () => {
  it('annotates a request field by field, nests included, with offsets and lengths', () => {
    const text = traceDatagram('request', Buffer.from(vethAdd, 'hex'), rtnl);
    expect(text.split('\n').map((l) => l.trimEnd())).toEqual([
      '> request, 92 bytes',
      expect.stringMatching(/^0000 nlmsghdr   nlmsg_len=92 nlmsg_type=RTM_NEWLINK\(16\) nlmsg_flags=REQUEST\|ACK\|EXCL\|CREATE\(0x605\) nlmsg_seq=\d+ nlmsg_pid=0$/),
      '0010 ifinfomsg  ifi_family=0 ifi_type=0 ifi_index=0 ifi_flags=0x0 ifi_change=0x0',
      '0020   len=10 type=3       IFLA_IFNAME "veth0"',
      '002c   len=48 type=18      IFLA_LINKINFO',
      '0030     len=8 type=1        IFLA_INFO_KIND "veth"',
      '0038     len=36 type=2       IFLA_INFO_DATA',
      '003c       len=32 type=1       VETH_INFO_PEER',
      '0040         ifinfomsg  ifi_family=0 ifi_type=0 ifi_index=0 ifi_flags=0x0 ifi_change=0x0',
      '0050         len=10 type=3       IFLA_IFNAME "veth1"',
      '',
    ]);
  });

  it('annotates an error with its errno name, the echoed request and the extended ack', () => {
    const text = traceDatagram('reply', Buffer.from(unknownDeviceType.hex, 'hex'), rtnl);
    expect(text).toContain('nlmsg_type=NLMSG_ERROR(2) nlmsg_flags=ACK_TLVS(0x200)');
    expect(text).toContain('0010 nlmsgerr   error=-95 (-EOPNOTSUPP)');
    expect(text).toContain('(+40 bytes of the request echoed)');
    expect(text).toContain('NLMSGERR_ATTR_MSG "Unknown device type"');
  });

  it('names flags by the kind of request', () => {
    expect(flagNames(18, 0x305, 'RTM_GETLINK')).toBe('REQUEST|ACK|DUMP(0x305)');
    expect(flagNames(18, 0x105, 'RTM_GETLINK')).toBe('REQUEST|ACK|ROOT(0x105)');
    expect(flagNames(16, 0x605, 'RTM_NEWLINK')).toBe('REQUEST|ACK|EXCL|CREATE(0x605)');
    expect(flagNames(2, 0x100, 'NLMSG_ERROR')).toBe('CAPPED(0x100)');
  });

  it('never throws on bad bytes: it says where they stop making sense', () => {
    const b = Buffer.from(vethAdd, 'hex');
    b.writeUInt16LE(200, 0x2c);
    expect(traceDatagram('request', b, rtnl)).toContain('!! nla_len overruns its container');
  });
});
