// A signed 32-bit big-endian payload. <linux/netfilter/nf_tables.h>:
//
//   @NFTA_HOOK_PRIORITY: netfilter hook priority (NLA_U32)
//   @NFTA_VERDICT_CODE: nf_tables verdict (NLA_U32: enum nft_verdicts)
//
// nf_tables sends a few values the kernel declares __be32 (NLA_U32, in
// network byte order) but reads as signed ints, namely a hook's priority
// (NFTA_HOOK_PRIORITY: -150 for mangle, 0 for filter) and a verdict code
// (NFTA_VERDICT_CODE: NF_ACCEPT 1, NFT_JUMP -3, NFT_RETURN -5). The schema's
// be32 is unsigned, so these two use this codec and decode to -3, not 4294967293.

import { DecodeError } from '../errors.js';
import type { CustomCodec } from '../schema.js';

export const be32s: CustomCodec = {
  decode(payload, path) {
    if (payload.length !== 4) throw new DecodeError(path, `be32 (signed) needs 4 bytes, got ${payload.length}`);
    return payload.readInt32BE(0);
  },
  encode(value, w, path) {
    const n = Number(value);
    if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) {
      throw new TypeError(`${path.join(' > ')}: a signed 32-bit integer is needed, got ${String(value)}`);
    }
    w.ensure(4);
    w.buf.writeInt32BE(n, w.off);
    w.off += 4;
  },
};
