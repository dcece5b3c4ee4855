// Where the time of one lock-step request goes: the same route add done
// through the op (addRoute), through NetlinkSocket.request with the body
// encoded by the schema, and with prebuilt bytes; each phase N times.
// Run as root: creates and removes its own namespace.
import { execFileSync } from 'node:child_process';
import { addRoute } from '../../src/ops/route.js';
import { openRtnl } from '../../src/ops/context.js';
import { RTM } from '../../src/netlink/rtnl/constants.js';
import { route } from '../../src/netlink/rtnl/route.js';
import { encodeBody } from '../../src/netlink/schema.js';
import { NLM_F_CREATE, NLM_F_EXCL } from '../../src/netlink/constants.js';

const N = Number(process.env.N ?? 3000);
const ns = `tsip-micro-${process.pid}`;
const ip = (...a: string[]) => execFileSync('ip', a, { encoding: 'utf8' });
ip('netns', 'add', ns);
try {
  ip('-n', ns, 'link', 'add', 'd0', 'type', 'ifb');
  ip('-n', ns, 'link', 'set', 'd0', 'up');
  const sock = openRtnl({ netns: ns });
  const idx = Number(JSON.parse(ip('-n', ns, '-j', 'link', 'show', 'd0'))[0].ifindex);
  const dst = (base: number, i: number) => `198.${18 + base}.${(i >> 8) & 255}.${i & 255}`;
  const time = async (name: string, fn: (i: number) => unknown) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await fn(i);
    const us = Number(process.hrtime.bigint() - t0) / N / 1000;
    console.log(`${name.padEnd(52)} ${us.toFixed(1)} µs/request`);
  };
  await time('addRoute (op, dev by name, reused socket)', (i) => addRoute({ dst: `${dst(0, i)}/32`, dev: 'd0', table: 100 }, { socket: sock }));
  await time('addRoute (op, dev by index, reused socket)', (i) => addRoute({ dst: `${dst(1, i)}/32`, dev: idx, table: 100 }, { socket: sock }));
  const body = (i: number) => ({ rtm_family: 2, rtm_dst_len: 32, rtm_table: 100, rtm_protocol: 3, rtm_scope: 253, rtm_type: 1, attrs: { RTA_DST: dst(2, i), RTA_OIF: idx } });
  await time('sock.request + encodeBody', (i) => sock.request(RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, (w) => encodeBody(route, body(i), w)));
  await time('sock.request, hand-written bytes', (i) => sock.request(RTM.RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, (w) => {
    const at = w.reserve(12 + 8 + 8);
    const b = w.buf;
    b[at] = 2; b[at + 1] = 32; b[at + 4] = 100; b[at + 5] = 3; b[at + 6] = 253; b[at + 7] = 1;
    b.writeUInt32LE(0x00010008, at + 12); b[at + 16] = 198; b[at + 17] = 21; b[at + 18] = (i >> 8) & 255; b[at + 19] = i & 255;
    b.writeUInt32LE(0x00040008, at + 20); b.writeUInt32LE(idx, at + 24);
  }));
  sock.close();
} finally {
  ip('netns', 'del', ns);
}
