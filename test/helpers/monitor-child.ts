// A child process for the exit-time tests of the monitor: it opens a monitor
// in the namespace argv[2], waits in `for await` (so a thread is blocked in
// poll()), then ends it the way argv[3] says, and prints when it did so
// (Date.now()) for the parent to compare with the time it saw the exit.
//
//   close    monitor.close(), then nothing more to do: the process must exit by itself
//   exit     process.exit(0) with the monitor still open (the 'exit' hook wakes the thread)
//   emitter  as close, with an 'event' listener instead of an iterator

import { monitor } from '../../src/ops/monitor.js';

const [ns, how = 'close'] = process.argv.slice(2);
const m = monitor({ netns: ns });

function end(): void {
  const at = Date.now();
  process.stdout.write(`${JSON.stringify({ endedAt: at })}\n`);
  if (how === 'exit') process.exit(0);
  m.close();
}

setTimeout(end, 150); // by then the wait is in flight
if (how === 'emitter') {
  m.on('event', () => {});
} else {
  void (async () => {
    for await (const _ of m) { /* events are not the point here */ }
  })();
}
