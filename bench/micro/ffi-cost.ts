// ffi-rs per-call costs on this machine (see bench/README.md, "ffi-rs").
// - by number and kind of parameters (ints; Buffers as DataType.U8Array;
//   Buffers as their address passed as an I64),
// - errno: true against false,
// - a reused load() literal, whose U8Array param types ffi-rs rewrites in
//   place on the first call ({ffiTypeTag, type, length}: the first call's
//   length is kept), against a pristine paramsType each call, and define().
// It also checks what the kept length means: nothing for passing (the
// pointer is passed; the callee may use the whole Buffer).
import { DataType, define, load, open } from 'ffi-rs';

open({ library: 'libc', path: 'libc.so.6' });
const { I32, I64, U64, U8Array } = DataType;
const N = Number(process.env.N ?? 100_000);
const rows: Array<[string, number]> = [];

function bench(name: string, fn: () => void): void {
  for (let i = 0; i < 5000; i++) fn();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / N / 1000);
  }
  rows.push([name, best]);
  console.log(`${name.padEnd(64)} ${best.toFixed(2)} µs/call`);
}

const lit = (funcName: string, retType: number, paramsType: number[], paramsValue: unknown[], errno = false) =>
  ({ library: 'libc', funcName, retType, paramsType, paramsValue, ...(errno ? { errno: true } : {}) });

const getpid = lit('getpid', I32, [], []);
const getpidE = lit('getpid', I32, [], [], true);
bench('getpid()                      errno:false', () => { load(getpid as never); });
bench('getpid()                      errno:true', () => { load(getpidE as never); });
const abs1 = lit('abs', I32, [I32], [5]);
bench('abs(int)                      1 int', () => { load(abs1 as never); });
const mm3 = lit('memmove', I64, [I64, I64, U64], [0, 0, 0]);
bench('memmove(0, 0, 0)              3 ints', () => { load(mm3 as never); });
const mm3e = lit('memmove', I64, [I64, I64, U64], [0, 0, 0], true);
bench('memmove(0, 0, 0)              3 ints, errno:true', () => { load(mm3e as never); });
const mm4 = lit('send', I64, [I32, I64, U64, I32], [-1, 0, 0, 0], true);
bench('send(-1, 0, 0, 0)             4 ints, errno:true (EBADF)', () => { load(mm4 as never); });
const st6 = lit('sendto', I64, [I32, I64, U64, I32, I64, I32], [-1, 0, 0, 0, 0, 0], true);
bench('sendto(-1, 0, 0, 0, 0, 0)     6 ints, errno:true (EBADF)', () => { load(st6 as never); });

const big = Buffer.allocUnsafeSlow(65536);
const PT = [U8Array, U8Array, U64];
const mmB = lit('memmove', I64, PT.slice(), [big, big, 0], true);
bench('memmove(buf, buf, 0)          2 U8Array, reused literal', () => { mmB.paramsValue = [big, big, 0]; load(mmB as never); });
const typesAfter = JSON.stringify(mmB.paramsType);
const mmP = lit('memmove', I64, PT, [big, big, 0], true);
bench('memmove(buf, buf, 0)          2 U8Array, pristine types', () => { mmP.paramsType = PT; mmP.paramsValue = [big, big, 0]; load(mmP as never); });
const lib = define({ memmove: { library: 'libc', retType: I64, paramsType: PT } });
bench('memmove(buf, buf, 0)          2 U8Array, define()', () => { lib.memmove([big, big, 0]); });
const s4b = lit('send', I64, [I32, U8Array, U64, I32], [-1, big, 0, 0], true);
bench('send(-1, buf, 0, 0)           1 U8Array + 3 ints, errno:true', () => { s4b.paramsValue = [-1, big, 0, 0]; load(s4b as never); });

// the address of `big`, as libc sees it: memmove(dst, dst, 0) returns dst
const addr = Number((load(lit('memmove', I64, [U8Array, U8Array, U64], [big, big, 0]) as never) as unknown as bigint | number));
const s4p = lit('send', I64, [I32, I64, U64, I32], [-1, addr, 0, 0], true);
bench('send(-1, addr, 0, 0)          address as I64 + 3 ints, errno:true', () => { s4p.paramsValue = [-1, addr, 0, 0]; load(s4p as never); });

console.log(`\nparamsType of a reused literal after its first call: ${typesAfter}`);
// What the kept length means: first call with 16 bytes, then 64 KiB through the same literal.
const small = Buffer.alloc(16);
const cp = lit('memcpy', I64, [U8Array, U8Array, U64], [small, Buffer.alloc(16, 1), 16]);
load(cp as never);
const src = Buffer.alloc(65536, 7), dst = Buffer.alloc(65536);
cp.paramsValue = [dst, src, 65536];
load(cp as never);
console.log(`memcpy of 64 KiB through a literal first used with 16-byte Buffers: ${dst.filter((b) => b === 7).length} bytes arrived; kept type ${JSON.stringify(cp.paramsType[0])}`);
const sub = big.subarray(100, 200);
cp.paramsValue = [sub, Buffer.alloc(100, 9), 100];
load(cp as never);
console.log(`a subarray is written in place (no copy back): ${big[100] === 9 && big[199] === 9}`);
if (process.env.JSON_OUT) console.log(JSON.stringify(rows));
