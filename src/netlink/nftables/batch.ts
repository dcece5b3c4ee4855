// Transactions: nf_tables changes are sent as a batch, applied all or none.
// <linux/netfilter/nfnetlink.h>:
//
//   #define NFNL_MSG_BATCH_BEGIN  NLMSG_MIN_TYPE      /* 16 */
//   #define NFNL_MSG_BATCH_END    NLMSG_MIN_TYPE+1    /* 17 */
//   enum nfnl_batch_attributes { NFNL_BATCH_UNSPEC, NFNL_BATCH_GENID /* NLA_U32 */ };
//
//
//   one datagram, one sendmsg():
//   ---- NFNL_MSG_BATCH_BEGIN  seq=s   nfgenmsg{res_id=NFNL_SUBSYS_NFTABLES} [NFNL_BATCH_GENID]
//   ---- NFT_MSG_NEWTABLE      seq=s+1
//   ---- NFT_MSG_NEWCHAIN      seq=s+2
//   ---- NFT_MSG_NEWRULE       seq=s+3
//   ---- NFNL_MSG_BATCH_END    seq=s+4
//
// The kernel checks every message, then commits them together or aborts them
// all. With NLM_F_ACK on each, it answers each by sequence number, in order,
// once the whole batch has been processed (measured on 6.18):
//
//   committed: ack(s) ack(s+1) ack(s+2) ack(s+3) ack(s+4)
//   aborted:   ack(s) ack(s+1) error(s+2, -ENOENT, extack) ack(s+3)   (no answer to END)
//
// So an answer of 0 means "this message was fine", not "it was applied":
// only END's ack says the batch was committed. Kernels before 6.10 ignore
// NLM_F_ACK on BEGIN and END; the first answer tells which kind this is
// (there, the inner acks are all there is, and a commit that fails after
// checks passed goes unseen: it is rare, and those kernels give no sign of it).
// A failure of the commit itself, and a refusal of the whole batch (EPERM,
// or ERESTART when NFNL_BATCH_GENID is stale), answer BEGIN's sequence number.

import { NLMSG_ERROR, NLM_F_ACK, NLM_F_REQUEST } from '../constants.js';
import { NetlinkError, TimeoutError, type ExtAck } from '../errors.js';
import { strerror } from '../errno.js';
import { Writer, walkAttrs } from '../nlattr.js';
import { NLMSG_HDRLEN, decodeError, writeMessage } from '../nlmsghdr.js';
import { encodeBody, resolveSet, type AttrSet, type Attrs, type Body } from '../schema.js';
import type { NetlinkSocket } from '../socket.js';
import { NFNETLINK_V0, NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFNL_SUBSYS_NFTABLES, NFPROTO_UNSPEC, nfnlName, nftType } from './constants.js';
import { batch, nftFamily } from './protocol.js';

/** One change in a transaction. */
export interface BatchRequest {
  /** NFT_MSG_NEWRULE, ... (the subsystem byte is added) */
  msg: number;
  /** NLM_F_CREATE, NLM_F_APPEND, ...; NLM_F_REQUEST and NLM_F_ACK are always set */
  flags?: number;
  /** nfgenmsg fields (nfgen_family) and the message's attributes */
  body: Partial<Body>;
}

export interface TransactionOptions {
  /** NFNL_BATCH_GENID: refuse the batch (ERESTART) if the ruleset generation moved past this */
  genid?: number;
}

/**
 * One message of a batch was refused, so the whole batch was aborted.
 * `index` is the message's position in the requests (0-based); `attribute`
 * names the attribute the kernel pointed at (NLMSGERR_ATTR_OFFS), if any.
 */
export class BatchError extends NetlinkError {
  readonly attribute?: string;
  /** every refusal in the batch, in order (the first is this error) */
  readonly failures: readonly { index: number; requestType: string; errno: number; extack: ExtAck }[];

  constructor(errno: number, requestType: string, extack: ExtAck, seq: number, index: number | undefined, count: number,
    attribute: string | undefined, failures: BatchError['failures']) {
    super(errno, requestType, extack, seq, 'netfilter answers');
    this.name = 'BatchError';
    this.index = index;
    this.attribute = attribute;
    this.failures = failures;
    const where = index === undefined ? 'the transaction' : `${requestType} (message ${index + 1} of ${count})`;
    const why = extack.msg ? extack.msg.replace(/\.?$/, '') : strerror(errno);
    this.message = `${where} failed: ${why}${attribute ? ` (at ${attribute})` : ''}`;
  }
}

/** Pack the batch into one buffer. Returns the bytes and the sequence numbers used. */
export function packBatch(sock: Pick<NetlinkSocket, 'nextSeq'>, requests: readonly BatchRequest[], opts: TransactionOptions = {}): { bytes: Buffer; begin: number; seqs: number[]; end: number } {
  const w = new Writer(4096);
  const delimiter = (type: number, attrs: Attrs) => {
    const seq = sock.nextSeq();
    writeMessage(w, type, NLM_F_REQUEST | NLM_F_ACK, seq, 0, (w) =>
      encodeBody(batch, { nfgen_family: NFPROTO_UNSPEC, version: NFNETLINK_V0, res_id: NFNL_SUBSYS_NFTABLES, attrs }, w));
    return seq;
  };
  const begin = delimiter(NFNL_MSG_BATCH_BEGIN, opts.genid === undefined ? {} : { NFNL_BATCH_GENID: opts.genid });
  const seqs = requests.map((r) => {
    const type = nftType(r.msg);
    const family = nftFamily(type);
    if (!family) throw new TypeError(`no attribute tables for ${nfnlName(type)}`);
    const seq = sock.nextSeq();
    writeMessage(w, type, NLM_F_REQUEST | NLM_F_ACK | (r.flags ?? 0), seq, 0, (w) =>
      encodeBody(family, { version: NFNETLINK_V0, res_id: 0, ...r.body }, w, [nfnlName(type)]));
    return seq;
  });
  const end = delimiter(NFNL_MSG_BATCH_END, {});
  return { bytes: w.take(), begin, seqs, end };
}

/**
 * Send `requests` as one transaction and wait for the kernel's verdict on
 * each. Returns when the batch was committed; throws BatchError naming the
 * first refused message (and why) when it was aborted.
 */
export function transaction(sock: NetlinkSocket, requests: readonly BatchRequest[], opts: TransactionOptions = {}): void {
  if (requests.length === 0) return;
  const { bytes, begin, seqs, end } = packBatch(sock, requests, opts);
  const index = new Map(seqs.map((s, i) => [s, i]));
  const answered = new Set<number>();
  const failures: BatchError['failures'][number][] = [];
  let first: BatchError | undefined;
  let delimitersAcked: boolean | undefined;
  let committed = false;
  let refused = false;

  const fail = (errno: number, extack: ExtAck, seq: number, i: number | undefined) => {
    const requestType = i === undefined ? nfnlName(NFNL_MSG_BATCH_BEGIN) : nfnlName(nftType(requests[i]!.msg));
    failures.push({ index: i ?? -1, requestType, errno, extack });
    if (!first) {
      const attribute = i !== undefined && extack.offset !== undefined ? attributeAt(bytes, seq, extack.offset) : undefined;
      first = new BatchError(errno, requestType, extack, seq, i, requests.length, attribute, failures);
    }
  };
  const done = () => refused || committed ||
    (answered.size === seqs.length && (first !== undefined || delimitersAcked === false));

  sock.sendRaw(bytes);
  while (!done()) {
    try {
      sock.receive('nf_tables transaction', (m) => {
        if (m.hdr.nlmsg_pid !== sock.pid || m.hdr.nlmsg_type !== NLMSG_ERROR) return;
        const seq = m.hdr.nlmsg_seq;
        const ans = decodeError(m);
        if (seq !== begin && seq !== end && !index.has(seq)) return; // a late answer to an earlier request
        if (delimitersAcked === undefined) delimitersAcked = seq === begin;
        if (seq === begin) {
          // BEGIN's ack, or a verdict on the whole batch (EPERM, ERESTART, a failed commit)
          if (ans.errno !== 0) { fail(ans.errno, ans.extack, seq, undefined); refused = true; }
        } else if (seq === end) {
          if (ans.errno !== 0) { fail(ans.errno, ans.extack, seq, undefined); refused = true; } else committed = true;
        } else if (index.has(seq)) {
          answered.add(seq);
          if (ans.errno !== 0) fail(ans.errno, ans.extack, seq, index.get(seq));
        }
      });
    } catch (e) {
      // Everything is queued by the time sendmsg() returns; a timeout after a
      // refusal only means no more answers were coming.
      if (e instanceof TimeoutError && first) break;
      throw e;
    }
  }
  if (first) throw first;
}

/**
 * The attribute at byte `offset` of the batch message with sequence `seq`
 * (the kernel's NLMSGERR_ATTR_OFFS counts from that message's nlmsghdr),
 * named through the message family's tables: "NFTA_CHAIN_TABLE \"nosuch\"".
 */
export function attributeAt(bytes: Buffer, seq: number, offset: number): string | undefined {
  for (let off = 0; off + NLMSG_HDRLEN <= bytes.length;) {
    const len = bytes.readUInt32LE(off);
    if (len < NLMSG_HDRLEN) return undefined;
    if (bytes.readUInt32LE(off + 8) === seq) {
      const family = nftFamily(bytes.readUInt16LE(off + 4));
      if (!family) return undefined;
      return nameAt(bytes, off + NLMSG_HDRLEN + family.header.size, off + len, family.attrs, off + offset);
    }
    off += (len + 3) & ~3;
  }
  return undefined;
}

function nameAt(buf: Buffer, start: number, end: number, set: AttrSet | undefined, target: number): string | undefined {
  let found: string | undefined;
  const siblings: Attrs = {};
  const seen = new Map<number, number>();
  walkAttrs(buf, start, end, [], (type, _rawType, ps, pe, at) => {
    if (found !== undefined) return;
    const spec = set?.byId[type];
    const nth = seen.get(type) ?? 0;
    seen.set(type, nth + 1);
    const name = `${spec?.name ?? `${set?.prefix ?? ''}${type}`}${spec?.multi ? `[${nth}]` : ''}`;
    if (spec?.type === 'string') siblings[spec.name] = buf.toString('utf8', ps, buf[pe - 1] === 0 ? pe - 1 : pe);
    if (target === at) {
      found = spec?.type === 'string' ? `${name} "${siblings[spec.name] as string}"` : name;
    } else if (target > at && target < pe && spec?.type === 'nested') {
      const inner = nameAt(buf, ps, pe, resolveSet(spec.nested, siblings), target);
      found = inner ? `${name} > ${inner}` : name;
    }
  });
  return found;
}
