// What the link and address printers share: the options (ip's global
// flags), the name tables ip reads from /etc, and the link cache ip builds
// while it dumps (lib/ll_map.c), which turns an ifindex into "br0" for
// "master br0" and "veth0@veth1".

import type { LinkMessage } from '../../netlink/rtnl/link.js';
import { DEFAULT_GROUPS, DEFAULT_SCOPES } from './names.js';
import { Output } from './output.js';

/** Names ip reads from files: /etc/iproute2/{group,rt_scopes}, /etc/passwd, /etc/group. */
export interface NameTables {
  /** device groups (/etc/iproute2/group) */
  groups: ReadonlyMap<number, string>;
  /** address scopes (rt_scopes, over the built-in names) */
  scopes: ReadonlyMap<number, string>;
  /** user names by uid, for a tun device's owner */
  users?: ReadonlyMap<number, string>;
  /** group names by gid, for a tun device's group */
  userGroups?: ReadonlyMap<number, string>;
  /** protodown reason names by bit (/etc/iproute2/protodown_reasons.d) */
  protodownReasons?: ReadonlyMap<number, string>;
}

export interface PrintOptions {
  /** -j */
  json?: boolean;
  /** -p, with -j */
  pretty?: boolean;
  /** -br */
  brief?: boolean;
  /** -d */
  details?: boolean | number;
  /** how many -s */
  stats?: number;
  /** -4 / -6 (ip addr): only that family's addresses, and only links that have one */
  family?: 'inet' | 'inet6';
  /** -o: one line per record, "\" where the line breaks were */
  oneline?: boolean;
  /** -h: statistics in k, M, G (powers of 1000; of 1024 with -iec) */
  human?: boolean;
  /** -iec: with -h, Ki, Mi, Gi */
  iec?: boolean;
  /** nsid -> name of the namespaces under /run/netns: "link-netns NAME" instead of "link-netnsid N" */
  netnsNames?: ReadonlyMap<number, string>;
  /** name tables; the shipped defaults when absent (group 0 "default", the built-in scopes) */
  names?: Partial<NameTables>;
  /**
   * Every link of the namespace, for index -> name lookups (ip's link
   * cache); the printed links when absent. Pass it when printing a subset
   * ("dev X") so that "@peer" and "master" still resolve.
   */
  known?: readonly LinkMessage[];
}

export class PrintContext {
  readonly out: Output;
  readonly names: NameTables;
  readonly details: boolean;
  readonly stats: number;
  private readonly byIndex = new Map<number, LinkMessage>();

  constructor(readonly opts: PrintOptions, links: readonly LinkMessage[]) {
    this.out = new Output(opts);
    this.names = { groups: DEFAULT_GROUPS, scopes: DEFAULT_SCOPES, ...opts.names };
    this.details = !!opts.details;
    this.stats = opts.stats ?? 0;
    for (const l of opts.known ?? links) if (!this.byIndex.has(l.ifi_index)) this.byIndex.set(l.ifi_index, l);
  }

  /** The cached (known) link of an index. */
  known(index: number): LinkMessage | undefined {
    return this.byIndex.get(index);
  }

  /** ll_index_to_name(): "*" for 0, the cached name, else "if<N>" */
  indexToName(index: number): string {
    if (index === 0) return '*';
    const name = this.byIndex.get(index)?.attrs.IFLA_IFNAME;
    return typeof name === 'string' ? name : `if${index}`;
  }

  /** ll_index_to_flags(): the cached link's ifi_flags, 0 when unknown */
  indexToFlags(index: number): number {
    return this.byIndex.get(index)?.ifi_flags ?? 0;
  }
}
