#!/usr/bin/env node
// The `tsip` program: run main() on this process's arguments.
//
// Built, this is the entry of the bundle (dist/cli/tsip.bundle.cjs) that
// dist/cli/bin.cjs, the installed `tsip`, loads; unbundled (dist/cli/tsip.js)
// it runs as it is.
import { main } from './main.js';
import { stdio } from './stdio.js';

void main(process.argv.slice(2), stdio()).then((status) => {
  process.exitCode = status;
});
