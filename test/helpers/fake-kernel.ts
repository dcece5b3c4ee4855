// A fake kernel for socket tests: implements the socket's system calls in
// memory. Each datagram sent is handed to `answer`, which returns the
// datagrams the kernel would queue in reply. recv() with nothing queued
// fails with EAGAIN, as a real socket whose SO_RCVTIMEO expired.

import { OsError } from '../../src/netlink/errors.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { splitMessages, writeMessage, type RawMessage } from '../../src/netlink/nlmsghdr.js';
import type { Syscalls } from '../../src/netlink/socket.js';
import { NLMSG_DONE, NLMSG_ERROR, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_MULTI } from '../../src/netlink/constants.js';

export const FAKE_PORT = 4242;

export class FakeKernel implements Syscalls {
  sent: Buffer[] = [];
  queue: Buffer[] = [];
  closed: number[] = [];
  options: Array<[number, number, Buffer]> = [];
  constructor(private answer: (m: RawMessage, k: FakeKernel) => Buffer[]) {}

  socket(): number {
    return 100;
  }
  bind(): void {}
  getsockname(_fd: number, addr: Buffer): number {
    addr.writeUInt16LE(16, 0);
    addr.writeUInt32LE(FAKE_PORT, 4);
    return 12;
  }
  setsockopt(_fd: number, level: number, name: number, value: Buffer): void {
    this.options.push([level, name, Buffer.from(value)]);
  }
  send(_fd: number, buf: Buffer): number {
    this.sent.push(Buffer.from(buf));
    for (const m of splitMessages(Buffer.from(buf))) this.queue.push(...this.answer(m, this));
    return buf.length;
  }
  recv(_fd: number, buf: Buffer): number {
    const d = this.queue.shift();
    if (!d) throw new OsError('recvfrom', 11 /* EAGAIN */);
    d.copy(buf);
    return d.length;
  }
  close(fd: number): void {
    this.closed.push(fd);
  }
}

/** A datagram of one message. */
export function datagram(type: number, flags: number, seq: number, body: (w: Writer) => void = () => {}, pid = FAKE_PORT): Buffer {
  const w = new Writer(64);
  writeMessage(w, type, flags, seq, pid, body);
  return w.take();
}

/** NLMSG_ERROR answering `req` with `-errno` (0: an ack), capped, with an optional extack message. */
export function ack(req: RawMessage, errno = 0, msg?: string): Buffer {
  return datagram(NLMSG_ERROR, NLM_F_CAPPED | (msg ? NLM_F_ACK_TLVS : 0), req.hdr.nlmsg_seq, (w) => {
    const at = w.reserve(20);
    w.buf.writeInt32LE(-errno, at);
    w.buf.writeUInt32LE(16, at + 4);
    w.buf.writeUInt16LE(req.hdr.nlmsg_type, at + 8);
    w.buf.writeUInt16LE(req.hdr.nlmsg_flags, at + 10);
    w.buf.writeUInt32LE(req.hdr.nlmsg_seq, at + 12);
    w.buf.writeUInt32LE(req.hdr.nlmsg_pid, at + 16);
    if (msg) w.attr(1 /* NLMSGERR_ATTR_MSG */, Buffer.from(`${msg}\0`));
  });
}

/** NLMSG_DONE for `seq`, carrying `-errno` and an optional extack message. */
export function done(seq: number, errno = 0, msg?: string, flags = 0): Buffer {
  return datagram(NLMSG_DONE, NLM_F_MULTI | flags | (msg ? NLM_F_ACK_TLVS : 0), seq, (w) => {
    const at = w.reserve(4);
    w.buf.writeInt32LE(-errno, at);
    if (msg) w.attr(1, Buffer.from(`${msg}\0`));
  });
}
