// User-space cost of the pieces of a route add and a route dump, per item,
// without any system call: checking a spec, building the message, encoding
// it, decoding a dumped route, the typed view.
import { checkRoute, routeMessage } from '../../src/ops/route-spec.js';
import { route } from '../../src/netlink/rtnl/route.js';
import { decodeBody, encodeBody } from '../../src/netlink/schema.js';
import { Writer } from '../../src/netlink/nlattr.js';
import { writeMessage, splitMessages } from '../../src/netlink/nlmsghdr.js';
import { routeView } from '../../src/ops/route-view.js';
import { parseIPv4 } from '../../src/netlink/inet.js';
import { parseInetPrefix } from '../../src/ops/validate.js';

const N = Number(process.env.N ?? 100_000);
function bench(name: string, fn: (i: number) => unknown): void {
  for (let i = 0; i < 10000; i++) fn(i);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < N; i++) fn(i);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / N / 1000);
  }
  console.log(`${name.padEnd(48)} ${best.toFixed(3)} µs/item`);
}
const dsts = Array.from({ length: N }, (_, i) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}/32`);
const specs = dsts.map((dst) => ({ dst, dev: 'd0', table: 100 }));
bench('parseIPv4', (i) => parseIPv4(dsts[i]!.slice(0, -3)));
bench('parseInetPrefix', (i) => parseInetPrefix(dsts[i]!));
bench('checkRoute', (i) => checkRoute(specs[i]!, 'new'));
const checked = specs.map((s) => checkRoute(s, 'new'));
bench('routeMessage', (i) => routeMessage(checked[i]!, () => 5));
const bodies = checked.map((c) => routeMessage(c, () => 5));
const w = new Writer(1 << 20);
bench('writeMessage(encodeBody)', (i) => { if (w.off > (1 << 20) - 256) w.off = 0; writeMessage(w, 24, 0x605, i, 0, (x) => encodeBody(route, bodies[i]!, x)); });
// a dump as the kernel sends it: encode 10k routes with the fields the kernel adds
w.off = 0;
for (let i = 0; i < 10000; i++) writeMessage(w, 24, 2, 1, 0, (x) => encodeBody(route, { ...bodies[i]!, rtm_table: 100, attrs: { RTA_TABLE: 100, RTA_DST: bodies[i]!.attrs!.RTA_DST, RTA_OIF: 5 } }, x));
const dump = w.take();
const msgs = splitMessages(dump);
bench('splitMessages (per message)', (i) => { if (i % 10000 === 0) splitMessages(dump); });
bench('decodeBody(route)', (i) => { const m = msgs[i % 10000]!; return decodeBody(route, m.buf, m.start, m.end); });
const decoded = msgs.map((m) => decodeBody(route, m.buf, m.start, m.end));
bench('routeView', (i) => routeView(decoded[i % 10000] as never));
