// `ip netns list` and `ip netns list-id`, printed as iproute2 6.1 prints
// them (ip/ipnetns.c netns_list, print_nsid):
//
//   net1 (id: 0)                      [{"name":"net1","id":0},{"name":"net0"}]
//   net0
//
//   nsid 0 (iproute2 netns name: net1)       [{"nsid":0,"name":"net1"}]
//   nsid 1 current-nsid 3 
//
// Entries print in the order given (ip's is readdir order of /run/netns
// for the list, the kernel's dump order for the ids).

import type { NetnsEntry, NsidEntry } from '../../ops/netns.js';
import { Output } from './output.js';

export interface NetnsPrintOptions {
  json?: boolean;
  pretty?: boolean;
}

/** netns_list(): one line per name, its nsid after it when it has one. */
export function formatNetnsList(entries: readonly NetnsEntry[], opts: NetnsPrintOptions = {}): string {
  const out = new Output(opts);
  out.openAnonArray();
  for (const e of entries) {
    out.openObject();
    out.string('any', 'name', '%s', e.name);
    if (e.id !== undefined && e.id >= 0) out.int('any', 'id', ' (id: %d)', e.id);
    out.fp('\n');
    out.closeObject();
  }
  out.closeArray('json', null);
  return out.finish();
}

/** print_nsid(): "nsid N [current-nsid M ](iproute2 netns name: NAME)" per peer. */
export function formatNsidList(entries: readonly NsidEntry[], opts: NetnsPrintOptions & { deleted?: boolean } = {}): string {
  const out = new Output(opts);
  out.openAnonArray();
  for (const e of entries) {
    out.openObject();
    if (opts.deleted) out.bool('any', 'deleted', 'Deleted ', true);
    if (e.nsid < 0) out.fp('nsid unassigned ');
    else out.int('any', 'nsid', 'nsid %d ', e.nsid);
    if (e.currentNsid !== undefined) {
      if (e.currentNsid < 0) out.fp('current-nsid unassigned ');
      else out.int('any', 'current-nsid', 'current-nsid %d ', e.currentNsid);
    }
    if (e.name !== undefined) out.string('any', 'name', '(iproute2 netns name: %s)', e.name);
    out.fp('\n');
    out.closeObject();
  }
  out.closeArray('json', null);
  return out.finish();
}
