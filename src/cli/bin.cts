#!/usr/bin/env node
// The installed `tsip` (package.json "bin"): load the bundled CLI with V8's
// code cache.
//
// Start-up is node's own (what `node -e ''` takes) plus reading, compiling
// and running tsip. `npm run build` bundles the CLI into one CommonJS file,
// dist/cli/tsip.bundle.cjs (scripts/bundle-cli.mjs). Compiling its 560 KB
// costs ~20 ms a start; with the code V8 compiled for it in an earlier run
// (vm.Script's cachedData) it costs ~5. Node 20 has no compile cache of its
// own (module.enableCompileCache() is Node 22), and none at all for ES
// modules: hence a CommonJS bundle, loaded by this CommonJS file.
//
// The cache, dist/cli/tsip.bundle.cjs.v8cache, is
//
//   <the bundle's first line>\n<process.version>\n<V8's data>
//
// The first line carries the build's id (a hash of the bundle): V8 itself
// checks only its own version, its flags and the source's length. A cache
// that is missing, for another build or node, or that V8 rejects, is
// written anew when the process exits, with the code this run compiled (the
// build writes one from `tsip link show`). Writing is best effort and
// atomic (a temporary file renamed): a read-only install runs uncached.
//
// TSIP_V8CACHE=refresh writes the cache at exit whatever its state;
// TSIP_V8CACHE=report says on stderr what became of it: "used", "missing",
// "stale" (another build or node) or "rejected" (by V8).
//
// Without a bundle (a build without esbuild) the unbundled ES module
// dist/cli/tsip.js runs instead.

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = join(__dirname, 'tsip.bundle.cjs');
const CACHE = `${BUNDLE}.v8cache`;

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** The cache's header for this bundle and this node. */
function header(source: string): string {
  return `${source.slice(0, source.indexOf('\n'))}\n${process.version}\n`;
}

/** V8's data from the cache file, when it was written for this bundle and this node. */
function cachedData(file: Buffer | undefined, head: string): Buffer | undefined {
  if (!file) return undefined;
  const h = Buffer.from(head);
  return file.length > h.length && file.subarray(0, h.length).equals(h) ? file.subarray(h.length) : undefined;
}

function writeCache(script: Script, head: string): void {
  const tmp = `${CACHE}.${process.pid}`;
  try {
    writeFileSync(tmp, Buffer.concat([Buffer.from(head), script.createCachedData()]));
    renameSync(tmp, CACHE);
  } catch {
    try {
      unlinkSync(tmp);
    } catch { /* never written */ }
  }
}

function run(source: string): void {
  const head = header(source);
  const file = readOrUndefined(CACHE);
  const data = cachedData(file, head);
  const script = new Script(wrap(source), { filename: BUNDLE, cachedData: data });
  const state = !file ? 'missing' : !data ? 'stale' : script.cachedDataRejected ? 'rejected' : 'used';
  if (process.env.TSIP_V8CACHE === 'report') process.stderr.write(`tsip: V8 code cache ${state}\n`);
  if (state !== 'used' || process.env.TSIP_V8CACHE === 'refresh') process.once('exit', () => writeCache(script, head));
  const module = { exports: {} };
  const fn = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
  fn.call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, __dirname);
}

const source = readOrUndefined(BUNDLE)?.toString('utf8');
if (source !== undefined) run(source);
else void import('./tsip.js');
