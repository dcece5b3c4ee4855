// Bundle the CLI into one CommonJS file, dist/cli/tsip.bundle.cjs, after tsc
// has built dist/, and write V8's code cache for it.
//
// Node's ESM loader resolves, reads and compiles each module of a graph on
// its own: `tsip link show` loads about a hundred of tsip's modules, ~75 ms
// of start-up on the benchmark machine (bench/README.md, W5). One bundled
// file is read and compiled at once, and as CommonJS it can be compiled
// from V8's code cache (dist/cli/bin.cjs, the installed `tsip`, says how).
// Lazy imports stay lazy (esbuild runs a module's body when its import() is
// reached). ffi-rs and buffer-layout stay outside (native code; CommonJS
// loaded with require()). The bundle's first line names the build: a hash
// of the rest, which the code cache is checked against.
//
//   node scripts/bundle-cli.mjs        (npm run build runs it)
//
// Without esbuild (a dev dependency) nothing is bundled and bin.cjs runs the
// unbundled dist/cli/tsip.js: the same program, slower to start.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const esbuild = `${root}node_modules/.bin/esbuild`;
const entry = `${root}dist/cli/tsip.js`;
const out = `${root}dist/cli/tsip.bundle.cjs`;
const bin = `${root}dist/cli/bin.cjs`;
rmSync(out, { force: true });
rmSync(`${out}.v8cache`, { force: true });
if (!existsSync(esbuild) || !existsSync(entry)) {
  console.error('bundle-cli: esbuild or dist/cli/tsip.js missing: the CLI runs unbundled');
  process.exit(0);
}
// import.meta.url (libc.ts and struct.ts make their require() with it) is
// the bundle's own URL, as it was each module's.
const r = spawnSync(esbuild, [
  entry, '--bundle', '--platform=node', '--format=cjs', '--target=node20', '--log-level=warning',
  '--external:ffi-rs', '--external:@yuuang/*', '--external:buffer-layout',
  '--define:import.meta.url=__tsip_bundle_url',
], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
if (r.status !== 0) {
  console.error('bundle-cli: esbuild failed: the CLI runs unbundled');
  process.exit(0);
}
// loaded through vm.Script inside a function wrapper: no #! line; the
// URL import.meta.url stands for is defined after "use strict", which must
// stay the first statement.
const code = r.stdout.replace(/^#!.*\n/, '').replace(/^"use strict";\n/, (s) =>
  `${s}var __tsip_bundle_url = require("node:url").pathToFileURL(__filename).href;\n`);
if (!code.includes('var __tsip_bundle_url')) {
  console.error('bundle-cli: unexpected esbuild output (no "use strict" first): the CLI runs unbundled');
  process.exit(0);
}
const id = createHash('sha256').update(code).digest('hex').slice(0, 32);
writeFileSync(out, `// tsip CLI bundle ${id}\n${code}`);
// The code cache, from one run of the commonest command (its failure is no
// failure of the build: the first run of tsip writes the cache then).
chmodSync(bin, 0o755);
spawnSync(process.execPath, [bin, 'link', 'show'], { stdio: 'ignore', env: { ...process.env, TSIP_V8CACHE: 'refresh' } });
