// Transactions against a fake kernel that answers as kernel 6.18 was
// measured to answer (and as kernels before 6.10, which do not ack BEGIN/END).

import { describe, expect, it } from 'vitest';
import { NLMSG_ERROR, NLM_F_ACK, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_REQUEST } from '../../src/netlink/constants.js';
import type { RawMessage } from '../../src/netlink/nlmsghdr.js';
import { splitMessages } from '../../src/netlink/nlmsghdr.js';
import { NetlinkError } from '../../src/netlink/errors.js';
import { NetlinkSocket } from '../../src/netlink/socket.js';
import {
  BatchError, NETFILTER_PROTOCOL, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFT_MSG, nfnlName, transaction, type BatchRequest,
} from '../../src/netlink/nftables/index.js';
import { FakeKernel, ack, datagram } from '../helpers/fake-kernel.js';

const requests: BatchRequest[] = [
  { msg: NFT_MSG.NFT_MSG_NEWTABLE, flags: 0x400, body: { nfgen_family: 2, attrs: { NFTA_TABLE_NAME: 'filter' } } },
  { msg: NFT_MSG.NFT_MSG_NEWCHAIN, flags: 0x400, body: { nfgen_family: 2, attrs: { NFTA_CHAIN_TABLE: 'nosuch', NFTA_CHAIN_NAME: 'FORWARD' } } },
  { msg: NFT_MSG.NFT_MSG_NEWRULE, flags: 0xc00, body: { nfgen_family: 2, attrs: { NFTA_RULE_TABLE: 'filter', NFTA_RULE_CHAIN: 'FORWARD' } } },
];

/** NLMSG_ERROR for `req` with an extack offset (NLMSGERR_ATTR_OFFS), as the kernel sends it. */
function errorAt(req: RawMessage, errno: number, offset: number): Buffer {
  return datagram(NLMSG_ERROR, NLM_F_CAPPED | NLM_F_ACK_TLVS, req.hdr.nlmsg_seq, (w) => {
    const at = w.reserve(20);
    w.buf.writeInt32LE(-errno, at);
    w.buf.writeUInt32LE(16, at + 4);
    w.buf.writeUInt16LE(req.hdr.nlmsg_type, at + 8);
    w.buf.writeUInt32LE(req.hdr.nlmsg_seq, at + 12);
    const off = Buffer.alloc(4);
    off.writeUInt32LE(offset, 0);
    w.attr(2 /* NLMSGERR_ATTR_OFFS */, off);
  });
}

/**
 * A kernel that processes the whole batch, then answers: acks (and the
 * given refusals) in order; END is acked only when nothing was refused.
 */
function batchKernel(opts: { refuse?: (m: RawMessage) => Buffer | undefined; ackDelimiters?: boolean } = {}) {
  let pending: RawMessage[] = [];
  return new FakeKernel((m) => {
    pending.push(m);
    if (m.hdr.nlmsg_type !== NFNL_MSG_BATCH_END) return [];
    const batch = pending;
    pending = [];
    const out: Buffer[] = [];
    let refused = false;
    for (const r of batch) {
      const delimiter = r.hdr.nlmsg_type === NFNL_MSG_BATCH_BEGIN || r.hdr.nlmsg_type === NFNL_MSG_BATCH_END;
      if (delimiter && opts.ackDelimiters === false) continue;
      if (r.hdr.nlmsg_type === NFNL_MSG_BATCH_END && refused) continue;
      const no = opts.refuse?.(r);
      if (no) refused = true;
      out.push(no ?? ack(r));
    }
    return out;
  });
}

const open = (k: FakeKernel) => NetlinkSocket.open(NETFILTER_PROTOCOL, { sys: k, timeoutMs: 10 });

describe('transaction', () => {
  it('sends BEGIN, the messages and END in one datagram, each asking for an ack', () => {
    const k = batchKernel();
    transaction(open(k), requests.slice(0, 1));
    expect(k.sent).toHaveLength(1);
    const msgs = splitMessages(k.sent[0]!);
    expect(msgs.map((m) => nfnlName(m.hdr.nlmsg_type))).toEqual(['NFNL_MSG_BATCH_BEGIN', 'NFT_MSG_NEWTABLE', 'NFNL_MSG_BATCH_END']);
    expect(msgs.every((m) => (m.hdr.nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK)) === (NLM_F_REQUEST | NLM_F_ACK))).toBe(true);
    expect(new Set(msgs.map((m) => m.hdr.nlmsg_seq)).size).toBe(3);
    expect(k.queue).toHaveLength(0);
  });

  it('names the refused message, its position and the attribute the kernel pointed at', () => {
    // on 6.18 a NEWCHAIN for a missing table answers ENOENT at offset 20: NFTA_CHAIN_TABLE
    const k = batchKernel({ refuse: (m) => (m.hdr.nlmsg_type === 0x0a03 ? errorAt(m, 2, 20) : undefined) });
    let err: unknown;
    try {
      transaction(open(k), requests);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BatchError);
    expect(err).toBeInstanceOf(NetlinkError);
    const b = err as BatchError;
    expect(b.code).toBe('ENOENT');
    expect(b.index).toBe(1);
    expect(b.requestType).toBe('NFT_MSG_NEWCHAIN');
    expect(b.attribute).toBe('NFTA_CHAIN_TABLE "nosuch"');
    expect(b.message).toBe('NFT_MSG_NEWCHAIN (message 2 of 3) failed: No such file or directory (at NFTA_CHAIN_TABLE "nosuch")');
    expect(k.queue).toHaveLength(0); // every answer read: the socket is clean for the next request
  });

  it('uses the kernel\'s own explanation when it gives one', () => {
    const k = batchKernel({ refuse: (m) => (m.hdr.nlmsg_type === 0x0a06 ? ack(m, 95, 'Operation not supported in this chain') : undefined) });
    expect(() => transaction(open(k), requests)).toThrow('NFT_MSG_NEWRULE (message 3 of 3) failed: Operation not supported in this chain');
  });

  it('works with kernels that do not ack BEGIN and END (before 6.10), without waiting', () => {
    const k = batchKernel({ ackDelimiters: false });
    transaction(open(k), requests);
    const failing = batchKernel({ ackDelimiters: false, refuse: (m) => (m.hdr.nlmsg_type === 0x0a06 ? ack(m, 22) : undefined) });
    expect(() => transaction(open(failing), requests)).toThrow(/message 3 of 3\) failed: Invalid argument/);
  });

  it('reports a refusal of the whole batch (a stale NFNL_BATCH_GENID: ERESTART)', () => {
    const k = new FakeKernel((m) => (m.hdr.nlmsg_type === NFNL_MSG_BATCH_BEGIN ? [ack(m, 85)] : []));
    let err: BatchError | undefined;
    try {
      transaction(open(k), requests, { genid: 7 });
    } catch (e) {
      err = e as BatchError;
    }
    expect(err?.errno).toBe(85);
    expect(err?.index).toBeUndefined();
    expect(err?.message).toBe('the transaction failed: Interrupted system call should be restarted');
    const begin = splitMessages(k.sent[0]!)[0]!;
    expect(begin.buf.subarray(begin.start, begin.end).toString('hex')).toBe('0000000a0800010000000007');
  });

  it('sends nothing for no changes', () => {
    const k = batchKernel();
    transaction(open(k), []);
    expect(k.sent).toHaveLength(0);
  });
});
