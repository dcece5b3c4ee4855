// Fuzz the decoder: a million mutated fixtures (by default) through
// splitMessages, decodeError/decodeDone, decodeBody, the trace formatter and
// the encoder, on every core. Each must return or throw DecodeError; the
// engine and its oracle are in ./fuzz-core.ts.
//
//   npx tsx scripts/fuzz.ts                          1,000,000 cases, seed 1
//   npx tsx scripts/fuzz.ts --cases 5000000 --seed 7
//   npx tsx scripts/fuzz.ts --seed 7 --case 123456 --verbose    one case, replayed
//   npx tsx scripts/fuzz.ts --json out.json          the figures, for docs/RELIABILITY.md
//   npx tsx scripts/fuzz.ts --cases 20000 --inject-hang 5000 --hang-seconds 3   the watchdog, tested
//
// Deterministic: a case is a function of (seed, index) alone, whatever the
// number of workers. A worker whose case count stops moving for
// --hang-seconds (default 10) is reported as a hang, with the case it is on.
// Exit status: 0 when every case passed, 1 when any failed or hung.

import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { inspect } from 'node:util';
import { checkCase, corpus, makeCase, newOutcomes, runRange, type Failure, type Outcomes, type RunStats } from './fuzz-core.js';

interface Job {
  seed: number;
  cases: number;
  worker: number;
  workers: number;
  /** per worker: [cases done, unused] */
  progress: SharedArrayBuffer;
  injectHang?: number;
}

/**
 * tsx's hooks serve the main thread only: a worker registers them itself,
 * then imports this file.
 */
const WORKER_ENTRY = new URL(`data:text/javascript,${encodeURIComponent(
  `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`,
)}`);

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (!isMainThread) {
  const job = workerData as Job;
  const progress = new Int32Array(job.progress);
  const r = runRange(job.seed, job.worker, job.cases, job.workers, {
    maxFailures: 50,
    progress: (done) => Atomics.store(progress, job.worker * 2, done),
    // --inject-hang N: case N never returns (a test of the watchdog itself)
    beforeCase: job.injectHang === undefined ? undefined : (i) => {
      if (i === job.injectHang) for (;;);
    },
  });
  parentPort!.postMessage(r);
} else {
  await main();
}

async function main(): Promise<void> {
  const seed = Number(arg('seed', '1'));
  const verbose = process.argv.includes('--verbose');
  const one = arg('case');
  if (one !== undefined) {
    const c = makeCase(seed, Number(one));
    const f = checkCase(c);
    console.log(`seed ${seed} case ${one}: from "${c.from}", mutations ${c.mutations.join(' + ')}, ${c.bytes.length} bytes, also read as ${c.other.name}`);
    if (verbose) console.log(c.bytes.toString('hex'));
    console.log(f ? `FAIL (${f.stage}): ${f.error}` : 'ok: returned or threw DecodeError');
    process.exit(f ? 1 : 0);
  }
  const cases = Number(arg('cases', '1000000'));
  const workers = Math.max(1, Number(arg('workers', String(availableParallelism()))));
  const hangSeconds = Number(arg('hang-seconds', '10'));
  const inject = arg('inject-hang');
  const progress = new SharedArrayBuffer(workers * 2 * 4);
  const counts = new Int32Array(progress);
  console.log(`fuzz: ${cases} cases, seed ${seed}, ${workers} workers, corpus of ${corpus().length} datagrams`);

  const t0 = performance.now();
  const running = new Set<Worker>();
  let hang: string | undefined;
  const results = Array.from({ length: workers }, (_, w) => new Promise<RunStats>((resolve, reject) => {
    const worker = new Worker(WORKER_ENTRY, { workerData: { seed, cases, worker: w, workers, progress, injectHang: inject === undefined ? undefined : Number(inject) } satisfies Job });
    running.add(worker);
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      running.delete(worker);
      if (code !== 0) reject(new Error(`worker ${w} exited with ${code}`));
    });
  }));

  // Progress, and the watchdog: a case that never returns is a hang.
  const last = new Array<number>(workers).fill(-1);
  const since = new Array<number>(workers).fill(Date.now());
  const timer = setInterval(() => {
    let done = 0;
    for (let w = 0; w < workers; w++) {
      const n = Atomics.load(counts, w * 2);
      done += n;
      if (n !== last[w]) {
        last[w] = n;
        since[w] = Date.now();
      } else if (Date.now() - since[w]! > hangSeconds * 1000 && n < Math.ceil((cases - w) / workers)) {
        // progress is posted every 1024 cases: the hang is in the next 1024 of this worker
        const from = w + n * workers;
        hang = `worker ${w} made no progress for ${hangSeconds} s: a hang among cases ${from}..${from + 1023 * workers} (step ${workers}) of seed ${seed}`;
        for (const wk of running) void wk.terminate();
      }
    }
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(`\r  ${done} cases, ${s.toFixed(0)} s, ${Math.round(done / s)}/s   `);
  }, 1000);

  let stats: RunStats[] = [];
  try {
    stats = await Promise.all(results);
  } catch (e) {
    if (!hang) throw e;
  } finally {
    clearInterval(timer);
    process.stderr.write('\n');
  }
  const ms = performance.now() - t0;
  if (hang) {
    console.log(`HANG: ${hang}`);
    process.exit(1);
  }

  const failures: Failure[] = stats.flatMap((s) => s.failures).sort((a, b) => a.index - b.index);
  const outcomes: Outcomes = newOutcomes();
  for (const s of stats) for (const k of Object.keys(outcomes) as (keyof Outcomes)[]) outcomes[k] += s.outcomes[k];
  const done = stats.reduce((n, s) => n + s.cases, 0);
  const slowest = stats.map((s) => s.slowest).sort((a, b) => b.ms - a.ms)[0]!;
  const rate = Math.round(done / (ms / 1000));
  const report = {
    seed, cases: done, workers, seconds: +(ms / 1000).toFixed(1), casesPerSecond: rate,
    perWorkerPerSecond: Math.round(rate / workers), outcomes, slowestCase: { index: slowest.index, ms: +slowest.ms.toFixed(1) },
    failures: failures.length,
  };
  console.log(`${done} cases in ${report.seconds} s: ${rate} cases/s (${report.perWorkerPerSecond}/s per worker)`);
  console.log(`bodies decoded ${outcomes.bodiesDecoded}, bodies refused with DecodeError ${outcomes.bodiesRefused}, datagrams refused with DecodeError ${outcomes.datagramsRefused}`);
  console.log(`slowest case: ${slowest.index} (${slowest.ms.toFixed(1)} ms)`);
  for (const f of failures.slice(0, 20)) {
    console.log(`\nFAIL seed ${f.seed} case ${f.index} (${f.stage}): from "${f.from}", mutations ${f.mutations.join(' + ')}`);
    console.log(`  ${f.error.replace(/\n/g, '\n  ')}`);
    console.log(`  replay: npx tsx scripts/fuzz.ts --seed ${f.seed} --case ${f.index} --verbose`);
    if (verbose) console.log(inspect(f.hex));
  }
  console.log(failures.length ? `\n${failures.length} failing cases` : 'no failures: every case returned or threw DecodeError');
  const json = arg('json');
  if (json) writeFileSync(json, `${JSON.stringify({ ...report, failureList: failures }, null, 2)}\n`);
  process.exit(failures.length ? 1 : 0);
}
