// The one module that imports ffi-rs: every system call tsip makes goes
// through here, so the FFI stays contained, countable and replaceable (tests
// above this layer run against a fake kernel).
//
// The calls, as the C library declares them (<sys/socket.h>, <sched.h>,
// <sys/mount.h>, <poll.h>, <sys/ioctl.h>, <sys/eventfd.h>):
//
//   int socket(int domain, int type, int protocol);   /* AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE */
//   int bind(int fd, const struct sockaddr *addr, socklen_t len);
//   ssize_t send(int fd, const void *buf, size_t len, int flags);
//   ssize_t recv(int fd, void *buf, size_t len, int flags);
//   int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout);
//   int setns(int fd, int nstype);                     /* CLONE_NEWNET */
//   int unshare(int flags);
//   int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data);
//   int umount2(const char *target, int flags);
//   int poll(struct pollfd *fds, nfds_t nfds, int timeout);
//
// and the address netlink sockets bind to (<linux/netlink.h>):
//
//   struct sockaddr_nl {
//           __kernel_sa_family_t nl_family;  /* AF_NETLINK */
//           unsigned short  nl_pad;          /* zero */
//           __u32           nl_pid;          /* port ID: 0 asks the kernel to pick */
//           __u32           nl_groups;       /* multicast groups mask */
//   };
//
// Conventions
// - Each function returns the call's value, or throws OsError carrying the
//   errno number and name. errno is read only when the call returned -1:
//   ffi-rs does not clear errno before a call, so a successful call can show
//   a stale code (measured, see shared/NOTES.md).
// - Node Buffers are passed as DataType.U8Array, i.e. by pointer: the kernel
//   reads and writes them in place, subarrays included.
// - NULL pointers are passed as a 64-bit 0, so calls that may take NULL get
//   their own parameter lists.
// - Each binding is a reused literal handed to load() (cheaper than define()).
// - ffi-rs must be loaded on the main thread first (a worker that loads it
//   first crashes the process when it exits), and close() is never called.
//
// What a call costs (bench/micro/ffi-cost.ts; bench/README.md has the table):
// ffi-rs converts every argument through N-API on every call, so the cost
// grows with the arguments: about 2.8 µs for a call without any, about
// 0.8 µs more per integer, 1.5 µs more for errno: true, and about 3 µs more
// for each Buffer passed as U8Array (against the same pointer passed as a
// number). So the hot calls (send, recv, recvmmsg) are the 4-argument
// send(2)/recv(2), not the 6-argument sendto/recvfrom, and a Buffer whose
// memory tsip reuses (a socket's read buffer, its write buffer) is passed
// as its address, a number: see pointerOf().
//
// Loading: ffi-rs's index.js picks its native binding after asking
// process.report whether the C library is musl, which costs 10 to 30 ms of
// every start-up. On glibc (the platform packages are only installed there)
// the binding is loaded directly; ffi-rs's JS wrapper only rewrote array
// parameter types into { ffiTypeTag: Array, type, length } objects on every
// call (keeping the first call's length in a reused literal: the length is
// not used for a parameter, the pointer is passed and the callee may use the
// whole Buffer), which the bindings below declare once, up front.

import { createRequire } from 'node:module';
import { OsError } from './errors.js';

type Ffi = typeof import('ffi-rs');
const requireCjs = createRequire(import.meta.url);

function loadFfi(): Ffi {
  if (process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64')) {
    try {
      const native = requireCjs(`@yuuang/ffi-rs-linux-${process.arch}-gnu`) as Ffi;
      if (typeof native.load === 'function' && native.DataType && native.FFITypeTag) return native;
    } catch {
      /* not installed or not loadable here: the wrapper finds the right one */
    }
  }
  return requireCjs('ffi-rs') as Ffi;
}

const ffi = loadFfi();
const { DataType, FFITypeTag } = ffi;
const load = ffi.load;
const LIB = 'libc';
ffi.open({ library: LIB, path: 'libc.so.6' });

/** A parameter type as ffi-rs's native side takes it. */
type ParamType = number | { ffiTypeTag: number; type: number; length: number };

interface Binding {
  library: string;
  funcName: string;
  retType: number;
  paramsType: ParamType[];
  paramsValue: unknown[];
  errno: true;
  freeResultMemory: false;
}

/** A Buffer parameter (the native side wants the array form; its length is unused for parameters). */
const BUF: ParamType = { ffiTypeTag: (FFITypeTag as unknown as { Array: number }).Array, type: DataType.U8Array, length: 0 };

function bind_(funcName: string, retType: number, paramsType: Array<number | 'buf'>): Binding {
  return {
    library: LIB, funcName, retType, paramsType: paramsType.map((t) => (t === 'buf' ? BUF : t)),
    paramsValue: [], errno: true, freeResultMemory: false,
  };
}

/** Calls made through this module, by name: for benchmarks and the trace. */
export const syscallCounts: Record<string, number> = Object.create(null);
let counting = false;
/** Turn per-call counting on or off (off by default: it costs a hash update). */
export function countSyscalls(on: boolean): void {
  counting = on;
}

function call(b: Binding, args: unknown[], detail?: string): number {
  b.paramsValue = args;
  if (counting) syscallCounts[b.funcName] = (syscallCounts[b.funcName] ?? 0) + 1;
  const r = load(b as never) as unknown as { value: number; errnoCode: number };
  if (r.value === -1) throw new OsError(b.funcName, r.errnoCode, detail);
  return r.value;
}

const { I32, I64, U32, U64, String: Str } = DataType;
const U8A = 'buf' as const;

const SOCKET = bind_('socket', I32, [I32, I32, I32]);
const BIND = bind_('bind', I32, [I32, U8A, I32]);
const CONNECT = bind_('connect', I32, [I32, U8A, I32]);
const GETSOCKNAME = bind_('getsockname', I32, [I32, U8A, U8A]);
const SETSOCKOPT = bind_('setsockopt', I32, [I32, I32, I32, U8A, I32]);
const GETSOCKOPT = bind_('getsockopt', I32, [I32, I32, I32, U8A, U8A]);
const SEND = bind_('send', I64, [I32, U8A, U64, I32]);
const SEND_AT = bind_('send', I64, [I32, U64, U64, I32]);
const SENDTO = bind_('sendto', I64, [I32, U8A, U64, I32, U8A, I32]);
const RECV = bind_('recv', I64, [I32, U8A, U64, I32]);
const RECV_AT = bind_('recv', I64, [I32, U64, U64, I32]);
const RECVFROM = bind_('recvfrom', I64, [I32, U8A, U64, I32, U8A, U8A]);
const RECVMSG = bind_('recvmsg', I64, [I32, U8A, I32]);
const CLOSE = bind_('close', I32, [I32]);
const POLL = bind_('poll', I32, [U8A, U64, I32]);
const SETNS = bind_('setns', I32, [I32, I32]);
const UNSHARE = bind_('unshare', I32, [I32]);
const UMOUNT2 = bind_('umount2', I32, [Str, I32]);
const IOCTL_PTR = bind_('ioctl', I32, [I32, U64, U8A]);
const IOCTL_INT = bind_('ioctl', I32, [I32, U64, I64]);
const EVENTFD = bind_('eventfd', I32, [I32, I32]);
const GETTID = bind_('gettid', I32, []);
const CLOCK_GETTIME = bind_('clock_gettime', I32, [I32, U8A]);
const MEMMOVE_ADDR = bind_('memmove', U64, [U8A, U8A, U64]);
const RECVMMSG = bind_('recvmmsg', I32, [I32, U8A, U32, I32, I64]);
const RECVMMSG_AT = bind_('recvmmsg', I32, [I32, U64, U32, I32, I64]);
const FCHDIR = bind_('fchdir', I32, [I32]);
const SIGNAL = bind_('signal', I64, [I32, I64]);

/*
 * Buffers passed by address. The address of a Buffer's memory is stable
 * while its ArrayBuffer lives: V8 never moves an ArrayBuffer's backing store
 * (only a typed array of at most 64 bytes may start on the JS heap, and it is
 * moved off for good the first time native code asks for its address). So
 * the base address of each ArrayBuffer is asked once (addressOf(), itself a
 * call) and kept in a WeakMap; the pointer of any view is base + byteOffset.
 * Only buffers seen a second time get an address: a one-off Buffer is passed
 * as a U8Array, which is cheaper than asking its address first.
 */
const bases = new WeakMap<ArrayBufferLike, number>();
const seenOnce = new WeakSet<ArrayBufferLike>();

/**
 * The address of `buf`'s first byte as a number, when tsip keeps that
 * Buffer's memory (it was seen before); undefined for a Buffer seen the
 * first time (pass it as a U8Array then). The caller keeps `buf` referenced
 * for as long as the address is used.
 */
export function pointerOf(buf: Buffer): number | undefined {
  const ab = buf.buffer;
  const base = bases.get(ab);
  if (base !== undefined) return base + buf.byteOffset;
  if (ab.byteLength <= 64) return undefined;
  if (!seenOnce.has(ab)) {
    seenOnce.add(ab);
    return undefined;
  }
  const at = Number(addressOf(buf)) - buf.byteOffset;
  bases.set(ab, at);
  return at + buf.byteOffset;
}

/** socket(2) */
export function socket(domain: number, type: number, protocol: number): number {
  return call(SOCKET, [domain, type, protocol]);
}

/** bind(2); `addr` is the whole sockaddr. */
export function bind(fd: number, addr: Buffer): void {
  call(BIND, [fd, addr, addr.length]);
}

/** connect(2); `addr` is the whole sockaddr. */
export function connect(fd: number, addr: Buffer): void {
  call(CONNECT, [fd, addr, addr.length]);
}

/** getsockname(2) into `addr`; returns the address length the kernel wrote. */
export function getsockname(fd: number, addr: Buffer): number {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(addr.length, 0);
  call(GETSOCKNAME, [fd, addr, len]);
  return len.readUInt32LE(0);
}

/** setsockopt(2) with the option value given as bytes. */
export function setsockopt(fd: number, level: number, name: number, value: Buffer): void {
  call(SETSOCKOPT, [fd, level, name, value, value.length]);
}

/** setsockopt(2) with an int option value. */
export function setsockoptInt(fd: number, level: number, name: number, value: number): void {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value, 0);
  setsockopt(fd, level, name, b);
}

/** getsockopt(2) of an int option. */
export function getsockoptInt(fd: number, level: number, name: number): number {
  const b = Buffer.alloc(4);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(4, 0);
  call(GETSOCKOPT, [fd, level, name, b, len]);
  return b.readInt32LE(0);
}

/** send(2): to the socket's default destination (for netlink, the kernel). */
export function send(fd: number, buf: Buffer, flags = 0): number {
  const at = pointerOf(buf);
  return at === undefined ? call(SEND, [fd, buf, buf.length, flags]) : call(SEND_AT, [fd, at, buf.length, flags]);
}

/** sendto(2) to `addr`, a whole sockaddr. */
export function sendto(fd: number, buf: Buffer, flags: number, addr: Buffer): number {
  return call(SENDTO, [fd, buf, buf.length, flags, addr, addr.length]);
}

/**
 * recv(2) into `buf`, without the source address. With MSG_TRUNC in
 * `flags` the result is the datagram's real length, which may exceed `buf`.
 */
export function recv(fd: number, buf: Buffer, flags = 0): number {
  const at = pointerOf(buf);
  return at === undefined ? call(RECV, [fd, buf, buf.length, flags]) : call(RECV_AT, [fd, at, buf.length, flags]);
}

/** recvfrom(2) into `buf`, the source address into `addr`; returns [length, address length]. */
export function recvfrom(fd: number, buf: Buffer, flags: number, addr: Buffer): [number, number] {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(addr.length, 0);
  const n = call(RECVFROM, [fd, buf, buf.length, flags, addr, len]);
  return [n, len.readUInt32LE(0)];
}

/**
 * recvmsg(2) with a prepared struct msghdr (whose pointers the caller built
 * with bufferAddress()); returns the byte count.
 */
export function recvmsg(fd: number, msghdr: Buffer, flags: number): number {
  return call(RECVMSG, [fd, msghdr, flags]);
}

/** close(2) */
export function close(fd: number): void {
  call(CLOSE, [fd]);
}

/** poll(2) over `fds`, an array of struct pollfd (8 bytes each); returns the ready count. */
export function poll(fds: Buffer, timeoutMs: number): number {
  return call(POLL, [fds, fds.length / 8, timeoutMs]);
}

/**
 * poll(2) on a thread of ffi-rs's own (runInNewThread), so waiting never
 * blocks the event loop. Include an eventfd among `fds` and write to it to
 * wake the wait: a thread blocked forever keeps the process alive.
 */
export async function pollAsync(fds: Buffer, timeoutMs: number): Promise<number> {
  const r = (await load({
    library: LIB, funcName: 'poll', retType: I32, paramsType: [BUF, U64, I32],
    paramsValue: [fds, fds.length / 8, timeoutMs], errno: true, runInNewThread: true, freeResultMemory: false,
  } as never)) as unknown as { value: number; errnoCode: number };
  if (r.value === -1) throw new OsError('poll', r.errnoCode);
  return r.value;
}

/** setns(2): move the calling thread into the namespace behind `fd`. */
export function setns(fd: number, nstype: number): void {
  call(SETNS, [fd, nstype]);
}

/** unshare(2): give the calling thread new namespaces of the kinds in `flags`. */
export function unshare(flags: number): void {
  call(UNSHARE, [flags]);
}

/** mount(2). `null` passes a NULL pointer. */
export function mount(source: string | null, target: string, fstype: string | null, flags: number, data: string | null = null): void {
  const types: number[] = [source === null ? I64 : Str, Str, fstype === null ? I64 : Str, U64, data === null ? I64 : Str];
  call(bind_('mount', I32, types), [source ?? 0, target, fstype ?? 0, flags, data ?? 0], target);
}

/** umount2(2) */
export function umount2(target: string, flags: number): void {
  call(UMOUNT2, [target, flags], target);
}

/** ioctl(2) whose argument points at `arg` (read and written in place). */
export function ioctl(fd: number, request: number, arg: Buffer): number {
  return call(IOCTL_PTR, [fd, request, arg]);
}

/** ioctl(2) whose argument is an integer value (TUNSETPERSIST, TUNSETOWNER, ...). */
export function ioctlInt(fd: number, request: number, value: number): number {
  return call(IOCTL_INT, [fd, request, value]);
}

/** eventfd(2) */
export function eventfd(initval: number, flags: number): number {
  return call(EVENTFD, [initval, flags]);
}

/**
 * The address of a Buffer's bytes, for system calls that take structs of
 * pointers (struct msghdr, struct iovec, struct mmsghdr). ffi-rs passes a
 * Buffer by pointer, and memmove(dst, dst, 0) returns dst: so the address
 * is libc's own answer. The Buffer must stay referenced while the kernel
 * may use the address; its backing store does not move once handed to
 * native code (V8 moves an on-heap typed array off the heap for good).
 */
export function addressOf(buf: Buffer): bigint {
  MEMMOVE_ADDR.paramsValue = [buf, buf, 0];
  return BigInt((load(MEMMOVE_ADDR as never) as unknown as { value: number }).value);
}

/**
 * recvmmsg(2): receive up to `vlen` datagrams in one call into an array of
 * struct mmsghdr that the caller built with addressOf(). Returns how many
 * arrived. With MSG_DONTWAIT it returns what is queued, without waiting.
 */
export function recvmmsg(fd: number, mmsghdrs: Buffer, vlen: number, flags: number): number {
  const at = pointerOf(mmsghdrs);
  return at === undefined ? call(RECVMMSG, [fd, mmsghdrs, vlen, flags, 0]) : call(RECVMMSG_AT, [fd, at, vlen, flags, 0]);
}

/** gettid(2): the calling thread's id (equal to the pid on Node's main thread). */
export function gettid(): number {
  return call(GETTID, []);
}

/**
 * fchdir(2): make the directory behind `fd` the calling thread's working
 * directory. setns(CLONE_NEWNS) moves the thread to the new namespace's root
 * directory; netns exec uses this to come back to where it was.
 */
export function fchdir(fd: number): void {
  call(FCHDIR, [fd]);
}

/**
 * signal(2) with SIG_DFL: give `signo` its default action again (Node
 * ignores SIGPIPE and handles SIGUSR1 itself), so re-raising a child's
 * fatal signal on ourselves ends us the same way.
 */
export function defaultSignal(signo: number): void {
  call(SIGNAL, [signo, 0 /* SIG_DFL */]);
}

/** clock_gettime(2) of `clockid` (0 CLOCK_REALTIME, 1 CLOCK_MONOTONIC), in nanoseconds. */
export function clockGettimeNs(clockid: number): bigint {
  const ts = Buffer.alloc(16);
  call(CLOCK_GETTIME, [clockid, ts]);
  return ts.readBigInt64LE(0) * 1_000_000_000n + ts.readBigInt64LE(8);
}
