// `tsip netns exec NAME CMD [ARGS...]` as a process of its own, for tests
// that need real stdio, exit statuses and signals:
//   npx tsx test/helpers/netns-exec-main.ts NAME CMD [ARGS...]
// Before exiting it checks that the main thread came back to its own
// network and mount namespaces and directory, and says so on fd 3 when
// fd 3 is open (the test reads it from there).

import { statSync, writeSync } from 'node:fs';
import { exitLike, execInNetns } from '../../src/ops/netns-exec.js';

const [name, cmd, ...args] = process.argv.slice(2);
if (!name || !cmd) {
  process.stderr.write('usage: netns-exec-main NAME CMD [ARGS...]\n');
  process.exit(2);
}
const where = () => ['net', 'mnt'].map((k) => statSync(`/proc/thread-self/ns/${k}`).ino).join(' ') + ` ${process.cwd()} ${statSync('.').ino}`;
const before = where();
try {
  const result = await execInNetns(name, cmd, args);
  try {
    writeSync(3, JSON.stringify({ back: where() === before, before, after: where(), result }) + '\n');
  } catch {
    /* no fd 3 */
  }
  exitLike(result);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
