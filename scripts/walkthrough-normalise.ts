// Turning real `tsip --trace` and `strace` output into text that is the same
// on every run, for docs/netlink-walkthrough.md (scripts/walkthrough.ts).
//
// What varies from run to run, and becomes a $NAME:
//   nlmsg_pid of replies, getsockname's nl_pid   $PORTID  (the socket's port id)
//   random MAC addresses                         $MAC_<link> (named after the link first seen with it)
//   fd numbers in IFLA_NET_NS_FD, NETNSA_FD      $FD
//   fds in strace lines                          $fd_<what> (named after what was opened)
//   NFTA_GEN_PROC_PID                            $PID
//   address timestamps (cstamp, tstamp)          $TIME
//   ping's round-trip times                      $RTT
//   pointers strace prints                       $ptr
// What does not vary, and stays: sequence numbers (each tsip socket counts
// from 1), ifindexes and nsids (each namespace counts its own, and the
// walkthrough's namespaces are fresh), lengths and offsets.
//
// Long replies (the kernel's description of a link: some 40 attributes and
// 1.5 KiB of counters and per-family settings) are cut to the attributes a
// step is about; each run of attributes left out becomes one line saying
// how many and which:  ⋯ 18 attributes, IFLA_LINKMODE … IFLA_NUM_RX_QUEUES
//
// Pure: text in, text out.

const MAC = /"((?:[0-9a-f]{2}:){5}[0-9a-f]{2})"/g;
const FIXED_MACS = new Set(['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff']);

/** The attributes of a link reply that the walkthrough shows; the rest is summarised. */
const LINK_KEEP = new Set([
  'IFLA_IFNAME', 'IFLA_OPERSTATE', 'IFLA_CARRIER', 'IFLA_ADDRESS', 'IFLA_BROADCAST',
  'IFLA_LINKINFO', 'IFLA_INFO_KIND', 'IFLA_INFO_SLAVE_KIND', 'IFLA_LINK', 'IFLA_LINK_NETNSID', 'IFLA_MASTER',
]);
/** Shown, but their contents summarised. */
const LINK_SHALLOW = new Set(['IFLA_INFO_DATA', 'IFLA_INFO_SLAVE_DATA']);

type Fate = 'keep' | 'shallow' | 'elided' | 'hidden';

export class Normaliser {
  private macs = new Map<string, string>();
  private macNames = new Set<string>();

  /** $MAC_<link> for a MAC address, named after `link` the first time it is seen. */
  mac(value: string, link?: string): string {
    if (FIXED_MACS.has(value)) return value;
    let name = this.macs.get(value);
    if (!name) {
      const base = link ? `$MAC_${link}` : '$MAC';
      name = base;
      for (let i = 2; this.macNames.has(name) || (!link && name === '$MAC'); i++) name = `${base}${i}`;
      this.macs.set(value, name);
      this.macNames.add(name);
    }
    return name;
  }

  /** Replacements that apply to any line (trace or command output). */
  line(s: string, link?: string): string {
    return s
      .replace(MAC, (_, m: string) => `"${this.mac(m, link)}"`)
      .replace(/\b((?:[0-9a-f]{2}:){5}[0-9a-f]{2})\b/g, (m: string) => this.mac(m, link))
      .replace(/\b(cstamp|tstamp)=\d+/g, '$1=$TIME');
  }

  /** A whole `--trace` text: datagrams, messages, attributes. */
  trace(text: string): string {
    const out: string[] = [];
    let direction: 'request' | 'reply' = 'request';
    let message: string[] = [];
    const flush = () => {
      if (message.length) out.push(...this.message(message, direction));
      message = [];
    };
    for (const raw of text.replace(/\n$/, '').split('\n')) {
      const dgram = /^([<>]) (request|reply), \d+ bytes$/.exec(raw);
      if (dgram) {
        flush();
        direction = dgram[2] as 'request' | 'reply';
        out.push(raw);
      } else if (/^[0-9a-f]{4} nlmsghdr /.test(raw)) {
        flush();
        message.push(raw);
      } else {
        message.push(raw);
      }
    }
    flush();
    return out.join('\n');
  }

  private message(lines: string[], direction: 'request' | 'reply'): string[] {
    const head = lines[0] ?? '';
    const elide = direction === 'reply' && /nlmsg_type=RTM_NEWLINK\(/.test(head);
    let link: string | undefined;
    for (const l of lines) {
      const m = /^[0-9a-f]{4}   len=\d+ type=\S+\s+IFLA_IFNAME "([^"]*)"/.exec(l);
      if (m) link = m[1];
    }
    const fix = (l: string) => this.line(l, link)
      .replace(/\bnlmsg_pid=[1-9]\d*/, 'nlmsg_pid=$PORTID')
      .replace(/\b(IFLA_NET_NS_FD|NETNSA_FD|IFLA_NEW_NETNSID_FD) \d+$/, '$1 $FD')
      .replace(/\bNFTA_GEN_PROC_PID \d+$/, 'NFTA_GEN_PROC_PID $PID');
    if (!elide) return lines.map(fix);

    const out: string[] = [];
    const fates: Fate[] = []; // by depth: the fate of the last line seen there
    let run: { depth: number; names: string[] } | undefined;
    const endRun = () => {
      if (!run) return;
      const { depth, names } = run;
      const which = names.length === 1 ? names[0] : `${names.length} attributes, ${names[0]} … ${names[names.length - 1]}`;
      out.push(`     ${'  '.repeat(depth)}⋯ ${which}`);
      run = undefined;
    };
    for (const l of lines) {
      const a = /^[0-9a-f]{4} ( +)len=\d+ type=\S+\s+(\S+)/.exec(l);
      if (!a) {
        endRun();
        out.push(fix(l));
        continue;
      }
      const depth = a[1]!.length / 2;
      const name = a[2]!;
      const parent: Fate = depth <= 1 ? 'keep' : (fates[depth - 1] ?? 'keep');
      const fate: Fate = parent === 'elided' || parent === 'hidden' ? 'hidden'
        : parent === 'shallow' ? 'elided'
          : LINK_SHALLOW.has(name) ? 'shallow'
            : LINK_KEEP.has(name) ? 'keep' : 'elided';
      fates[depth] = fate;
      fates.length = depth + 1;
      if (fate === 'hidden') continue;
      if (fate === 'elided') {
        if (run && run.depth !== depth) endRun();
        run ??= { depth, names: [] };
        run.names.push(name);
        continue;
      }
      endRun();
      out.push(fix(l));
    }
    endRun();
    return out;
  }

  /** Command output (stdout, error messages). */
  output(text: string): string {
    return text
      .split('\n')
      .map((l) => this.line(l)
        .replace(/time=\d+(\.\d+)? ms/g, 'time=$RTT ms')
        .replace(/, time \d+ms$/, ', time $RTTms')
        .replace(/= [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/, '= $RTT/$RTT/$RTT/$RTT ms'))
      .join('\n');
  }
}

/**
 * strace output (one thread, no -f), reduced to the calls that touch
 * namespaces, netlink and the files a step is about, with fds named after
 * what they are: $fd_self, $fd_<netns name>, $fd_netlink, $fd_sysctl, ...
 */
export function normaliseStrace(text: string, opts: { paths: RegExp; sockets?: RegExp }): string {
  const fds = new Map<string, string>();
  const out: string[] = [];
  const label = (fd: string) => fds.get(fd);
  const emit = (call: string, result: string) => out.push(`${call.padEnd(56)} = ${result}`);
  for (const line of text.split('\n')) {
    const m = /^(\w+)\((.*)\)\s+= (.*)$/.exec(line);
    if (!m) continue;
    const [, name, args, result] = m as unknown as [string, string, string, string];
    const first = args.split(',')[0]!;
    const fdOf = (r: string) => /^\d+$/.test(r);
    if (name === 'openat') {
      const path = /"([^"]+)"/.exec(args)?.[1] ?? '';
      if (!opts.paths.test(path)) continue;
      const what = path === '/proc/thread-self/ns/net' ? 'self'
        : path.startsWith('/run/netns/') ? path.slice('/run/netns/'.length)
          : path.startsWith('/proc/sys/') ? 'sysctl' : 'file';
      if (fdOf(result)) {
        fds.set(result, `$fd_${what}`);
        emit(`${name}(${args})`, `$fd_${what}`);
      } else {
        emit(`${name}(${args})`, result);
      }
    } else if (name === 'socket') {
      if (opts.sockets && !opts.sockets.test(args)) continue;
      const what = args.startsWith('AF_NETLINK') ? 'netlink' : args.includes('IPPROTO_ICMP') ? 'icmp' : 'socket';
      if (fdOf(result)) fds.set(result, `$fd_${what}`);
      emit(`${name}(${args})`, fdOf(result) ? `$fd_${what}` : result);
    } else if (['mkdir', 'mount', 'umount2', 'unlink'].includes(name)) {
      if (!opts.paths.test(args)) continue;
      emit(`${name}(${args.replace(/, 0x[0-9a-f]+, /, ', $ptr, ')})`, result);
    } else if (name === 'unshare') {
      emit(`${name}(${args})`, result);
    } else if (label(first)) {
      const l = label(first)!;
      const rest = args.slice(first.length)
        .replace(/nl_pid=[1-9]\d*/, 'nl_pid=$PORTID');
      if (name === 'write' || name === 'close' || /^(setns|setsockopt|bind|getsockname|connect)$/.test(name)) {
        emit(`${name}(${l}${rest})`, result);
      }
      if (name === 'close') fds.delete(first);
    }
  }
  return out.join('\n');
}
