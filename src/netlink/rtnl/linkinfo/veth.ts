// veth: IFLA_INFO_DATA of kind "veth". <linux/veth.h>
//
// A veth pair is created with one RTM_NEWLINK: the request describes the
// first end, and VETH_INFO_PEER describes the other as a whole link message
// of its own, struct ifinfomsg followed by IFLA_* (IFLA_IFNAME,
// IFLA_NET_NS_FD to put it in another namespace, ...):
//
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]  "veth"
//       [IFLA_INFO_DATA]
//           [VETH_INFO_PEER]  struct ifinfomsg, [IFLA_IFNAME] "veth1", ...
//
// The kernel's replies carry no IFLA_INFO_DATA for veth: the peer shows up as
// IFLA_LINK (its ifindex) and IFLA_LINK_NETNSID (when in another namespace).
//
// The import cycle. VETH_INFO_PEER holds a link message, so this table needs
// the link family, whose IFLA_INFO_DATA choice needs this table (through
// ./index.ts). ES modules run a cycle's members one after another, so one of
// them must not read the others' exports while it runs. Here nobody does:
// `message` below is a getter, read only when a message is decoded or
// encoded, and index.ts reads this table through a getter too. Whichever of
// link.ts, index.ts or veth.ts is imported first, each module finishes
// without touching a binding that is not yet initialised.

import { attrSet } from '../../schema.js';
import { link } from '../link.js';

export const VETH_INFO_PEER = 1;

/** enum { VETH_INFO_UNSPEC, VETH_INFO_PEER } */
export const vethAttrs = attrSet('linkinfo-veth-attrs', 'VETH_INFO_', [
  {
    id: 1, name: 'VETH_INFO_PEER', type: 'message',
    get message() { return link; },
  },
]);
