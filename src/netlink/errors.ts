// The error types of tsip. Pure: no FFI, no I/O.
//
// A NetlinkError is the kernel's struct nlmsgerr (<linux/netlink.h>) made
// an Error: its errno, and the extended ack that follows it when the socket
// set NETLINK_EXT_ACK (src/netlink/nlmsghdr.ts decodes both):
//
//   struct nlmsgerr {
//           int             error;      /* 0: ack, or -errno */
//           struct nlmsghdr msg;        /* the header of the request it answers */
//           /* the request's payload, unless NETLINK_CAP_ACK (NLM_F_CAPPED)... */
//           /* ...then TLVs of enum nlmsgerr_attrs if NETLINK_EXT_ACK (NLM_F_ACK_TLVS) */
//   };
//   enum nlmsgerr_attrs {
//           NLMSGERR_ATTR_UNUSED, NLMSGERR_ATTR_MSG (string), NLMSGERR_ATTR_OFFS (u32,
//           offset of the bad attribute in the request), NLMSGERR_ATTR_COOKIE,
//           NLMSGERR_ATTR_POLICY, NLMSGERR_ATTR_MISS_TYPE, NLMSGERR_ATTR_MISS_NEST,
//   };
//
// - OsError:      a failed system call (socket, setns, mount, ...), with errno.
// - NetlinkError: the kernel answered a request with NLMSG_ERROR (or an error
//                 in NLMSG_DONE), with errno and the extended ack.
// - DecodeError:  bytes that do not parse, with the path to the bad field.
// - DumpInterruptedError: a dump kept reporting NLM_F_DUMP_INTR.
// - UsageError:   bad input, refused before anything reaches the kernel.

import { errnoName, strerror } from './errno.js';

/** A system call failed. `code` is the errno name: "EPERM", "EEXIST", ... */
export class OsError extends Error {
  readonly syscall: string;
  readonly errno: number;
  readonly code: string;
  constructor(syscall: string, errno: number, detail?: string) {
    super(`${syscall}${detail ? ` ${detail}` : ''}: ${strerror(errno)} (${errnoName(errno)})`);
    this.name = 'OsError';
    this.syscall = syscall;
    this.errno = errno;
    this.code = errnoName(errno);
  }
}

/**
 * The kernel's extended acknowledgement (NLMSGERR_ATTR_*, <linux/netlink.h>):
 * a human-readable message, the offset of the offending attribute in our
 * request, and the attribute policy that rejected it.
 */
export interface ExtAck {
  /** NLMSGERR_ATTR_MSG */
  msg?: string;
  /** NLMSGERR_ATTR_OFFS: byte offset into the request, from its nlmsghdr */
  offset?: number;
  /** NLMSGERR_ATTR_MISS_TYPE: the attribute type the kernel missed */
  missType?: number;
  /** NLMSGERR_ATTR_COOKIE */
  cookie?: Buffer;
}

/**
 * The kernel refused a request. The message reads like iproute2's:
 * "Error: Unknown device type." when the kernel sent an extended-ack text,
 * "RTNETLINK answers: File exists" when it did not.
 */
export class NetlinkError extends Error {
  /** positive errno: 17 */
  readonly errno: number;
  /** "EEXIST" */
  readonly code: string;
  /** the request's message type name: "RTM_NEWLINK" */
  readonly requestType: string;
  /** the request's sequence number */
  readonly seq: number;
  readonly extack: ExtAck;
  /** When the request was part of a batch: its position there. */
  index?: number;

  constructor(errno: number, requestType: string, extack: ExtAck = {}, seq = 0, prefix = 'RTNETLINK answers') {
    super(NetlinkError.format(errno, extack, prefix));
    this.name = 'NetlinkError';
    this.errno = errno;
    this.code = errnoName(errno);
    this.requestType = requestType;
    this.extack = extack;
    this.seq = seq;
  }

  /** iproute2's wording (lib/libnetlink.c: nl_dump_ext_ack, rtnl_talk_error). */
  static format(errno: number, extack: ExtAck, prefix: string): string {
    if (extack.msg) {
      const m = extack.msg;
      return `Error: ${m}${m.endsWith('.') ? '' : '.'}`;
    }
    return `${prefix}: ${strerror(errno)}`;
  }
}

/** Bytes that do not parse. `path` names where: ifinfomsg > IFLA_LINKINFO > IFLA_INFO_DATA. */
export class DecodeError extends Error {
  readonly path: readonly string[];
  readonly reason: string;
  constructor(path: readonly string[], reason: string) {
    super(`cannot decode ${path.join(' > ')}: ${reason}`);
    this.name = 'DecodeError';
    this.path = path;
    this.reason = reason;
  }
}

/**
 * A dump was interrupted (NLM_F_DUMP_INTR: the kernel's table changed while it
 * was being walked) on every try. `partial` holds the last, possibly
 * inconsistent, result.
 */
export class DumpInterruptedError<T = unknown> extends Error {
  readonly requestType: string;
  readonly attempts: number;
  readonly partial: T[];
  constructor(requestType: string, attempts: number, partial: T[]) {
    super(`${requestType} dump was interrupted ${attempts} times (NLM_F_DUMP_INTR): the table kept changing`);
    this.name = 'DumpInterruptedError';
    this.requestType = requestType;
    this.attempts = attempts;
    this.partial = partial;
  }
}

/** Bad input, refused before the kernel is called. The message names the value. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** No reply arrived within the socket's receive timeout. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`no reply to ${what} within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}
