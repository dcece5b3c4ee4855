// Capture the netlink messages a command sends and receives, as hex, for
// codec fixtures. Runs the command under strace, which dumps every byte of
// sendmsg/recvmsg (-e write=all -e read=all), and prints one JSON line per
// netlink message with its provenance.
//
//   npx tsx scripts/capture.ts -- ip -n NS link show dev veth0
//
// Each line: {"command", "kernel", "direction": "request"|"reply", "type", "hex"}.
// Only for building fixtures by hand: tsip itself never runs strace or ip.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitMessages } from '../src/netlink/nlmsghdr.js';
import { rtmName } from '../src/netlink/rtnl/constants.js';

const argv = process.argv.slice(2);
const cmd = argv[0] === '--' ? argv.slice(1) : argv;
if (cmd.length === 0) {
  console.error('usage: tsx scripts/capture.ts -- COMMAND [ARGS...]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'tsip-capture-'));
const out = join(dir, 'strace.txt');
const r = spawnSync('strace', ['-f', '-e', 'trace=sendmsg,recvmsg,sendto,recvfrom', '-e', 'read=all', '-e', 'write=all', '-o', out, ...cmd], { stdio: ['ignore', 'ignore', 'inherit'] });
if (r.status !== 0) console.error(`note: command exited ${r.status}`);
const kernel = execFileSync('uname', ['-r']).toString().trim();
const text = readFileSync(out, 'utf8');
rmSync(dir, { recursive: true, force: true });

// Blocks: a syscall line, then " | 00000  xx xx ..." hex lines.
let direction = '';
let hex = '';
const flush = () => {
  if (!hex) return;
  const buf = Buffer.from(hex, 'hex');
  hex = '';
  // iproute2 sends some requests as sizeof(struct) with zeroed room after
  // the message: stop at the end of the last message, not at the buffer's.
  let end = 0;
  while (end + 16 <= buf.length && buf.readUInt32LE(end) >= 16 && end + buf.readUInt32LE(end) <= buf.length) end += (buf.readUInt32LE(end) + 3) & ~3;
  try {
    for (const m of splitMessages(buf, 0, Math.min(end, buf.length))) {
      const bytes = buf.subarray(m.offset, m.end);
      console.log(JSON.stringify({ command: cmd.join(' '), kernel, direction, type: rtmName(m.hdr.nlmsg_type), hex: bytes.toString('hex') }));
    }
  } catch (e) {
    console.error(`skipped a datagram: ${(e as Error).message}`);
  }
};
for (const line of text.split('\n')) {
  const m = /^\s*\d*\s*(sendmsg|recvmsg|sendto|recvfrom)\(/.exec(line);
  if (m) {
    flush();
    direction = m[1]!.startsWith('send') ? 'request' : 'reply';
    continue;
  }
  // " | 00000  30 00 00 00 12 00 01 00  56 be 09 6b 00 00 00 00  0.......V..k.... |"
  const h = /^\s*\d*\s*\| [0-9a-f]{5}  (.{48})/.exec(line);
  if (h) hex += (h[1]!.match(/[0-9a-f]{2}/g) ?? []).join('');
}
flush();
