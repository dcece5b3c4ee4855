// The one module that imports ffi-rs: every system call tsip makes goes
// through here, so the FFI stays contained, countable and replaceable (tests
// above this layer run against a fake kernel).
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
// - Each binding is a reused literal handed to load(): measured at about
//   1.5 µs a call against 3.7 µs through define().
// - ffi-rs must be loaded on the main thread first (a worker that loads it
//   first crashes the process when it exits), and close() is never called.

import { DataType, load, open } from 'ffi-rs';
import { OsError } from './errors.js';

const LIB = 'libc';
open({ library: LIB, path: 'libc.so.6' });

interface Binding {
  library: string;
  funcName: string;
  retType: DataType;
  paramsType: DataType[];
  paramsValue: unknown[];
  errno: true;
}

function bind_(funcName: string, retType: DataType, paramsType: DataType[]): Binding {
  return { library: LIB, funcName, retType, paramsType, paramsValue: [], errno: true };
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

const { I32, I64, U32, U64, U8Array, String: Str } = DataType;

const SOCKET = bind_('socket', I32, [I32, I32, I32]);
const BIND = bind_('bind', I32, [I32, U8Array, I32]);
const CONNECT = bind_('connect', I32, [I32, U8Array, I32]);
const GETSOCKNAME = bind_('getsockname', I32, [I32, U8Array, U8Array]);
const SETSOCKOPT = bind_('setsockopt', I32, [I32, I32, I32, U8Array, I32]);
const GETSOCKOPT = bind_('getsockopt', I32, [I32, I32, I32, U8Array, U8Array]);
const SEND = bind_('sendto', I64, [I32, U8Array, U64, I32, I64, I32]);
const SENDTO = bind_('sendto', I64, [I32, U8Array, U64, I32, U8Array, I32]);
const RECV = bind_('recvfrom', I64, [I32, U8Array, U64, I32, I64, I64]);
const RECVFROM = bind_('recvfrom', I64, [I32, U8Array, U64, I32, U8Array, U8Array]);
const RECVMSG = bind_('recvmsg', I64, [I32, U8Array, I32]);
const CLOSE = bind_('close', I32, [I32]);
const POLL = bind_('poll', I32, [U8Array, U64, I32]);
const SETNS = bind_('setns', I32, [I32, I32]);
const UNSHARE = bind_('unshare', I32, [I32]);
const UMOUNT2 = bind_('umount2', I32, [Str, I32]);
const IOCTL_PTR = bind_('ioctl', I32, [I32, U64, U8Array]);
const IOCTL_INT = bind_('ioctl', I32, [I32, U64, I64]);
const EVENTFD = bind_('eventfd', I32, [I32, I32]);
const GETTID = bind_('gettid', I32, []);
const CLOCK_GETTIME = bind_('clock_gettime', I32, [I32, U8Array]);
const MEMMOVE_ADDR = bind_('memmove', U64, [U8Array, U8Array, U64]);
const RECVMMSG = bind_('recvmmsg', I32, [I32, U8Array, U32, I32, I64]);
const FCHDIR = bind_('fchdir', I32, [I32]);
const SIGNAL = bind_('signal', I64, [I32, I64]);

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

/** sendto(2) with no destination (the socket's default, for netlink the kernel). */
export function send(fd: number, buf: Buffer, flags = 0): number {
  return call(SEND, [fd, buf, buf.length, flags, 0, 0]);
}

/** sendto(2) to `addr`, a whole sockaddr. */
export function sendto(fd: number, buf: Buffer, flags: number, addr: Buffer): number {
  return call(SENDTO, [fd, buf, buf.length, flags, addr, addr.length]);
}

/**
 * recvfrom(2) into `buf`, without the source address. With MSG_TRUNC in
 * `flags` the result is the datagram's real length, which may exceed `buf`.
 */
export function recv(fd: number, buf: Buffer, flags = 0): number {
  return call(RECV, [fd, buf, buf.length, flags, 0, 0]);
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
    library: LIB, funcName: 'poll', retType: I32, paramsType: [U8Array, U64, I32],
    paramsValue: [fds, fds.length / 8, timeoutMs], errno: true, runInNewThread: true,
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
  const types = [source === null ? I64 : Str, Str, fstype === null ? I64 : Str, U64, data === null ? I64 : Str];
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
  return call(RECVMMSG, [fd, mmsghdrs, vlen, flags, 0]);
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
