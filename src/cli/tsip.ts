#!/usr/bin/env node
// The `tsip` executable: run main() on this process's arguments.
import type { Io } from './context.js';
import { main } from './main.js';

const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
process.exitCode = await main(process.argv.slice(2), io);
