// iptables' errors: a message in iptables' own words and the exit status
// iptables gives it: 2 for bad usage (a bad option or value), 1 for a
// command that cannot be carried out ("Bad rule (does a matching rule exist
// in that chain?)"), 3 for a table that does not exist.

import { UsageError } from '../../netlink/errors.js';

export class IptablesError extends UsageError {
  /** the exit status iptables gives this error */
  readonly status: number;
  constructor(message: string, status: 1 | 2 | 3) {
    super(message);
    this.name = 'IptablesError';
    this.status = status;
  }
}

/**
 * The text iptables prints on stderr for `e`:
 *
 *   status 2: "iptables: <message>\nTry `iptables -h' or 'iptables --help' for more information."
 *   status 1: "iptables: <message>"
 */
export function formatIptablesError(e: IptablesError): string {
  return e.status === 2
    ? `iptables: ${e.message}\nTry \`iptables -h' or 'iptables --help' for more information.`
    : `iptables: ${e.message}`;
}
