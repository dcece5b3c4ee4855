// Attributes the tables do not know are kept, in place, and written back
// byte for byte; bytes that do not parse fail with a path that says where.

import { describe, expect, it } from 'vitest';
import { NLA_F_NESTED } from '../../src/netlink/constants.js';
import { DecodeError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { link } from '../../src/netlink/rtnl/link.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';

/** One attribute: struct nlattr, the payload, zero padding to 4 bytes. */
function nla(type: number, payload: Buffer): Buffer {
  const len = 4 + payload.length;
  const b = Buffer.alloc((len + 3) & ~3);
  b.writeUInt16LE(len, 0);
  b.writeUInt16LE(type, 2);
  payload.copy(b, 4);
  return b;
}
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; };
const cstr = (s: string) => Buffer.from(`${s}\0`);

/** struct ifinfomsg: AF_UNSPEC, ARPHRD_ETHER, ifindex 7, no flags. */
const header = Buffer.from('00000100' + '07000000' + '00000000' + '00000000', 'hex');

function roundTrip(body: Buffer): { decoded: Record<string, any>; encoded: Buffer } {
  const decoded = decodeBody(link, body, 0, body.length) as Record<string, any>;
  const w = new Writer(64);
  encodeBody(link, decoded, w);
  return { decoded, encoded: w.take() };
}

describe('link family: unknown attributes', () => {
  it('keeps an unknown IFLA attribute as { type, raw }, in place, and writes it back byte for byte', () => {
    const unknown = nla(200 | NLA_F_NESTED, Buffer.from('0500010001000000', 'hex'));
    const body = Buffer.concat([header, nla(3, cstr('x0')), unknown, nla(4, u32(1500))]);
    const { decoded, encoded } = roundTrip(body);
    expect(Object.keys(decoded.attrs)).toEqual(['IFLA_IFNAME', 'IFLA_200', 'IFLA_MTU']);
    expect(decoded.attrs.IFLA_200).toEqual({ type: 200 | NLA_F_NESTED, raw: Buffer.from('0500010001000000', 'hex') });
    expect(encoded.toString('hex')).toBe(body.toString('hex'));
  });

  it('keeps an unknown attribute inside IFLA_LINKINFO > IFLA_INFO_DATA in place', () => {
    const data = Buffer.concat([nla(1, u32(42)), nla(99, Buffer.from('abcdef', 'hex')), nla(15, Buffer.from('12b5', 'hex'))]);
    const linkinfo = Buffer.concat([nla(1, cstr('vxlan')), nla(2, data)]);
    const body = Buffer.concat([header, nla(3, cstr('vx0')), nla(18, linkinfo)]);
    const { decoded, encoded } = roundTrip(body);
    expect(decoded.attrs.IFLA_LINKINFO).toEqual({
      IFLA_INFO_KIND: 'vxlan',
      IFLA_INFO_DATA: {
        IFLA_VXLAN_ID: 42,
        IFLA_VXLAN_99: { type: 99, raw: Buffer.from('abcdef', 'hex') },
        IFLA_VXLAN_PORT: 4789,
      },
    });
    expect(encoded.toString('hex')).toBe(body.toString('hex'));
  });

  it('keeps the IFLA_INFO_DATA of a kind without a table as bytes', () => {
    const linkinfo = Buffer.concat([nla(1, cstr('nokind')), nla(2, nla(1, u32(1)))]);
    const body = Buffer.concat([header, nla(18, linkinfo)]);
    const { decoded, encoded } = roundTrip(body);
    expect(decoded.attrs.IFLA_LINKINFO.IFLA_INFO_DATA).toEqual(nla(1, u32(1)));
    expect(encoded.toString('hex')).toBe(body.toString('hex'));
  });

  it('names ifinfomsg > IFLA_LINKINFO > IFLA_INFO_DATA when an attribute there is truncated', () => {
    // IFLA_VXLAN_ID claims 12 bytes, but only 8 are left in IFLA_INFO_DATA
    const truncated = Buffer.from('0c000100' + '2a000000', 'hex');
    const linkinfo = Buffer.concat([nla(1, cstr('vxlan')), nla(2, truncated)]);
    const body = Buffer.concat([header, nla(18, linkinfo)]);
    let err: unknown;
    try {
      decodeBody(link, body, 0, body.length);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DecodeError);
    const path = (err as DecodeError).path;
    expect(path.slice(0, 3)).toEqual(['ifinfomsg', 'IFLA_LINKINFO', 'IFLA_INFO_DATA']);
    expect(path[3]).toBe('IFLA_VXLAN_ID');
    expect((err as Error).message).toContain('ifinfomsg > IFLA_LINKINFO > IFLA_INFO_DATA');
  });
});
