// NLM_F_DUMP_INTR, provoked for real: dump a link's IPv4 addresses while
// another process adds and removes addresses on it in a loop, and show that
// tsip sees the flag, that what it retries to is consistent, and that it
// agrees with ip once the churn stops.
//
//   node --import tsx scripts/dump-intr.ts                 3,000 addresses, 10 s of churn
//   node --import tsx scripts/dump-intr.ts --addresses 1000 --seconds 3 --json
//   node --import tsx scripts/dump-intr.ts --pause-ms 1      a gentler churn (a pause between rotations)
//
// Needs root; everything happens in a fresh namespace, deleted at the end.
//
// The link holds BASE addresses 10.1.x.y/32. The churner rotates them: it
// deletes the address at the front of the link's list and adds it again,
// which puts it at the back. So a consistent snapshot holds BASE or BASE-1
// addresses (one may be between its delete and its add), none twice. A
// dump spans many datagrams (the kernel fills about 32 KiB at a time) and
// resumes each one at an index into the list; when an address before that
// index goes, the rest shift and one is skipped, and one re-added at the
// back may be read twice. The kernel then marks the rest NLM_F_DUMP_INTR.
//
// Three ways of dumping, in turn, while the churn runs:
//   raw     dumpRetries 0: every attempt is kept (DumpInterruptedError.partial
//           for the interrupted ones), to see what interruption does;
//   tsip    the default (5 retries): what callers get;
//   ip      ip -j -4 addr show dev di0, for comparison: it prints what it
//           read, with "Dump was interrupted and may be inconsistent." on stderr.
// Each result is checked against the invariant.

import { spawn, spawnSync } from 'node:child_process';
import { AF_INET, NLM_F_DUMP_INTR } from '../src/netlink/constants.js';
import { DumpInterruptedError } from '../src/netlink/errors.js';
import { splitMessages } from '../src/netlink/nlmsghdr.js';
import { address, RTM } from '../src/netlink/rtnl/index.js';
import { decodeBody, encodeBody } from '../src/netlink/schema.js';
import type { NetlinkSocket } from '../src/netlink/socket.js';
import { addAddress, deleteAddress, listAddresses } from '../src/ops/address.js';
import { openRtnl } from '../src/ops/context.js';
import { addLink } from '../src/ops/link.js';
import { addNetns, deleteNetns } from '../src/ops/netns.js';
import { execFileSync } from 'node:child_process';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const baseAddr = (i: number) => `10.1.${(i >> 8) & 0xff}.${i & 0xff}/32`;

/* ---- the churner (a child process) ---- */
if (process.argv[2] === '--churn') {
  const ns = process.argv[3]!;
  const base = Number(process.argv[4]);
  const pauseMs = Number(process.argv[5] ?? 0);
  const sock = openRtnl({ netns: ns });
  // the link's list, front first, as the kernel keeps it: added in order, each re-add at the back
  const order = Array.from({ length: base }, (_, i) => baseAddr(i));
  let ops = 0;
  let stop = false;
  process.on('SIGTERM', () => {
    stop = true;
  });
  while (!stop) {
    const a = order.shift()!;
    await deleteAddress({ dev: 'di0', address: a }, { socket: sock });
    await addAddress({ dev: 'di0', address: a }, { socket: sock });
    order.push(a);
    ops += 2;
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    else if ((ops & 127) === 0) await new Promise((r) => setImmediate(r)); // let SIGTERM in
  }
  sock.close();
  process.stdout.write(`${JSON.stringify({ churnOps: ops })}\n`);
  process.exit(0);
}

/* ---- the experiment ---- */
const BASE = arg('addresses', 3000);
const SECONDS = arg('seconds', 10);
/** the churner's pause between rotations (0: as fast as it can) */
const PAUSE_MS = arg('pause-ms', 0);
const JSON_OUT = process.argv.includes('--json');
const ns = `tsip-di-${process.pid}`;

interface Check {
  total: number;
  distinct: number;
  duplicates: number;
  consistent: boolean;
}
function check(addrs: string[]): Check {
  const distinct = new Set(addrs).size;
  const duplicates = addrs.length - distinct;
  return { total: addrs.length, distinct, duplicates, consistent: (distinct === BASE || distinct === BASE - 1) && duplicates === 0 };
}

/** One IPv4 address dump of di0's namespace; the IFA_LOCALs. */
const dumpOnce = (sock: NetlinkSocket) => sock.dump(RTM.RTM_GETADDR, 0, (w) => encodeBody(address, { ifa_family: AF_INET }, w),
  (m) => decodeBody<{ ifa_index: number }>(address, m.buf, m.start, m.end).attrs.IFA_LOCAL as string);

const report = {
  base: BASE, seconds: SECONDS, pauseMs: PAUSE_MS, churnOps: 0, datagramsPerDump: 0,
  raw: { attempts: 0, interrupted: 0, interruptedInconsistent: 0, cleanInconsistent: 0, examples: [] as Check[] },
  tsip: { dumps: 0, intrFlagsSeen: 0, dumpsThatRetried: 0, retries: 0, gaveUp: 0, inconsistent: 0, maxRetries: 0 },
  tsipDev: { dumps: 0, gaveUp: 0, inconsistent: 0 },
  ip: { runs: 0, warned: 0, inconsistent: 0, inconsistentWithoutWarning: 0, exitStatuses: {} as Record<string, number> },
  afterChurn: { tsip: 0, ip: 0, same: false },
};

await addNetns(ns);
try {
  await addLink({ kind: 'ifb', name: 'di0', up: true }, { netns: ns });
  const setup = openRtnl({ netns: ns });
  const t0 = performance.now();
  for (let i = 0; i < BASE; i++) await addAddress({ dev: 'di0', address: baseAddr(i) }, { socket: setup });
  setup.close();
  if (!JSON_OUT) console.log(`${BASE} addresses added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Counting what the kernel flags: every reply datagram passes the trace hook.
  let flagged = 0;
  let datagrams = 0;
  const trace = (dir: 'request' | 'reply', bytes: Buffer) => {
    if (dir !== 'reply') return;
    datagrams++;
    for (const m of splitMessages(bytes)) if (m.hdr.nlmsg_flags & NLM_F_DUMP_INTR) flagged++;
  };
  const raw = openRtnl({ netns: ns, dumpRetries: 0 });
  const normal = openRtnl({ netns: ns, trace });
  // a dump's size, before the churn
  datagrams = 0;
  dumpOnce(normal);
  report.datagramsPerDump = datagrams;

  const churner = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--churn', ns, String(BASE), String(PAUSE_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let churnOut = '';
  churner.stdout.on('data', (d) => (churnOut += d));
  await new Promise((r) => setTimeout(r, 300)); // let it start
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end) {
    // raw: one attempt, kept whatever it is
    report.raw.attempts++;
    try {
      const c = check(dumpOnce(raw));
      if (!c.consistent) report.raw.cleanInconsistent++;
    } catch (e) {
      if (!(e instanceof DumpInterruptedError)) throw e;
      report.raw.interrupted++;
      const c = check(e.partial as string[]);
      if (!c.consistent) {
        report.raw.interruptedInconsistent++;
        if (report.raw.examples.length < 5) report.raw.examples.push(c);
      }
    }
    // tsip's dump, with its retries
    report.tsip.dumps++;
    const before = flagged;
    let sent = 0;
    const sends = (normal as unknown as { send: NetlinkSocket['send'] });
    const orig = sends.send.bind(normal);
    sends.send = (...a: Parameters<NetlinkSocket['send']>) => {
      sent++;
      return orig(...a);
    };
    try {
      const c = check(dumpOnce(normal));
      if (!c.consistent) report.tsip.inconsistent++;
    } catch (e) {
      if (!(e instanceof DumpInterruptedError)) throw e;
      report.tsip.gaveUp++;
    } finally {
      sends.send = orig;
    }
    if (flagged > before) report.tsip.intrFlagsSeen += flagged - before;
    if (sent > 1) {
      report.tsip.dumpsThatRetried++;
      report.tsip.retries += sent - 1;
      report.tsip.maxRetries = Math.max(report.tsip.maxRetries, sent - 1);
    }
    // tsip's listAddresses({ dev }), what ip addr show dev asks for
    report.tsipDev.dumps++;
    try {
      const c = check((await listAddresses({ netns: ns, dev: 'di0', family: 'inet' })).map((a) => a.local!));
      if (!c.consistent) report.tsipDev.inconsistent++;
    } catch (e) {
      if (!(e instanceof DumpInterruptedError)) throw e;
      report.tsipDev.gaveUp++;
    }
    // ip, the same dump
    const r = spawnSync('ip', ['-n', ns, '-j', '-4', 'addr', 'show', 'dev', 'di0'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    report.ip.runs++;
    report.ip.exitStatuses[String(r.status)] = (report.ip.exitStatuses[String(r.status)] ?? 0) + 1;
    const warned = r.stderr.includes('Dump was interrupted and may be inconsistent.');
    if (warned) report.ip.warned++;
    try {
      const c = check((JSON.parse(r.stdout) as Array<{ addr_info: Array<{ local: string }> }>).flatMap((l) => l.addr_info.map((a) => a.local)));
      if (!c.consistent) {
        report.ip.inconsistent++;
        if (!warned) report.ip.inconsistentWithoutWarning++;
      }
    } catch {
      report.ip.inconsistent++; // not even JSON
    }
    await new Promise((r) => setImmediate(r));
  }
  churner.kill('SIGTERM');
  await new Promise((r) => churner.once('exit', r));
  report.churnOps = (JSON.parse(churnOut.trim() || '{"churnOps":0}') as { churnOps: number }).churnOps;
  raw.close();
  normal.close();

  // After the churn: tsip's view and ip's, the same addresses.
  const mine = (await listAddresses({ netns: ns, dev: 'di0', family: 'inet' })).map((a) => a.local!).sort();
  const theirs = (JSON.parse(execFileSync('ip', ['-n', ns, '-j', '-4', 'addr', 'show', 'dev', 'di0'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Array<{ addr_info: Array<{ local: string }> }>)
    .flatMap((l) => l.addr_info.map((a) => a.local)).sort();
  report.afterChurn = { tsip: mine.length, ip: theirs.length, same: JSON.stringify(mine) === JSON.stringify(theirs) };
} finally {
  await deleteNetns(ns);
}

if (JSON_OUT) {
  console.log(JSON.stringify(report));
} else {
  const r = report;
  console.log(`churn: ${r.churnOps} address adds/deletes in ${r.seconds} s (pause ${r.pauseMs} ms); a dump of ${r.base - 1}-${r.base} addresses spans ${r.datagramsPerDump} datagrams`);
  console.log(`raw attempts (no retry): ${r.raw.attempts}, flagged NLM_F_DUMP_INTR: ${r.raw.interrupted} (${((100 * r.raw.interrupted) / r.raw.attempts).toFixed(0)}%), of which inconsistent: ${r.raw.interruptedInconsistent}; unflagged but inconsistent: ${r.raw.cleanInconsistent}`);
  for (const e of r.raw.examples) console.log(`  e.g. an interrupted attempt: ${e.total} entries, ${e.distinct} distinct of ${r.base}, ${e.duplicates} read twice`);
  console.log(`tsip dumps (5 retries): ${r.tsip.dumps}; DUMP_INTR flags seen ${r.tsip.intrFlagsSeen}; dumps that retried ${r.tsip.dumpsThatRetried} (${r.tsip.retries} retries, at most ${r.tsip.maxRetries} in one); gave up ${r.tsip.gaveUp}; inconsistent results returned ${r.tsip.inconsistent}`);
  console.log(`tsip listAddresses({ dev }): ${r.tsipDev.dumps} dumps, gave up ${r.tsipDev.gaveUp}, inconsistent results returned ${r.tsipDev.inconsistent}`);
  console.log(`ip -j -4 addr show (for comparison): ${r.ip.runs} runs, warned "Dump was interrupted" ${r.ip.warned}, printed an inconsistent list ${r.ip.inconsistent} (${r.ip.inconsistentWithoutWarning} without the warning); exit statuses ${JSON.stringify(r.ip.exitStatuses)}`);
  console.log(`after the churn: tsip lists ${r.afterChurn.tsip} addresses, ip ${r.afterChurn.ip}: ${r.afterChurn.same ? 'the same' : 'DIFFERENT'}`);
}
