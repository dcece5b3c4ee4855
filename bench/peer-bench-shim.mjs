// tsip in ../shared/peer-bench, through its OURS_MODULE hook (adapters/ours.mjs):
//
//   cd ../shared/peer-bench
//   OURS_MODULE=/work/main/bench/peer-bench-shim.mjs PB_PEERS=iproute2,ours \
//     /usr/bin/python3 bench.py --out /work/main/bench/results/peer-raw.jsonl
//
// (bench/README.md has the command used for its figures.) It imports the
// BUILT library (dist/: run `npm run build` first) and runs each phase as a
// tsip user would: the bulk operations, one pipeline per phase (many
// requests per datagram, answers read with recvmmsg and matched by
// sequence number; only failures answer, plus one barrier per datagram).
// W1's links get a group, and their delete is one RTM_DELLINK for the group
// (one RCU grace period instead of one per link). The harness runs us
// under `ip netns exec NS`, so the socket is opened where we are.
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const { openRtnl, addLinks, addRoutes, addAddresses, deleteLinkGroup, listRoutes, listAddresses } = await import(dist);

const GROUP = 77;

/** A bulk op's results: all ok, or an error naming the first failure. */
function check(results) {
  const bad = results.filter((r) => !r.ok);
  if (bad.length) throw new Error(`${bad.length} of ${results.length} failed; first [${bad[0].error.index}]: ${bad[0].error.message}`);
}

const ip4 = (b) => `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;

export default {
  async open() {
    return openRtnl();
  },
  async close(sock) {
    sock.close();
  },
  async linksCreate(sock, { names, kind }) {
    check(await addLinks(names.map((name) => ({ name, kind, group: GROUP })), { socket: sock }));
  },
  async linksDelete(sock) {
    await deleteLinkGroup(GROUP, { socket: sock });
  },
  async vethCreate(sock, { pairs }) {
    check(await addLinks(pairs.map(([a, b]) => ({ name: a, kind: 'veth', options: { peer: { name: b } } })), { socket: sock }));
  },
  async routesAdd(sock, { dev, table, prefixlen, dsts }) {
    check(await addRoutes(dsts.map((d) => ({ dst: `${ip4(d)}/${prefixlen}`, dev, table })), { socket: sock }));
  },
  async routesDump(sock, { table }) {
    return listRoutes({ table, family: 'inet', socket: sock });
  },
  async addrsAdd(sock, { dev, prefixlen, ips }) {
    check(await addAddresses(ips.map((a) => ({ address: `${ip4(a)}/${prefixlen}`, dev })), { socket: sock }));
  },
  async addrsDump(sock, { dev }) {
    return listAddresses({ dev, family: 'inet', socket: sock });
  },
};
