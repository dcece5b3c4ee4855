// What a view of a dumped message keeps of it: the kernel's bytes, decoded
// into `message` only when that is first read.
//
// A dump makes thousands of views, most of them in a process V8 has not
// optimized yet, and every object a view keeps is copied by the young
// generation's collections: the decoded messages kept with the views were
// about a quarter of a cold 10,000-route listRoutes() (bench/README.md, W3),
// for a field few callers read. A view of one message decoded on its own
// (a get, an event) keeps the decoded message as it is.

import { decodeBody, type MessageFamily } from '../netlink/schema.js';

export abstract class MessageView<M extends object> {
  #message: M | undefined;
  readonly #bytes: Buffer | undefined;
  readonly #start: number;
  readonly #end: number;

  /** `m` when kept decoded; else `bytes[start, end)`, the message's body in a datagram copied for its dump. */
  protected constructor(m: M | undefined, bytes?: Buffer, start = 0, end = 0) {
    this.#message = m;
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
  }

  /** The family `message` is decoded with (a getter: not one of the view's own fields). */
  protected abstract get messageFamily(): MessageFamily;

  /** The whole decoded kernel message. */
  get message(): M {
    return (this.#message ??= decodeBody(this.messageFamily, this.#bytes!, this.#start, this.#end) as M);
  }

  /** The view's own fields and `message`: what JSON.stringify() writes. */
  toJSON(): object {
    return { ...this, message: this.message };
  }
}
