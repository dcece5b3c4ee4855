// IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA sets by kind: the link family's
// IFLA_LINKINFO reads the sibling IFLA_INFO_KIND (IFLA_INFO_SLAVE_KIND) and
// looks the set up here. Kinds without a table (ifb, ...) keep their data as
// bytes. <linux/if_link.h>:
//
//   [IFLA_LINKINFO]                      enum { IFLA_INFO_UNSPEC, IFLA_INFO_KIND,
//       [IFLA_INFO_KIND]        "bridge"        IFLA_INFO_DATA, IFLA_INFO_XSTATS,
//       [IFLA_INFO_DATA]        IFLA_BR_*       IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA }
//       [IFLA_INFO_SLAVE_KIND]  "bridge"     (the master's kind)
//       [IFLA_INFO_SLAVE_DATA]  IFLA_BRPORT_*
//
// `veth` is a getter: veth's table refers back to the link family (see the
// note in ./veth.ts), and reading it lazily keeps the import cycle harmless.

import type { AttrSet } from '../../schema.js';
import { bridgeAttrs } from './bridge.js';
import { bridgePortAttrs } from './bridge_port.js';
import { macvlanAttrs } from './macvlan.js';
import { tunAttrs } from './tun.js';
import { vethAttrs } from './veth.js';
import { vxlanAttrs } from './vxlan.js';

/** IFLA_INFO_KIND -> the IFLA_INFO_DATA set */
export const infoDataSets: Readonly<Record<string, AttrSet | undefined>> = {
  bridge: bridgeAttrs,
  macvlan: macvlanAttrs,
  macvtap: macvlanAttrs,
  tun: tunAttrs,
  vxlan: vxlanAttrs,
  get veth() { return vethAttrs; },
};

/** IFLA_INFO_SLAVE_KIND -> the IFLA_INFO_SLAVE_DATA set */
export const slaveDataSets: Readonly<Record<string, AttrSet | undefined>> = {
  bridge: bridgePortAttrs,
};
