// tsip's side of the benchmark: one phase in a fresh process, on the built
// library (dist/), as a user of the package runs it.
//
//   node bench/worker.mjs PHASE NETNS COUNT
//
// Prints one JSON line: {"ok":true,"wall_s","user_s","sys_s","count","extra":{...}}.
// The timed part is the phase's call alone: the library is imported, the
// socket open in NETNS and the inputs built before the clock starts (as
// ../shared/peer-bench times every peer). Resolving the link name "d0" is
// inside the call. extra.vmhwm_kb is the process's peak resident set
// (VmHWM), read at the end.
//
// Env: TSIP_ACK=each|errors (the pipeline's answer mode), BENCH_GROUP (the
// link group of W1's links, default 77), BENCH_TABLE (100), BENCH_KIND (ifb).
import { readFileSync } from 'node:fs';

const dist = new URL('../dist/', import.meta.url);
const tsip = await import(new URL('index.js', dist).href);
const { addLinks, addRoutes, addAddresses, deleteLinkGroup, deleteLinks, listRoutes, listAddresses, streamRouteChunks, streamRoutes, openRtnl } = tsip;

const [phase, ns, countText] = process.argv.slice(2);
const count = Number(countText ?? 0);
const TABLE = Number(process.env.BENCH_TABLE ?? 100);
const GROUP = Number(process.env.BENCH_GROUP ?? 77);
const KIND = process.env.BENCH_KIND ?? 'ifb';
const ack = process.env.TSIP_ACK === 'each' ? 'each' : 'errors';
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
// the inputs of ../shared/peer-bench/adapters/node_harness.mjs
const routeDst = (i) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}/32`;
const addrIp = (i) => `10.77.${((i + 1) >> 8) & 255}.${(i + 1) & 255}/16`;

function vmhwm() {
  const m = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : undefined;
}

/** Check a bulk op's results: all ok, else the first failure. */
function allOk(results) {
  const bad = results.filter((r) => !r.ok);
  if (bad.length) throw new Error(`${bad.length} of ${results.length} failed; first: [${bad[0].error.index}] ${bad[0].error.message}`);
  return results.length;
}

const sock = openRtnl({ netns: ns });
const op = { socket: sock, ack };
let body;
switch (phase) {
  case 'noop':
    body = async () => 0;
    break;
  case 'links.create': {
    const specs = range(count, (i) => ({ name: `d${i}`, kind: KIND, group: GROUP }));
    body = async () => allOk(await addLinks(specs, op));
    break;
  }
  case 'links.delete':
    // W1's links were made with group GROUP: one RTM_DELLINK for all of them
    body = async () => { await deleteLinkGroup(GROUP, op); return count; };
    break;
  case 'links.delete.each': {
    const names = range(count, (i) => `d${i}`);
    body = async () => allOk(await deleteLinks(names, op));
    break;
  }
  case 'veth.create': {
    const specs = range(count, (i) => ({ name: `va${i}`, kind: 'veth', options: { peer: { name: `vb${i}` } } }));
    body = async () => allOk(await addLinks(specs, op));
    break;
  }
  case 'routes.add': {
    const specs = range(count, (i) => ({ dst: routeDst(i), dev: 'd0', table: TABLE }));
    body = async () => allOk(await addRoutes(specs, op));
    break;
  }
  case 'routes.dump':
    body = async () => (await listRoutes({ table: TABLE, family: 'inet', socket: sock })).length;
    break;
  case 'routes.stream':
    body = async () => {
      let n = 0;
      for await (const chunk of streamRouteChunks({ table: TABLE, family: 'inet', socket: sock })) n += chunk.length;
      return n;
    };
    break;
  case 'routes.stream.each':
    body = async () => {
      let n = 0;
      for await (const r of streamRoutes({ table: TABLE, family: 'inet', socket: sock })) if (r.dst) n++;
      return n;
    };
    break;
  case 'addrs.add': {
    const specs = range(count, (i) => ({ address: addrIp(i), dev: 'd0' }));
    body = async () => allOk(await addAddresses(specs, op));
    break;
  }
  case 'addrs.dump':
    body = async () => (await listAddresses({ dev: 'd0', family: 'inet', socket: sock })).length;
    break;
  case 'routes.dump.warm':
  case 'addrs.dump.warm': {
    // the same dump twice, untimed, then timed: a long-running program's steady state
    const dump = phase === 'routes.dump.warm'
      ? async () => (await listRoutes({ table: TABLE, family: 'inet', socket: sock })).length
      : async () => (await listAddresses({ dev: 'd0', family: 'inet', socket: sock })).length;
    await dump();
    await dump();
    body = dump;
    break;
  }
  default:
    console.log(JSON.stringify({ ok: false, error: `unknown phase ${phase}` }));
    process.exit(2);
}

const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let n;
try {
  n = await body();
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e?.stack ?? e) }));
  process.exit(1);
}
const t1 = process.hrtime.bigint();
const c1 = process.cpuUsage(c0);
sock.close();
console.log(JSON.stringify({
  ok: true, wall_s: Number(t1 - t0) / 1e9, user_s: c1.user / 1e6, sys_s: c1.system / 1e6, count: n,
  extra: { vmhwm_kb: vmhwm(), ack },
}));
