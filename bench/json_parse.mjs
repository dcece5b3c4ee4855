// The consumer's side of `ip -j`: read ip's JSON output and JSON.parse it in
// Node, as a program using ip would. Prints {"ok","wall_s","count","extra":{vmhwm_kb}}:
// wall_s is JSON.parse alone (the file read is not timed).
//   node bench/json_parse.mjs FILE [addrs]   (addrs: count the addr_info entries of ip -j addr show)
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8');
const t0 = process.hrtime.bigint();
const v = JSON.parse(text || '[]');
const t1 = process.hrtime.bigint();
const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(JSON.stringify({ ok: true, wall_s: Number(t1 - t0) / 1e9, count: process.argv[3] === 'addrs' ? v.reduce((n, l) => n + (l.addr_info?.length ?? 0), 0) : v.length, extra: { vmhwm_kb: hwm ? Number(hwm[1]) : undefined, json_bytes: text.length } }));
