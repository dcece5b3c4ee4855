// Byte fixtures captured from this kernel, and the one check every codec
// test runs on them: split the bytes into a message, decode its body with
// the family, compare with the expected object, encode it back, compare
// with the bytes.

import { expect } from 'vitest';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { decodeBody, encodeBody, type MessageFamily } from '../../src/netlink/schema.js';
import { Writer } from '../../src/netlink/nlattr.js';

export { STRACE, type Fixture, type Provenance } from './provenance.js';
import type { Fixture } from './provenance.js';

/** Decode the fixture's body, compare, re-encode, compare bytes. */
export function checkFixture(f: Fixture, family: MessageFamily): void {
  const bytes = Buffer.from(f.hex, 'hex');
  const [m, ...rest] = splitMessages(bytes);
  expect(rest).toHaveLength(0);
  expect(m!.hdr.nlmsg_type).toBe(f.type);
  expect(m!.hdr.nlmsg_len).toBe(bytes.length);
  const body = decodeBody(family, bytes, m!.start, m!.end);
  expect(body).toEqual(f.expected);
  const w = new Writer(64);
  encodeBody(family, body, w);
  if (f.exact === false) {
    // Not byte for byte, by design (see `why`): what tsip writes decodes to the same body.
    expect(f.why).toBeTruthy();
    expect(decodeBody(family, w.view(), 0, w.off)).toEqual(f.expected);
    return;
  }
  expect(w.view().toString('hex')).toBe(bytes.subarray(m!.start, m!.end).toString('hex'));
}
