// Generates docs/netlink-walkthrough.md: the tutorial (shared/seed), step by
// step, as the bytes tsip and the kernel exchange, from REAL runs of
// `tsip --trace` (and of strace, for the steps that use no netlink) in
// namespaces this script creates and removes. Values that change from run to
// run are normalised (scripts/walkthrough-normalise.ts), so the document is
// the same on every run of the same kernel, and a test can tell when it has
// drifted from the code (test/privileged/walkthrough.test.ts).
//
//   npm run docs:walkthrough              build, then regenerate the document
//   tsx scripts/walkthrough.ts --stdout   print it instead
//   tsx scripts/walkthrough.ts --check    exit 1 when the document is not current
//
// Needs root, strace, and a built dist/ (tsip as users run it). Everything
// runs in a mount namespace of its own whose /run/netns is a private tmpfs
// (scripts/private-netns.ts): the namespaces are called net0, net1 and host
// as in the tutorial, collide with nobody's, and cannot outlive the run.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listLinks } from '../src/index.js';
import { PRIVATE_NETNS_ENV, runWithPrivateNetnsDir } from './private-netns.js';
import { Normaliser, normaliseStrace } from './walkthrough-normalise.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSIP = join(ROOT, 'dist/cli/bin.cjs');
export const DOC = join(ROOT, 'docs/netlink-walkthrough.md');
const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;

/* ---------------------------------------------------------------- outer */

function outer(argv: string[]): number {
  if (process.getuid?.() !== 0) {
    process.stderr.write('walkthrough: needs root (it creates network namespaces)\n');
    return 2;
  }
  if (!existsSync(TSIP)) {
    process.stderr.write(`walkthrough: ${TSIP} is missing: run npm run build first\n`);
    return 2;
  }
  if (spawnSync('strace', ['-V']).status !== 0) {
    process.stderr.write('walkthrough: strace is needed (apt-get install strace)\n');
    return 2;
  }
  const r = runWithPrivateNetnsDir(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--inner'], { cwd: ROOT });
  if (r.status !== 0) {
    process.stderr.write(r.stderr ?? '');
    process.stderr.write(`walkthrough: the run failed (status ${r.status})\n`);
    return 1;
  }
  const doc = r.stdout;
  if (argv.includes('--stdout')) {
    process.stdout.write(doc);
    return 0;
  }
  const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  if (argv.includes('--check')) {
    if (current === doc) return 0;
    process.stderr.write(`${DOC} is not current: run npm run docs:walkthrough\n${firstDifference(current, doc)}\n`);
    return 1;
  }
  writeFileSync(DOC, doc);
  process.stderr.write(`wrote ${DOC}\n`);
  return 0;
}

/** The first line where two texts differ, both versions. */
export function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}:\n- ${x[i] ?? '(end)'}\n+ ${y[i] ?? '(end)'}`;
  }
  return 'identical';
}

/* ---------------------------------------------------------------- inner */

interface Ran {
  status: number | null;
  trace: string;
  stdout: string;
  stderr: string;
}

const norm = new Normaliser();
const doc: string[] = [];
const md = (s: string) => doc.push(s.replace(/^\n/, '').replace(/\n$/, ''), '');

/** tsip ARGS with --trace, as a user runs it; the trace is split from the command's own stderr. */
function tsip(args: string[], { expect = 0 }: { expect?: number } = {}): Ran {
  const r = spawnSync(process.execPath, [TSIP, '--trace', ...args], { encoding: 'utf8', env: { ...process.env, TSIP_TRACE: '' } });
  const trace: string[] = [];
  const stderr: string[] = [];
  let inTrace = false;
  for (const line of r.stderr.replace(/\n$/, '').split('\n')) {
    if (/^[<>] (request|reply), \d+ bytes$/.test(line)) inTrace = true;
    else if (!/^([0-9a-f]{4} |     |!! )/.test(line)) inTrace = false;
    (inTrace ? trace : stderr).push(line);
  }
  if (r.status !== expect) {
    throw new Error(`tsip ${args.join(' ')}: status ${r.status}, expected ${expect}\n${r.stdout}${r.stderr}`);
  }
  return { status: r.status, trace: trace.join('\n'), stdout: r.stdout, stderr: stderr.filter(Boolean).join('\n') };
}

/** tsip ARGS under strace -e SYSCALLS (the main thread: every call tsip makes is made there). */
function strace(args: string[], syscalls: string, filter: { paths: RegExp; sockets?: RegExp }): { calls: string; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tsip-walkthrough-'));
  try {
    const file = join(dir, 'strace');
    const r = spawnSync('strace', ['-qq', '-o', file, '-e', `trace=${syscalls}`, process.execPath, TSIP, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`strace tsip ${args.join(' ')}: status ${r.status}\n${r.stderr}`);
    return { calls: normaliseStrace(readFileSync(file, 'utf8'), filter), stdout: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Keep the datagrams from the first one that matches `from`, saying what was left out. */
function fromDatagram(trace: string, from: RegExp, why: string): string {
  const dgrams = trace.split(/\n(?=[<>] (?:request|reply), )/);
  const i = dgrams.findIndex((d) => from.test(d));
  if (i < 0) throw new Error(`no datagram matches ${from}`);
  return i === 0 ? trace : [`(${i} datagrams before this one not shown: ${why})`, ...dgrams.slice(i)].join('\n');
}

function block(command: string, body: string, output = ''): void {
  const text = [`$ ${command}`, body, output.replace(/\n$/, '')].filter((x) => x !== '').join('\n');
  md(`\`\`\`text\n${text}\n\`\`\``);
}

/** Run a traced step and print it. */
async function traced(args: string[], opts: { expect?: number; from?: [RegExp, string] } = {}): Promise<Ran> {
  const r = tsip(args, opts);
  let t = norm.trace(r.trace);
  if (opts.from) t = fromDatagram(t, opts.from[0], opts.from[1]);
  const output = [r.stdout, r.stderr].filter(Boolean).join('\n');
  block(`tsip --trace ${args.join(' ')}`, t || '(no netlink messages)', norm.output(output));
  await settle();
  return r;
}

/** A step run but not shown (setup the walkthrough needs). */
async function quietly(args: string[]): Promise<void> {
  tsip(args);
  await settle();
}

async function shownStrace(args: string[], syscalls: string, filter: { paths: RegExp; sockets?: RegExp }): Promise<void> {
  const { calls, stdout } = strace(args, syscalls, filter);
  block(`strace -e trace=${syscalls} tsip ${args.join(' ')}`, calls, norm.output(stdout));
  await settle();
}

/**
 * Wait until the kernel has finished reacting to the last step. Carrier
 * changes reach a link's operstate (and IFF_RUNNING) through the kernel's
 * linkwatch work, up to a second later; a trace taken in between would show
 * a state that depends on timing. Settled: every up link is IFF_RUNNING
 * exactly when it has carrier.
 */
async function settle(): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    let settled = true;
    for (const ns of readdirSync('/run/netns')) {
      for (const l of await listLinks({ netns: ns })) {
        if (l.flags & IFF_UP && Boolean(l.carrier) !== Boolean(l.flags & IFF_RUNNING)) settled = false;
      }
    }
    if (settled) return;
    if (Date.now() > deadline) throw new Error('links did not settle within 5 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kernelRelease(): string {
  return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim().split('.').slice(0, 2).join('.');
}

/* ---------------------------------------------------------------- the document */

async function generate(): Promise<string> {
  md(`
# Netlink on the wire: the tutorial, message by message

<!-- Generated by scripts/walkthrough.ts from real runs; do not edit by hand.
     npm run docs:walkthrough regenerates it; test/privileged/walkthrough.test.ts
     fails when it is not current. -->

This is the container-networking tutorial tsip was built to carry out
(\`shared/seed\`: two namespaces joined by a veth pair, addresses, routes, a
ping, a bridge and an iptables rule), shown as what actually crosses the
netlink socket. Every block below was produced by running \`tsip --trace\`
(or \`strace\`, where no netlink is involved) on Linux ${kernelRelease()}, by
\`scripts/walkthrough.ts\`, which regenerates this file; a test fails when the
file and the code disagree. So what you read is what the code does.

Each step gives the \`ip\` command of the tutorial, what tsip sends for it,
what the kernel answers, and what each field means in the kernel's terms
(the structs are in \`/usr/include/linux\`; the source files that mirror them
are named as we go). To see the same on your machine, run any tsip command
with \`--trace\`.
`);

  md(`
## Reading a trace

\`--trace\` prints every datagram a command sends (\`>\`) and receives (\`<\`),
then every message in it, field by field (\`src/netlink/trace.ts\`):

\`\`\`text
> request, 32 bytes                                          one datagram, one sendmsg()
0000 nlmsghdr   nlmsg_len=32 nlmsg_type=RTM_NEWLINK(16) ...   offset in the datagram, struct, fields
0010 ifinfomsg  ifi_family=0 ifi_type=0 ifi_index=2 ...       the family's fixed header
0020   len=10 type=3       IFLA_IFNAME "veth0"                an attribute: nla_len, nla_type, name, value
002c   len=16 type=18      IFLA_LINKINFO                      a nested attribute: its payload is attributes
0030     len=9 type=1        IFLA_INFO_KIND "veth"            (indented one level per nesting)
\`\`\`

- Every message starts with \`struct nlmsghdr\` (16 bytes, \`<linux/netlink.h>\`,
  \`src/netlink/nlmsghdr.ts\`): \`nlmsg_len\` (the whole message, header
  included), \`nlmsg_type\` (what it is: \`RTM_NEWLINK\`, \`NLMSG_ERROR\`, ...),
  \`nlmsg_flags\` (\`NLM_F_*\`, named; the meaning of the high byte depends on
  the kind of request, so \`0x200\` is \`EXCL\` on a "new" request, \`MATCH\` on a
  "get" and \`ACK_TLVS\` on an ack), \`nlmsg_seq\` (chosen by the sender,
  copied into every answer: how answers are matched to requests) and
  \`nlmsg_pid\` (the port id: 0 in requests, for "the kernel"; in answers, the
  socket they are addressed to).
- Then the family's fixed header (\`struct ifinfomsg\` for links,
  \`ifaddrmsg\`, \`rtmsg\`, \`rtgenmsg\`, \`nfgenmsg\`), then attributes:
  \`struct nlattr\` (\`nla_len\`, \`nla_type\`, 4 bytes) and a payload, each padded to
  4 bytes (\`src/netlink/nlattr.ts\`). \`len\` counts the header and the
  payload but not the padding, which is why the next offset can be further
  on than \`len\` says. \`|N\` after a type is \`NLA_F_NESTED\` (the payload is
  attributes, and the sender said so), \`|B\` is \`NLA_F_NET_BYTEORDER\`.
- Answers come in their own datagrams: data, then an ack (\`NLMSG_ERROR\` with
  \`error=0\`) or an error (\`error=-errno\`), or, for dumps, \`NLMSG_DONE\`.

Values that differ on every run are replaced by names, so that this file is
the same each time it is generated: \`$PORTID\` (the socket's port id, which
the kernel picks at bind()), \`$MAC_veth0\` (a random MAC address, named after
the first link seen with it), \`$FD\` (an fd number), \`$PID\`, \`$TIME\`, \`$RTT\`,
\`$ptr\`. Sequence numbers, ifindexes and nsids are real: each tsip socket
counts from 1, and each namespace numbers its own links and peers, starting
fresh here. A link's description in a reply runs to some 40 attributes
(counters, per-family settings); the walkthrough keeps the ones the step is
about, and a \`⋯\` line stands for each run of attributes left out
(\`⋯ 6 attributes, IFLA_CARRIER_CHANGES … IFLA_PROTO_DOWN\`).
`);

  md(`
## The stage

The tutorial works in the machine's own namespace and two new ones, \`net0\`
and \`net1\`. Here the machine's namespace is played by a third new one,
\`host\`, so that nothing touches the real machine's links: the commands that
the tutorial runs bare run here with \`-n host\` (which changes only where
tsip's socket is opened; see step 1). The whole run happens in a mount
namespace of its own, whose \`/run/netns\` is private, so the names are the
tutorial's own and every namespace is gone when the run ends.
`);

  /* 1. netns add */
  md(`
## 1. \`ip netns add net0\`: no netlink at all

A network namespace has no name in the kernel. It is an object that lives
as long as something refers to it: a process or thread inside it, an open
file of it (\`/proc/PID/ns/net\`, an "nsfs" file), a socket created in it, or a
mount of such a file. \`ip netns add\` makes a name by the last of these: it
bind-mounts the namespace's nsfs file on an empty file \`/run/netns/NAME\`.
So the step is system calls, not messages (\`src/ops/netns.ts\`):
`);
  await shownStrace(['netns', 'add', 'net0'], 'mkdir,mount,openat,close,unshare,setns', { paths: /\/run\/netns|\/proc\/thread-self\/ns/ });
  md(`
- \`mkdir\` and \`mount(... MS_REC|MS_SHARED)\`: \`/run/netns\` becomes a shared
  mount point, so that a namespace unmounted here is unmounted in every mount
  namespace that has a copy (those \`ip netns exec\` makes), and can be freed.
  (The type argument is ignored for this call and for \`MS_BIND\`, so strace
  shows only its address.)
- \`openat(... O_CREAT|O_EXCL)\`: the empty file the namespace will be mounted
  on; \`O_EXCL\` makes a second \`add\` of the same name fail here.
- \`openat("/proc/thread-self/ns/net")\`: the way back. A network namespace
  belongs to a thread, not a process: \`unshare(CLONE_NEWNET)\` moves only the
  calling thread into a brand-new namespace.
- \`mount("/proc/thread-self/ns/net", "/run/netns/net0", ..., MS_BIND)\`: the
  new namespace's nsfs file, mounted on the name. This mount is what keeps
  the namespace alive from now on.
- \`setns($fd_self, CLONE_NEWNET)\`: the thread goes home. tsip does all of
  this synchronously, in one \`try/finally\`: no other JavaScript can run while
  the thread is elsewhere (\`src/netlink/netns.ts\`).

The kernel announces nothing here: a namespace gets an id (nsid) in another
namespace only when something needs to name it there (step 3).
`);
  await quietly(['netns', 'add', 'net1']);
  await quietly(['netns', 'add', 'host']);

  md(`
### What \`-n host\` does: a socket born in another namespace

A netlink socket talks to the namespace it was created in, for ever. So
\`tsip -n NAME\` enters the namespace only for the \`socket()\` call, then
returns, and uses the socket from home:
`);
  await shownStrace(['-n', 'host', 'link', 'show', 'lo'], 'openat,close,setns,socket,setsockopt,bind,getsockname', { paths: /\/run\/netns|\/proc\/thread-self\/ns/, sockets: /AF_NETLINK/ });
  md(`
The socket options, set once (\`src/netlink/socket.ts\`):

- \`SO_RCVTIMEO\` 5 s: no read can hang for ever if an answer never comes.
- \`SO_SNDBUF\` 32 KiB, \`SO_RCVBUFFORCE\` 1 MiB (the \`FORCE\` kind goes past
  \`net.core.rmem_max\`, for root): room for batches of requests, and for
  long dumps and many answers queued at once.
- \`NETLINK_EXT_ACK\`: errors come with the kernel's own explanation, a text
  and the offset of the attribute it refused (step 7).
- \`NETLINK_GET_STRICT_CHK\`: the kernel checks dump requests strictly and
  applies the filters given in them (step 6).
- \`NETLINK_CAP_ACK\`: acks carry only the header of the request they answer,
  not the whole request back.
- \`bind()\` with \`nl_pid=0\` lets the kernel choose the port id;
  \`getsockname()\` tells it: every answer is addressed to it (\`nlmsg_pid\`).
`);

  /* 2. link add */
  md(`
## 2. \`ip link add type veth\`: one RTM_NEWLINK makes two links

A veth pair is two links joined back to back: what goes in one comes out of
the other. The request describes the first link, and carries the second as
a whole link description of its own, nested inside (\`src/netlink/rtnl/link.ts\`,
\`src/netlink/rtnl/linkinfo/veth.ts\`):
`);
  await traced(['-n', 'host', 'link', 'add', 'type', 'veth']);
  md(`
The request:

- \`nlmsg_type=RTM_NEWLINK\`, flags \`REQUEST|ACK|ECHO|EXCL|CREATE\`: \`CREATE\` to
  make a link, \`EXCL\` to fail if one by that name exists rather than change
  it, \`ACK\` for an answer either way, and \`ECHO\` to be sent the new link's
  description, as its listeners get it, so tsip learns the index and the
  names the kernel chose without asking again.
- \`struct ifinfomsg\` (\`<linux/rtnetlink.h>\`): \`ifi_family\` 0 (\`AF_UNSPEC\`),
  \`ifi_index\` 0 (a new link: the kernel picks it), \`ifi_flags\` and
  \`ifi_change\` 0 (no flags to change).
- \`IFLA_LINKINFO\` > \`IFLA_INFO_KIND "veth"\`: which driver makes the link.
  The tutorial gives no names, so there is no \`IFLA_IFNAME\` and the kernel
  names both ends from the pattern \`veth%d\`. With names
  (\`ip link add veth0 type veth peer name veth1\`) the request grows an
  \`IFLA_IFNAME\` beside \`IFLA_LINKINFO\`, and \`IFLA_INFO_DATA\` >
  \`VETH_INFO_PEER\` (\`<linux/veth.h>\`), whose payload is another
  \`struct ifinfomsg\` followed by the peer's own \`IFLA_*\` attributes
  (\`IFLA_IFNAME "veth1"\`, and \`IFLA_NET_NS_FD\` to create it straight in
  another namespace): a link message inside an attribute.
- No \`|N\` on \`IFLA_LINKINFO\`: iproute2 never set \`NLA_F_NESTED\` on the
  old rtnetlink nests, and the kernel accepts them either way; tsip sends
  what ip sends.

The answers:

- The echo: \`RTM_NEWLINK\` with \`nlmsg_seq\` of the request and
  \`ifi_change=0xffffffff\` ("everything changed": the link is new). The kernel
  created the peer first, so it took the first free name and the lower index:
  the link this request described is \`veth1\`, index 3, and its
  \`IFLA_LINK 2\` points at the peer, \`veth0\`. \`ifi_type=1\` is
  \`ARPHRD_ETHER\`; \`ifi_flags=0x1002\` is \`IFF_BROADCAST|IFF_MULTICAST\`, not
  \`IFF_UP\`. Replies to requests carry no \`IFLA_INFO_DATA\` for veth: the peer
  is named by \`IFLA_LINK\` (and \`IFLA_LINK_NETNSID\` when it lives elsewhere).
- The ack: \`NLMSG_ERROR\` (type 2) with \`error=0\`: \`struct nlmsgerr\`
  (\`int error; struct nlmsghdr msg;\`), where \`msg\` is the header of the
  request it answers. \`CAPPED\` says the request's body was left out
  (\`NETLINK_CAP_ACK\`), which is why an ack is 36 bytes.
- Then tsip asks for the peer by index (\`RTM_GETLINK\`, \`ifi_index=2\`), to
  print it. \`IFLA_EXT_MASK 8\` is \`RTEXT_FILTER_SKIP_STATS\`: leave out the
  per-protocol counters, which is why this answer is shorter.
`);

  /* 3. link set netns */
  md(`
## 3. \`ip link set veth0 netns net0\`: IFLA_NET_NS_FD

Moving a link is an \`RTM_NEWLINK\` on an existing link that carries the
destination namespace. The kernel cannot take the name \`net0\`, which is only
a file under \`/run/netns\`: it takes an open fd of that file, and looks it up
in the sender's own fd table while it handles the request.
`);
  await traced(['-n', 'host', 'link', 'set', 'veth0', 'netns', 'net0']);
  md(`
- First the name becomes an index: \`RTM_GETLINK\` with \`IFLA_IFNAME "veth0"\`
  and \`ifi_index=0\` (a "get" by name; the kernel answers with one
  \`RTM_NEWLINK\` and, because tsip asked, an ack). \`IFLA_EXT_MASK 1\`
  (\`RTEXT_FILTER_VF\`) is what ip sends here.
- Then \`RTM_NEWLINK\` on \`ifi_index=2\`, no \`CREATE\`: change this link.
  \`IFLA_NET_NS_FD\` (\`<linux/if_link.h>\`) is a u32: the fd tsip opened on
  \`/run/netns/net0\`, valid only in this process, during this request.
  (\`IFLA_NET_NS_PID\` names a namespace by a process in it instead.) The link
  leaves \`host\` with its index if \`net0\` has it free, and disappears from
  \`host\`'s listings.
`);
  await traced(['-n', 'host', 'link', 'set', 'veth1', 'netns', 'net1']);
  md(`
Look at \`IFLA_LINK_NETNSID 0\` in the description of \`veth1\` above, before
it moved: its peer had gone to \`net0\`, and \`IFLA_LINK 2\` is an index there,
meaningless in \`host\` unless it says which namespace. So the kernel gave
\`net0\` an id in \`host\`, an nsid, the first free one: 0.
`);

  md(`
### The ids the moves created: \`ip netns list-id\`

Each namespace keeps its own table of ids for the namespaces it needs to
name (\`src/netlink/rtnl/nsid.ts\`, \`<linux/net_namespace.h>\`). Listeners of
\`RTNLGRP_NSID\` are sent an \`RTM_NEWNSID\` whenever one is assigned.
\`ip netns list-id\` dumps the table, then asks, for each name under
\`/run/netns\`, which id that namespace has here:
`);
  await traced(['-n', 'net0', 'netns', 'list-id']);
  md(`
- \`RTM_GETNSID\` with \`NLM_F_DUMP\`: \`struct rtgenmsg\` (one byte, the family,
  padded to 4) and no attributes: every id \`net0\` has given. Each answer is
  an \`RTM_NEWNSID\` with \`NETNSA_NSID\`, and \`NLMSG_DONE\` ends the dump
  (step 6 has more on dumps).
- Then one \`RTM_GETNSID\` per name, with \`NETNSA_FD\` (an open
  \`/run/netns/NAME\`): the answer's \`NETNSA_NSID\` is the id, or -1
  (\`NETNSA_NSID_NOT_ASSIGNED\`) for \`net0\` itself and for namespaces it has
  not needed to name. \`net0\` named \`host\` 0 when \`veth0\` arrived (its peer
  was in \`host\` then), and \`net1\` 1 when the peer moved on.
`);

  /* 4. link set up */
  md(`
## 4. \`ip link set veth0 up\`: ifi_flags and ifi_change
`);
  await traced(['-n', 'net0', 'link', 'set', 'veth0', 'up']);
  md(`
After the name lookup, the whole change is in the fixed header:
\`ifi_flags=0x1\` (\`IFF_UP\`, \`<linux/if.h>\`) and \`ifi_change=0x1\`, the mask
of the flags to change. The kernel computes the new flags as
\`(old & ~ifi_change) | (ifi_flags & ifi_change)\`, so other flags are left
alone. (For compatibility, \`ifi_change=0\` with non-zero \`ifi_flags\` means
"set all flags to \`ifi_flags\`"; both 0 means "no flag change".) The 32-byte
request has no attributes at all.

The link is up but has no carrier: its peer, \`veth1\` in \`net1\`, is still
down. The name lookup above shows \`ifi_flags=0x1002\` (before), and the next
step's shows \`0x1003\` (\`IFF_UP\` added) without \`IFF_RUNNING\` (0x40) or
\`IFF_LOWER_UP\` (0x10000), and \`IFLA_OPERSTATE 3\` (\`IF_OPER_LOWERLAYERDOWN\`):
\`ip\` prints \`NO-CARRIER\` and \`state LOWERLAYERDOWN\`.
`);

  /* 5. addr add */
  md(`
## 5. \`ip addr add 10.1.1.1/24 dev veth0\`: RTM_NEWADDR
`);
  await traced(['-n', 'net0', 'addr', 'add', '10.1.1.1/24', 'dev', 'veth0']);
  md(`
\`struct ifaddrmsg\` (\`<linux/if_addr.h>\`, \`src/netlink/rtnl/address.ts\`):
\`ifa_family=2\` (\`AF_INET\`), \`ifa_prefixlen=24\`, \`ifa_flags\` 0 (the low 8
bits of \`IFA_F_*\`; the full 32 travel in \`IFA_FLAGS\` when needed),
\`ifa_scope=0\` (\`RT_SCOPE_UNIVERSE\`: \`scope global\`), \`ifa_index=2\`: the link,
by the index the lookup found. Two attributes hold the address:
\`IFA_LOCAL\` is this interface's own address, \`IFA_ADDRESS\` the address of
the other end on a point-to-point link, or, as here, the same address again.
Both are IPv4 addresses in network byte order, 4 bytes each.

With the address the kernel also adds routes, without being asked: the
prefix route \`10.1.1.0/24\` in the main table (unless \`IFA_F_NOPREFIXROUTE\`),
and \`local\`/\`broadcast\` routes in the local table.
`);

  /* 6. dumps */
  md(`
## 6. \`ip route\` and \`ip a\`: dumps

A "get" with \`NLM_F_DUMP\` asks for every object of a kind. The kernel
answers with as many datagrams as it takes (each up to about 32 KiB), every
message flagged \`NLM_F_MULTI\`, and ends with \`NLMSG_DONE\`.
`);
  await traced(['-n', 'net0', 'route']);
  md(`
- The request: \`RTM_GETROUTE\`, flags \`REQUEST|ACK|DUMP\` (\`NLM_F_DUMP\` is
  \`NLM_F_ROOT|NLM_F_MATCH\`, 0x300), and \`struct rtmsg\`
  (\`src/netlink/rtnl/route.ts\`) with \`rtm_family=2\` (IPv4 only) and
  \`RTA_TABLE 254\` (\`RT_TABLE_MAIN\`). With \`NETLINK_GET_STRICT_CHK\` the kernel
  applies that filter itself, and says so: \`DUMP_FILTERED\` (0x20) in its
  answers. Without it, the dump would carry the local table too, for the
  client to drop. \`ACK\` on a dump is answered by \`NLMSG_DONE\` alone when all
  goes well; an error before the dump starts comes back as \`NLMSG_ERROR\`.
- The answer: one \`RTM_NEWROUTE\` (\`MULTI\`): \`rtm_dst_len=24\`,
  \`rtm_table=254\`, \`rtm_protocol=2\` (\`RTPROT_KERNEL\`: added by the kernel
  with the address), \`rtm_scope=253\` (\`RT_SCOPE_LINK\`), \`rtm_type=1\`
  (\`RTN_UNICAST\`), \`rtm_flags=0x10\` (\`RTNH_F_LINKDOWN\`: the link has no
  carrier; \`ip\` prints \`linkdown\`), then \`RTA_TABLE\`, \`RTA_DST\`,
  \`RTA_PREFSRC\` (the source address to use: \`src 10.1.1.1\`) and \`RTA_OIF\`
  (the output link, by index).
- \`NLMSG_DONE\` (type 3) ends the dump; its payload is an \`int\`, 0, or a
  negative errno if the dump failed part way (its extended ack, if any, then
  follows).
- To print \`dev veth0\` for \`RTA_OIF 2\`, tsip then dumps the links (as ip
  does): \`RTM_GETLINK\` with \`ifi_family=17\` (\`AF_PACKET\`: iproute2's choice,
  which the kernel serves like \`AF_UNSPEC\`) and \`IFLA_EXT_MASK 9\`
  (\`RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS\`). Both links come in one
  datagram, each an \`RTM_NEWLINK\` with \`MULTI\`, then \`NLMSG_DONE\` in the next.

\`ip a\` is the same pattern twice: a dump of the links, then of the
addresses (\`RTM_GETADDR\`), matched by index:
`);
  await traced(['-n', 'net0', 'a']);
  md(`
Each address is an \`RTM_NEWADDR\`: the request's \`IFA_LOCAL\` and
\`IFA_ADDRESS\` come back, with \`IFA_LABEL\` (the link's name, or an alias
label like \`veth0:1\`), \`IFA_FLAGS\` (all 32 bits of \`IFA_F_*\`; 0x80 is
\`IFA_F_PERMANENT\`: not from autoconfiguration) and \`IFA_CACHEINFO\`
(\`struct ifa_cacheinfo\`: lifetimes, 4294967295 meaning \`forever\`, and the
times it was created and last changed, in hundredths of a second since boot).
\`lo\` is down and \`veth0\` has no carrier yet, so there are no IPv6
addresses: IPv6 gives a link its \`fe80::\` address only once the link can
carry packets.

The three \`RTM_GETNSID\` requests at the end are for \`veth0\`'s
\`IFLA_LINK_NETNSID 1\`: to print the peer's namespace by name
(\`link-netns net1\`) rather than by number, tsip asks, as ip does, which id
each namespace under \`/run/netns\` has in \`net0\` (as \`list-id\` did in
step 3), and finds \`net1\` at 1. Without a name, ip prints
\`link-netnsid 1\`, as in the tutorial's own output.
`);

  /* 7. errors */
  md(`
## 7. When the kernel says no: errors and extended acks

Run the same \`addr add\` again:
`);
  await traced(['-n', 'net0', 'addr', 'add', '10.1.1.1/24', 'dev', 'veth0'], { expect: 2, from: [/RTM_NEWADDR/, 'the RTM_GETLINK that finds veth0, as in step 5'] });
  md(`
The answer is the same \`NLMSG_ERROR\` as an ack, with \`error=-17\`
(\`-EEXIST\`). Because the socket asked for extended acks, the flags say
\`ACK_TLVS\` (0x200): after the echoed header come \`NLMSGERR_ATTR_*\`
attributes (\`<linux/netlink.h>\`), here \`NLMSGERR_ATTR_MSG\`, the kernel's
own words. tsip prints them as ip does (\`Error: ...\`) and exits with ip's
status, 2. When the kernel can point at the attribute it refused it adds
\`NLMSGERR_ATTR_OFFS\`, the offset of that attribute in the request; tsip keeps
both in \`NetlinkError.extack\` (\`src/netlink/errors.ts\`).
`);

  /* 8. the other end, ping */
  md(`
## 8. The other end, and \`ping\`: no netlink

\`net1\` gets the same three steps (not shown: they are steps 4 and 5 with
other names):

\`\`\`text
$ tsip -n net1 link set veth1 up
$ tsip -n net1 addr add 10.1.1.2/24 dev veth1
\`\`\`

Now both ends are up, so both have carrier, and \`ping\` works. It uses no
netlink: it opens an ICMP socket inside \`net0\`, the same way step 1 opened a
netlink socket there (\`src/ops/ping.ts\`):
`);
  await quietly(['-n', 'net1', 'link', 'set', 'veth1', 'up']);
  await quietly(['-n', 'net1', 'addr', 'add', '10.1.1.2/24', 'dev', 'veth1']);
  await shownStrace(['-n', 'net0', 'ping', '-c', '1', '-W', '2', '10.1.1.2'], 'openat,close,setns,socket', { paths: /\/run\/netns|\/proc\/thread-self\/ns/, sockets: /AF_INET/ });
  md(`
The unprivileged kind of ICMP socket (\`SOCK_DGRAM\`, \`IPPROTO_ICMP\`) is
refused: a new namespace's \`net.ipv4.ping_group_range\` is \`1 0\`, which lets
no group use it. So tsip, running as root, falls back to a raw socket, as
iputils ping does. Everything after \`socket()\` (the echo request, the reply,
the timing) happens on that socket, outside netlink.
`);

  /* 9. bridge */
  md(`
## 9. \`ip link add br0 type bridge\`, \`ip link set dev veth3 master br0\`

The tutorial's second scenario joins namespaces through a bridge. In
\`host\`, with a second veth pair made as in step 2, this time named
(\`tsip -n host link add veth2 type veth peer name veth3\`, not shown):
`);
  await quietly(['-n', 'host', 'link', 'add', 'veth2', 'type', 'veth', 'peer', 'name', 'veth3']);
  await traced(['-n', 'host', 'link', 'add', 'br0', 'type', 'bridge']);
  md(`
A named link this time: \`IFLA_IFNAME "br0"\` in the request, and
\`IFLA_INFO_KIND "bridge"\` with no \`IFLA_INFO_DATA\`, so every bridge option
takes its default. The echo carries the bridge's settings back in
\`IFLA_INFO_DATA\` (\`IFLA_BR_*\`, \`src/netlink/rtnl/linkinfo/bridge.ts\`).
`);
  await traced(['-n', 'host', 'link', 'set', 'dev', 'veth3', 'master', 'br0']);
  md(`
Two lookups (the bridge, then the port), then one \`RTM_NEWLINK\` on the port
with \`IFLA_MASTER\`, the bridge's index. A link with a master reports it in
\`IFLA_MASTER\` and, inside \`IFLA_LINKINFO\`, names the master's kind in
\`IFLA_INFO_SLAVE_KIND "bridge"\`, with its settings as a port in
\`IFLA_INFO_SLAVE_DATA\` (\`IFLA_BRPORT_*\`, \`src/netlink/rtnl/linkinfo/bridge_port.ts\`).
\`ip link set dev veth3 nomaster\` sends \`IFLA_MASTER 0\`.
`);

  /* 10. sysctl */
  md(`
## 10. \`echo 0 > /proc/sys/net/bridge/bridge-nf-call-iptables\`: a file, per namespace

\`/proc/sys/net\` shows the namespace of whoever opens the file, and the open
file stays bound to it. So tsip opens it inside the namespace, in the same
synchronous window as a socket (\`src/ops/sysctl.ts\`):
`);
  await shownStrace(['-n', 'host', 'sysctl', '-w', 'net.bridge.bridge-nf-call-iptables=0'], 'openat,close,setns,write', { paths: /\/run\/netns|\/proc\/thread-self\/ns|\/proc\/sys\// });

  /* 11. iptables */
  md(`
## 11. \`iptables -A FORWARD -i br0 -j ACCEPT\`: an nf_tables transaction

iptables on current systems is \`iptables-nft\`: it speaks nf_tables over
another netlink protocol, \`NETLINK_NETFILTER\` (\`src/netlink/nftables/\`,
\`<linux/netfilter/nf_tables.h>\`). Its message types hold two numbers:
\`nlmsg_type = (subsystem << 8) | message\`, so \`NFT_MSG_NEWRULE(2566)\` is
subsystem 10 (\`NFNL_SUBSYS_NFTABLES\`), message 6. Every message starts with
\`struct nfgenmsg\` (\`nfgen_family\`: 2 for \`table ip\`; \`version\`; \`res_id\`,
big-endian).
`);
  await traced(['-n', 'host', 'iptables', '-A', 'FORWARD', '-i', 'br0', '-j', 'ACCEPT']);
  md(`
- \`NFT_MSG_GETGEN\`: the ruleset's generation, bumped by every committed
  change (\`NFTA_GEN_ID 1\`: a fresh namespace). \`NFTA_GEN_PROC_PID\` and
  \`NFTA_GEN_PROC_NAME\` name the process asking.
- \`NFT_MSG_GETTABLE\` dump of family \`ip\`: only \`NLMSG_DONE\`, no tables yet.
  (With a \`filter\` table there, tsip would dump its chains and rules too.)
- Then one datagram, one \`sendmsg()\`, five messages: a transaction.
  \`NFNL_MSG_BATCH_BEGIN\` (\`res_id=10\`: for nf_tables; \`NFNL_BATCH_GENID 1\`:
  refuse the batch with \`ERESTART\` if anyone committed since generation 1),
  \`NFT_MSG_NEWTABLE\` \`filter\` (\`CREATE\` without \`EXCL\`: fine if it exists),
  \`NFT_MSG_NEWCHAIN\` \`FORWARD\` (a base chain: \`NFTA_HOOK_HOOKNUM 2\` is
  \`NF_INET_FORWARD\`, priority 0, \`NFTA_CHAIN_POLICY 1\` is \`NF_ACCEPT\`, type
  \`filter\`), \`NFT_MSG_NEWRULE\` with \`APPEND\` (\`-A\`: at the end), and
  \`NFNL_MSG_BATCH_END\`. The kernel checks all of them, then commits all or
  none. Every nest carries \`|N\`, as libnftnl sends them.
- The rule is a little program for nf_tables' register machine, one
  \`NFTA_LIST_ELEM\` per expression (\`src/netlink/nftables/expr.ts\`):
  \`meta\` loads the input interface's name (\`NFTA_META_KEY 6\`,
  \`NFT_META_IIFNAME\`) into register 1; \`cmp\` compares register 1 with
  \`"br0\\0"\` (the bytes \`62 72 30 00\`, \`NFT_CMP_EQ\` is 0) and stops the rule
  if they differ; \`counter\` counts; \`immediate\` puts verdict 1 (\`NF_ACCEPT\`)
  in register 0, the verdict register. \`nft --debug=netlink\` prints these as
  \`[ meta load iifname => reg 1 ] [ cmp eq reg 1 0x00307262 ] [ counter ... ]
  [ immediate reg 0 accept ]\`. \`NFTA_RULE_COMPAT\` is what iptables-nft adds
  for the x_tables extensions a rule may use (none here).
- Five acks, one per message, in order, sent once the whole batch was
  processed: BEGIN's and END's acks (\`nlmsg_seq=3\`, 7) say the transaction
  was accepted and committed.
`);

  /* 12. netns del */
  md(`
## 12. \`ip netns del net0\`: unmount, unlink

Removing the name drops the reference the mount held. The namespace itself
goes when nothing else refers to it, and takes its links with it: a veth
whose end is destroyed loses its peer too, wherever it is.
`);
  await shownStrace(['netns', 'del', 'net0'], 'umount2,unlink', { paths: /\/run\/netns/ });
  md(`
\`MNT_DETACH\` unmounts at once even if the mount is busy; \`UMOUNT_NOFOLLOW\`
refuses to follow a symlink planted under \`/run/netns\`. \`net1\` and \`host\`
go the same way.
`);
  await quietly(['netns', 'del', 'net1']);
  await quietly(['netns', 'del', 'host']);
  const left = readdirSync('/run/netns');
  if (left.length) throw new Error(`namespaces left behind: ${left.join(' ')}`);

  md(`
## Further

- \`tsip --trace\` with any command shows its messages; \`tsip monitor\` shows
  the kernel's announcements (\`RTM_NEWLINK\` and friends, sent to
  multicast groups) as they happen.
- The library: \`docs/api.md\` (every operation with its \`ip\` equivalent),
  and the README's examples.
- The wire layer's files each open with the kernel struct or diagram they
  mirror: \`src/netlink/nlmsghdr.ts\`, \`nlattr.ts\`, \`socket.ts\`,
  \`rtnl/*.ts\`, \`nftables/*.ts\`.
`);
  return `${doc.join('\n').replace(/\n+$/, '')}\n`;
}

/* ---------------------------------------------------------------- main */

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  if (process.argv.includes('--inner')) {
    if (process.env[PRIVATE_NETNS_ENV] !== '1') throw new Error('--inner runs only inside runWithPrivateNetnsDir()');
    try {
      process.stdout.write(await generate());
    } catch (e) {
      // leave nothing behind even when a step failed
      for (const n of readdirSync('/run/netns')) spawnSync(process.execPath, [TSIP, 'netns', 'del', n]);
      throw e;
    }
  } else {
    process.exitCode = outer(process.argv.slice(2));
  }
}
