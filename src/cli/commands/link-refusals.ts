// Requests ip sends and the kernel always refuses, but which tsip's link
// operations refuse before sending (with their own words): answered here
// with the kernel's words and ip's exit status 2, so that a script sees
// what it sees with ip. Each is a check the kernel makes on the request
// alone, whatever the state of the system.

import { CliError } from '../args.js';

const kernel = (msg: string) => new CliError(msg, 2);

export interface Refusable {
  kind: string;
  name?: string;
  peerName?: string;
  lower?: number;
  options?: Record<string, unknown>;
}

/** The kernel's answer to an add it always refuses, or undefined. */
export function kernelRefusal(r: Refusable): CliError | undefined {
  // IFLA_IFNAME's policy: at most IFNAMSIZ-1 bytes
  for (const n of [r.name, r.peerName]) {
    if (n !== undefined && Buffer.byteLength(n) >= 16) return kernel('Error: Attribute failed policy validation.');
  }
  // macvlan_common_newlink(): no IFLA_LINK, -EINVAL without a message
  if ((r.kind === 'macvlan' || r.kind === 'macvtap') && r.lower === undefined) return kernel('RTNETLINK answers: Invalid argument');
  // vxlan: IFLA_VXLAN_ID is required unless collecting metadata
  if (r.kind === 'vxlan' && r.options?.id === undefined && !r.options?.external) {
    return kernel('Error: Required attributes not provided to perform the operation.');
  }
  return undefined;
}

/** The kernel's answer to a veth peer brought up at creation: veth_open() has no peer yet. */
export const peerUpRefusal = () => kernel('RTNETLINK answers: Transport endpoint is not connected');

/** A vxlan source port range that runs backwards. */
export const portRangeRefusal = () => kernel('Error: Invalid source port range.');

/** ENODEV for an index ip resolved (an "ifN" name, or a link gone meanwhile). */
export const noSuchDevice = () => kernel('RTNETLINK answers: No such device');
