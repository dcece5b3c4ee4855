// Bundle the CLI into one file: dist/cli/tsip.js, after tsc has built dist/.
//
// Node's ESM loader resolves, reads and compiles each module of a graph on
// its own: `tsip link show` loads about a hundred of tsip's modules, ~75 ms
// of start-up on the benchmark machine (bench/README.md, W5). One bundled
// file is read and compiled at once. Lazy imports stay lazy (esbuild runs
// a module's body when its import() is reached). ffi-rs and buffer-layout
// stay outside (native code; CommonJS loaded with require()).
//
//   node scripts/bundle-cli.mjs        (npm run build runs it)
//
// Without esbuild (a tsx dependency, so a dev dependency here) the tsc
// output stays as it is: the same program, unbundled.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const esbuild = `${root}node_modules/.bin/esbuild`;
const entry = `${root}dist/cli/tsip.js`;
const out = `${root}dist/cli/tsip.bundle.js`;
if (!existsSync(esbuild) || !existsSync(entry)) {
  console.error('bundle-cli: esbuild or dist/cli/tsip.js missing: dist/cli/tsip.js left unbundled');
  process.exit(0);
}
const r = spawnSync(esbuild, [
  entry, '--bundle', '--platform=node', '--format=esm', '--target=node20', '--log-level=warning',
  '--external:ffi-rs', '--external:@yuuang/*', '--external:buffer-layout', `--outfile=${out}`,
], { stdio: 'inherit' });
if (r.status !== 0) {
  console.error('bundle-cli: esbuild failed: dist/cli/tsip.js left unbundled');
  process.exit(0);
}
renameSync(out, entry);
