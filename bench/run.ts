// tsip's benchmark suite, side by side with iproute2 and (when installed)
// pyroute2, all in the same run. `npm run bench` (add `-- --quick` for a
// short run). Root only: every workload runs in a fresh network namespace,
// removed afterwards (also on failure or Ctrl-C). bench/README.md has the
// last run's table and what each workload does.
//
//   --quick          small counts, 1 repetition
//   --reps N         repetitions (default 3; medians are reported)
//   --only W1,W3     some workloads (W1..W6)
//   --peers a,b      some peers (iproute2, iproute2-group, tsip, tsip-each, tsip-cli, pyroute2)
//   --json FILE      also write every sample (default bench/results/last.json)
//
// Each phase of each peer runs in a fresh process, as iproute2 does: tsip's
// library phases in bench/worker.mjs (the built dist/, timed around the
// call alone, as ../shared/peer-bench times every library), iproute2 and
// the tsip CLI as whole processes (bench/lib/timeit.py: fork to reap, rusage,
// peak RSS). Absolute times drift on a shared machine; ratios to iproute2
// from the same run hold, so that is what the table is about.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshNetns, ip, removeNetns, removeStale } from './lib/ns.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const PY = '/usr/bin/python3';
const NODE = process.execPath;
const TSIP = join(ROOT, 'dist/cli/bin.cjs');
const TABLE = 100;
const GROUP = 77;

/* ---- options ---- */

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('--quick');
const reps = Number(value('--reps') ?? (quick ? 1 : 3));
const only = value('--only')?.split(',');
const wantPeers = value('--peers')?.split(',');
const jsonOut = value('--json') ?? join(HERE, 'results', 'last.json');
const N = quick
  ? { links: 200, veth: 50, routes: 2000, addrs: 1000, big: 20000, starts: 5 }
  : { links: 1000, veth: 200, routes: 10000, addrs: 5000, big: 100000, starts: 15 };

/* ---- samples ---- */

interface Sample {
  ok: boolean;
  /** seconds: the phase (library peers) or the whole process (iproute2, tsip CLI) */
  wall?: number;
  user?: number;
  sys?: number;
  /** KiB: peak resident set */
  rss?: number;
  count?: number;
  /** dumps through ip -j: JSON.parse in node, seconds, and that process's peak RSS */
  parse?: number;
  parseRss?: number;
  error?: string;
}

type Phase = 'links.create' | 'links.delete' | 'veth.create' | 'routes.add' | 'routes.dump' | 'addrs.add' | 'addrs.dump'
  | 'big.dump' | 'big.list' | 'startup';
const samples: Array<{ rep: number; workload: string; phase: Phase; peer: string; n: number } & Sample> = [];

function lastJson(text: string): Record<string, any> | undefined {
  for (const line of text.trim().split('\n').reverse()) {
    if (line.startsWith('{')) {
      try {
        return JSON.parse(line);
      } catch {
        /* not this one */
      }
    }
  }
  return undefined;
}

/** A whole process, timed by timeit.py; stdout to `out` (or dropped). */
function timeit(args: string[], out = '-', env?: NodeJS.ProcessEnv): Sample & { stderr: string } {
  const r = spawnSync(PY, [join(HERE, 'lib/timeit.py'), out, '--', ...args], { encoding: 'utf8', env: env ?? process.env, maxBuffer: 1 << 26 });
  const t = lastJson(r.stdout);
  if (!t) return { ok: false, error: `timeit: ${r.stderr.slice(-500)}`, stderr: r.stderr };
  const ok = t.rc === 0;
  return { ok, wall: t.wall, user: t.user, sys: t.sys, rss: t.maxrss, stderr: r.stderr, ...(ok ? {} : { error: r.stderr.slice(-500) || `exit ${t.rc}` }) };
}

/** A phase in a worker process that times itself (protocol of ../shared/peer-bench). */
function worker(args: string[], env?: NodeJS.ProcessEnv): Sample {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const j = lastJson(r.stdout);
  if (!j) return { ok: false, error: `exit ${r.status}: ${(r.stderr || r.stdout).slice(-800)}` };
  if (!j.ok) return { ok: false, error: String(j.error).slice(0, 800) };
  return { ok: true, wall: j.wall_s, user: j.user_s, sys: j.sys_s, count: j.count, rss: j.extra?.vmhwm_kb };
}

/* ---- inputs: those of ../shared/peer-bench ---- */

const routeDst = (i: number) => `198.${18 + ((i >> 16) & 1)}.${(i >> 8) & 255}.${i & 255}/32`;
const addrIp = (i: number) => `10.77.${((i + 1) >> 8) & 255}.${(i + 1) & 255}/16`;
const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

/** The `ip -batch` lines of an add/delete phase (the tsip CLI gets the same file). */
function batchLines(phase: Phase, n: number): string[] {
  switch (phase) {
    case 'links.create': return range(n, (i) => `link add d${i} group ${GROUP} type ifb`);
    case 'links.delete': return range(n, (i) => `link del d${i}`);
    case 'veth.create': return range(n, (i) => `link add va${i} group ${GROUP} type veth peer name vb${i}`);
    case 'routes.add': return range(n, (i) => `route add ${routeDst(i)} dev d0 table ${TABLE}`);
    case 'addrs.add': return range(n, (i) => `addr add ${addrIp(i)} dev d0`);
    default: throw new Error(`no batch for ${phase}`);
  }
}

let scratch = '';
function batchFile(phase: Phase, n: number): string {
  const f = join(scratch, `${phase}.${n}.batch`);
  if (!existsSync(f)) writeFileSync(f, batchLines(phase, n).join('\n') + '\n');
  return f;
}

/* ---- peers ---- */

type Runner = (ns: string, n: number) => Sample;
interface Peer {
  name: string;
  about: string;
  phases: Partial<Record<Phase, Runner>>;
}

function ipDump(args: string[], mode: 'routes' | 'addrs'): Runner {
  return (ns) => {
    const out = join(scratch, `dump-${ns}.json`);
    const r = timeit(['ip', '-n', ns, '-j', ...args], out);
    if (!r.ok) return r;
    const p = worker([NODE, join(HERE, 'json_parse.mjs'), out, mode]);
    rmSync(out, { force: true });
    return { ...r, count: p.count, parse: p.wall, parseRss: p.rss };
  };
}

const viaBatch = (phase: Phase): Runner => (ns, n) => timeit(['ip', '-n', ns, '-batch', batchFile(phase, n)]);
const tsipWorker = (phase: string, env?: NodeJS.ProcessEnv): Runner => (ns, n) => worker([NODE, join(HERE, 'worker.mjs'), phase, ns, String(n)], env);
const tsipCli = (phase: Phase): Runner => (ns, n) => timeit([NODE, TSIP, '-n', ns, '-force', '-batch', batchFile(phase, n)]);
const pyWorker = (phase: string): Runner => (ns, n) => worker(['ip', 'netns', 'exec', ns, PY, join(HERE, 'pyroute2_worker.py'), phase, ns, String(n)]);

function pyroute2Version(): string | undefined {
  const r = spawnSync(PY, ['-c', 'import pyroute2'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  // pyroute2's own __version__ says "unknown" in Debian's build: ask dpkg
  const v = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'python3-pyroute2'], { encoding: 'utf8' });
  return v.status === 0 && v.stdout.trim() ? v.stdout.trim() : 'installed';
}

const pyVersion = pyroute2Version();
const PEERS: Peer[] = [
  {
    name: 'iproute2', about: `${ip('-V').trim()}: \`ip -n NS -batch FILE\` (lock-step, one request and ack at a time); dumps \`ip -n NS -j ...\` + JSON.parse in node`,
    phases: {
      'links.create': viaBatch('links.create'), 'links.delete': viaBatch('links.delete'), 'veth.create': viaBatch('veth.create'),
      'routes.add': viaBatch('routes.add'), 'addrs.add': viaBatch('addrs.add'),
      'routes.dump': ipDump(['route', 'show', 'table', String(TABLE)], 'routes'),
      'addrs.dump': ipDump(['-4', 'addr', 'show', 'dev', 'd0'], 'addrs'),
    },
  },
  {
    name: 'iproute2-group', about: `iproute2, W1's delete as \`ip -n NS link del group ${GROUP}\` (for reference: the same kernel path as tsip's)`,
    phases: { 'links.create': viaBatch('links.create'), 'links.delete': (ns) => timeit(['ip', '-n', ns, 'link', 'del', 'group', String(GROUP)]) },
  },
  {
    name: 'tsip', about: 'tsip library (dist/), bulk ops over NetlinkSocket.batch (pipelined, acks: errors + barrier); W1 delete by group; dumps listRoutes/listAddresses',
    phases: {
      'links.create': tsipWorker('links.create'), 'links.delete': tsipWorker('links.delete'), 'veth.create': tsipWorker('veth.create'),
      'routes.add': tsipWorker('routes.add'), 'routes.dump': tsipWorker('routes.dump'),
      'addrs.add': tsipWorker('addrs.add'), 'addrs.dump': tsipWorker('addrs.dump'),
    },
  },
  {
    name: 'tsip-warm', about: 'tsip library, the dump repeated in the same process: the third run, V8 having optimized the decoders (its add phases are tsip\'s, run to fill its namespace)',
    phases: {
      'routes.add': tsipWorker('routes.add'), 'routes.dump': tsipWorker('routes.dump.warm'),
      'addrs.add': tsipWorker('addrs.add'), 'addrs.dump': tsipWorker('addrs.dump.warm'),
    },
  },
  {
    name: 'tsip-each', about: 'tsip library, pipelined with NLM_F_ACK on every request (ack: "each")',
    phases: {
      'links.create': tsipWorker('links.create', { TSIP_ACK: 'each' }), 'veth.create': tsipWorker('veth.create', { TSIP_ACK: 'each' }),
      'routes.add': tsipWorker('routes.add', { TSIP_ACK: 'each' }), 'addrs.add': tsipWorker('addrs.add', { TSIP_ACK: 'each' }),
    },
  },
  {
    name: 'tsip-cli', about: '`node dist/cli/bin.cjs -n NS -force -batch FILE`, the whole process (node start-up included), the same file as ip',
    phases: {
      'links.create': tsipCli('links.create'), 'veth.create': tsipCli('veth.create'),
      'routes.add': tsipCli('routes.add'), 'addrs.add': tsipCli('addrs.add'),
    },
  },
  ...(pyVersion ? [{
    name: 'pyroute2', about: `pyroute2 ${pyVersion} (Debian python3-pyroute2), IPRoute() under \`ip netns exec\`, one request at a time`,
    phases: {
      'links.create': pyWorker('links.create'), 'links.delete': pyWorker('links.delete'), 'veth.create': pyWorker('veth.create'),
      'routes.add': pyWorker('routes.add'), 'routes.dump': pyWorker('routes.dump'),
      'addrs.add': pyWorker('addrs.add'), 'addrs.dump': pyWorker('addrs.dump'),
    },
  } satisfies Peer] : []),
];
const skipped: string[] = [];
if (!pyVersion) skipped.push(`pyroute2: ${PY} cannot import pyroute2 (apt-get install python3-pyroute2); skipped`);
const peers = PEERS.filter((p) => !wantPeers || wantPeers.includes(p.name));

/* ---- verification (untimed, with ip) ---- */

function observed(phase: Phase, ns: string): number | undefined {
  const lines = (text: string) => text.split('\n').filter((l) => l.trim()).length;
  switch (phase) {
    case 'links.create':
    case 'links.delete':
      return (ip('-n', ns, '-o', 'link', 'show').match(/^\d+: d\d+[:@]/gm) ?? []).length;
    case 'veth.create':
      return (ip('-n', ns, '-o', 'link', 'show').match(/^\d+: va\d+@/gm) ?? []).length;
    case 'routes.add':
      return lines(ip('-n', ns, '-o', 'route', 'show', 'table', String(TABLE)));
    case 'addrs.add':
      return lines(ip('-n', ns, '-o', '-4', 'addr', 'show', 'dev', 'd0'));
    default:
      return undefined;
  }
}

/* ---- workloads ---- */

interface Workload { id: string; d0: boolean; phases: Array<[Phase, number]> }
const WORKLOADS: Workload[] = [
  { id: 'W1', d0: false, phases: [['links.create', N.links], ['links.delete', N.links]] },
  { id: 'W2', d0: false, phases: [['veth.create', N.veth]] },
  { id: 'W3', d0: true, phases: [['routes.add', N.routes], ['routes.dump', N.routes]] },
  { id: 'W4', d0: true, phases: [['addrs.add', N.addrs], ['addrs.dump', N.addrs]] },
];

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function runWorkload(w: Workload, rep: number): void {
  const order = peers.filter((p) => w.phases.some(([ph]) => p.phases[ph]));
  const rot = rep % Math.max(1, order.length);
  for (const peer of [...order.slice(rot), ...order.slice(0, rot)]) {
    const ns = freshNetns(`${w.id}-${peer.name}`, { d0: w.d0 });
    try {
      for (const [phase, n] of w.phases) {
        const run = peer.phases[phase];
        if (!run) continue;
        const s = run(ns, n);
        if (s.ok) {
          const want = phase === 'links.delete' ? 0 : n;
          const got = s.count !== undefined && phase.endsWith('.dump') ? s.count : observed(phase, ns);
          if (got !== undefined && got !== want) Object.assign(s, { ok: false, error: `count ${got}, expected ${want}` });
        }
        samples.push({ rep, workload: w.id, phase, peer: peer.name, n, ...s });
        process.stderr.write(`  ${w.id} ${phase.padEnd(13)} ${peer.name.padEnd(15)} ${s.ok ? `${ms(s.wall! + (s.parse ?? 0))} ms` : `FAIL ${s.error?.split('\n')[0]}`}\n`);
        if (!s.ok) break;
      }
    } finally {
      removeNetns(ns);
      sleep(200);
    }
  }
}

/** W5: start-up, `tsip link show` against `ip link show` and `node -e ''`, interleaved. */
function runStartup(rep: number): void {
  const ns = freshNetns('W5', { d0: true });
  try {
    const runs: Array<[string, string[]]> = [
      ['iproute2', ['ip', '-n', ns, 'link', 'show']],
      ['tsip', [NODE, TSIP, '-n', ns, 'link', 'show']],
      ['node', [NODE, '-e', '']],
    ];
    for (let k = 0; k < N.starts; k++) {
      for (const [peer, args] of runs) {
        const s = timeit(args);
        samples.push({ rep, workload: 'W5', phase: 'startup', peer, n: 1, ...s });
      }
    }
    process.stderr.write(`  W5 startup: ${runs.map(([p]) => `${p} ${ms(median(pick('W5', 'startup', p, rep)))} ms`).join(', ')}\n`);
  } finally {
    removeNetns(ns);
  }
}

/** W6: a 100,000-route dump, with peak RSS: ip -j (+ JSON.parse), tsip's stream and list, pyroute2. */
function runBigDump(rep: number): void {
  const ns = freshNetns('W6', { d0: true });
  try {
    const setup = worker([NODE, join(HERE, 'worker.mjs'), 'routes.add', ns, String(N.big)]);
    const have = observed('routes.add', ns);
    if (!setup.ok || have !== N.big) throw new Error(`W6 setup: ${setup.error ?? `${have} routes`}`);
    const runs: Array<[string, Phase, Runner]> = [
      ['iproute2', 'big.dump', ipDump(['route', 'show', 'table', String(TABLE)], 'routes')],
      ['tsip', 'big.dump', tsipWorker('routes.stream')],
      ['tsip', 'big.list', tsipWorker('routes.dump')],
      ...(pyVersion && (!wantPeers || wantPeers.includes('pyroute2')) ? [['pyroute2', 'big.dump', pyWorker('routes.dump')] as [string, Phase, Runner]] : []),
    ];
    for (const [peer, phase, run] of runs) {
      if (wantPeers && !wantPeers.includes(peer)) continue;
      const s = run(ns, N.big);
      if (s.ok && s.count !== N.big) Object.assign(s, { ok: false, error: `count ${s.count}, expected ${N.big}` });
      samples.push({ rep, workload: 'W6', phase, peer, n: N.big, ...s });
      process.stderr.write(`  W6 ${phase} ${peer.padEnd(9)} ${s.ok ? `${ms(s.wall! + (s.parse ?? 0))} ms, ${mb(Math.max(s.rss ?? 0, s.parseRss ?? 0))} MB` : `FAIL ${s.error}`}\n`);
    }
  } finally {
    removeNetns(ns);
  }
}

/* ---- report ---- */

const ms = (s: number | undefined) => (s === undefined ? '-' : (s * 1000).toFixed(s < 0.01 ? 2 : 1));
const mb = (kb: number | undefined) => (kb === undefined ? '-' : (kb / 1024).toFixed(0));
function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1]! + s[m]!) / 2;
}
/** The phase's cost as compared: wall, plus JSON.parse for an ip -j dump. */
const cost = (s: Sample) => s.wall! + (s.parse ?? 0);
function pick(workload: string, phase: Phase, peer: string, rep?: number, f: (s: Sample) => number = cost): number[] {
  return samples.filter((s) => s.ok && s.workload === workload && s.phase === phase && s.peer === peer && (rep === undefined || s.rep === rep)).map(f);
}
function failed(workload: string, phase: Phase, peer: string): string | undefined {
  return samples.find((s) => !s.ok && s.workload === workload && s.phase === phase && s.peer === peer)?.error;
}

function table(): string {
  const cols = ['iproute2', ...peers.map((p) => p.name).filter((n) => n !== 'iproute2')];
  const out: string[] = [];
  out.push(`| workload | phase | N | ${cols.join(' | ')} |`);
  out.push(`|---|---|---:|${cols.map(() => '---:').join('|')}|`);
  for (const w of WORKLOADS) {
    if (only && !only.includes(w.id)) continue;
    for (const [phase, n] of w.phases) {
      const base = median(pick(w.id, phase, 'iproute2'));
      const cells = cols.map((peer) => {
        const p = PEERS.find((x) => x.name === peer);
        if (!p?.phases[phase]) return '';
        const v = median(pick(w.id, phase, peer));
        if (v === undefined) return failed(w.id, phase, peer) ? 'FAIL' : '-';
        return peer === 'iproute2' || base === undefined ? `${ms(v)} ms` : `${ms(v)} ms (**${(v / base).toFixed(2)}**)`;
      });
      out.push(`| ${w.id} | ${phase}${phase.endsWith('.dump') ? ' + parse' : ''} | ${n} | ${cells.join(' | ')} |`);
    }
  }
  return out.join('\n');
}

function startupTable(): string {
  const m = (peer: string) => median(pick('W5', 'startup', peer));
  const rss = (peer: string) => median(pick('W5', 'startup', peer, undefined, (s) => s.rss ?? 0));
  const node = m('node');
  const rows = ['iproute2', 'tsip', 'node'].map((p) => `| ${p === 'iproute2' ? '`ip link show`' : p === 'tsip' ? '`node dist/cli/bin.cjs link show`' : "`node -e ''`"} | ${ms(m(p))} ms | ${mb(rss(p))} MB | ${p === 'tsip' && node !== undefined && m(p) !== undefined ? `+${ms(m(p)! - node)} ms over node` : ''} |`);
  return ['| W5 start-up | wall (median) | peak RSS | |', '|---|---:|---:|---|', ...rows].join('\n');
}

function bigTable(): string {
  const row = (label: string, phase: Phase, peer: string) => {
    const ss = samples.filter((s) => s.workload === 'W6' && s.phase === phase && s.peer === peer && s.ok);
    if (!ss.length) return `| ${label} | ${failed('W6', phase, peer) ? 'FAIL' : '-'} | | |`;
    const wall = median(ss.map(cost));
    const rss = median(ss.map((s) => Math.max(s.rss ?? 0, s.parseRss ?? 0)));
    const base = median(pick('W6', 'big.dump', 'iproute2'));
    return `| ${label} | ${ms(wall)} ms${base && peer !== 'iproute2' ? ` (**${(wall! / base).toFixed(2)}**)` : ''} | ${mb(rss)} MB | ${ss[0]!.parse !== undefined ? `ip ${mb(median(ss.map((s) => s.rss ?? 0)))} MB, node JSON.parse ${mb(median(ss.map((s) => s.parseRss ?? 0)))} MB` : ''} |`;
  };
  return [
    `| W6: dump ${N.big} routes | wall (×ip+parse) | peak RSS | |`, '|---|---:|---:|---|',
    row('`ip -j route show table 100` + JSON.parse', 'big.dump', 'iproute2'),
    row('tsip streamRouteChunks (streaming)', 'big.dump', 'tsip'),
    row('tsip listRoutes (whole array)', 'big.list', 'tsip'),
    ...(pyVersion ? [row('pyroute2 get_routes', 'big.dump', 'pyroute2')] : []),
  ].join('\n');
}

/* ---- main ---- */

function buildDist(): void {
  const newest = (dir: string): number => {
    let t = 0;
    for (const e of spawnSync('find', [dir, '-name', '*.ts', '-newer', TSIP], { encoding: 'utf8' }).stdout.split('\n')) if (e) t++;
    return t;
  };
  // The CLI is measured as `npm run build` makes it: bin.cjs over the bundle and its code cache.
  const bundled = existsSync(join(ROOT, 'dist/cli/tsip.bundle.cjs'));
  if (!existsSync(TSIP) || !bundled || newest(join(ROOT, 'src')) > 0) {
    process.stderr.write('bench: building dist/ (npm run build)\n');
    spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }
  if (!existsSync(join(ROOT, 'dist/ops/bulk.js'))) throw new Error('dist/ is missing: run npm run build');
}

function main(): void {
  if (process.getuid?.() !== 0) {
    console.error('bench: needs root (it creates network namespaces)');
    process.exit(2);
  }
  buildDist();
  const stale = removeStale();
  if (stale.length) process.stderr.write(`bench: removed ${stale.length} stale namespace(s)\n`);
  scratch = mkdtempSync(join(tmpdir(), 'tsip-bench-'));
  const started = new Date();
  const load0 = loadavg();
  for (const s of skipped) process.stderr.write(`bench: ${s}\n`);
  process.stderr.write(`bench: ${quick ? 'quick' : 'full'} run, ${reps} rep(s), peers ${peers.map((p) => p.name).join(', ')}\n`);
  try {
    for (let rep = 0; rep < reps; rep++) {
      process.stderr.write(`rep ${rep + 1}/${reps}\n`);
      for (const w of WORKLOADS) if (!only || only.includes(w.id)) runWorkload(w, rep);
      if (!only || only.includes('W5')) runStartup(rep);
      if (!only || only.includes('W6')) runBigDump(rep);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const load1 = loadavg();
  const header = [
    `Run ${started.toISOString()} → ${new Date().toISOString()}, ${quick ? 'quick' : 'full'} mode, ${reps} rep(s), medians.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, kernel ${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}, node ${process.version}; load average ${load0.map((x) => x.toFixed(2)).join(' ')} at start, ${load1.map((x) => x.toFixed(2)).join(' ')} at the end.`,
    '',
    'Peers:',
    ...peers.map((p) => `- \`${p.name}\`: ${p.about}`),
    ...skipped.map((s) => `- ${s}`),
    '',
    'Wall time of each phase (bold: the ratio to iproute2 in the same run; lower is better). Dumps: ip\'s time plus node\'s JSON.parse of its output; tsip\'s and pyroute2\'s parse into objects.',
    '',
  ].join('\n');
  const report = [header, table(), '', ...(!only || only.includes('W5') ? [startupTable(), ''] : []), ...(!only || only.includes('W6') ? [bigTable(), ''] : [])].join('\n');
  console.log(report);
  mkdirSync(dirname(jsonOut), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify({ started, quick, reps, N, load: [load0, load1], samples, report }, null, 1));
  process.stderr.write(`bench: samples in ${jsonOut}\n`);
}

main();
