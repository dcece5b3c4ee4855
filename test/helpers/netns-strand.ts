// A child for test/privileged/netns-restore.test.ts: enters the namespace
// named in argv[2], and inside closes every fd open on its home namespace,
// the one the switch saved to come back by. The way back then fails, and
// tsip must abort (SIGABRT) rather than carry on in the foreign namespace.

import { closeSync, readdirSync, readlinkSync } from 'node:fs';
import { withNetns } from '../../src/netlink/netns.js';

const home = readlinkSync('/proc/thread-self/ns/net');
withNetns(process.argv[2]!, () => {
  for (const fd of readdirSync('/proc/self/fd').map(Number)) {
    try {
      if (fd > 2 && readlinkSync(`/proc/self/fd/${fd}`) === home) closeSync(fd);
    } catch {
      /* the directory's own fd */
    }
  }
});
// Not reached: had it been, the process would be running in the wrong namespace.
process.stdout.write(`still running, in ${readlinkSync('/proc/thread-self/ns/net')}\n`);
