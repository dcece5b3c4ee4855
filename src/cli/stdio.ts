// Where the CLI writes: straight to file descriptors 1 and 2.
//
// process.stdout is a stream built on first use: for a file that loads
// node:stream and its helpers, for a pipe node:net; about 6 ms of every
// start-up (bench/README.md, W5), to write a few lines. ip writes with
// stdio. Here each write is one write(2) (fs.writeSync), as Node's own
// SyncWriteStream does for files, in order with everything before it.
//
// A descriptor left non-blocking by whoever opened it can refuse a write
// (EAGAIN): from then on that descriptor's writes go through the stream,
// which waits for it, the rest of the text first, so nothing is reordered.
// A reader gone (EPIPE) ends the process as ip ends: killed by SIGPIPE,
// which Node ignores, so the status the shell would see (128 + 13).

import { writeSync } from 'node:fs';
import type { Io } from './context.js';

const EXIT_SIGPIPE = 128 + 13;

function fdWriter(fd: 1 | 2): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  return (text) => {
    if (stream) {
      stream.write(text);
      return;
    }
    let rest = Buffer.from(text);
    while (rest.length > 0) {
      try {
        rest = rest.subarray(writeSync(fd, rest));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          stream = fd === 1 ? process.stdout : process.stderr;
          stream.write(rest);
          return;
        }
        if (code === 'EPIPE') process.exit(EXIT_SIGPIPE);
        throw e;
      }
    }
  };
}

/** The process's standard output and error, as the CLI's Io. */
export function stdio(): Io {
  return { out: fdWriter(1), err: fdWriter(2) };
}
