// tun/tap: IFLA_INFO_DATA of kind "tun". <linux/if_link.h>, <linux/if_tun.h>
//
// Read-only: the kernel reports a tun or tap device's settings here, but
// creates such devices only through open("/dev/net/tun") and TUNSETIFF
// (`ip tuntap add` uses the ioctl, not RTM_NEWLINK). The kind is "tun" for
// both; IFLA_TUN_TYPE tells them apart.
//
//   [IFLA_LINKINFO]
//       [IFLA_INFO_KIND]  "tun"
//       [IFLA_INFO_DATA]
//           [IFLA_TUN_TYPE]   u8, IFF_TUN (1) or IFF_TAP (2)
//           [IFLA_TUN_OWNER]  u32 uid, ...

import { attrSet } from '../../schema.js';

/* IFLA_TUN_TYPE values (TUNSETIFF flags, <linux/if_tun.h>) */
export const IFF_TUN = 0x0001;
export const IFF_TAP = 0x0002;
/* other TUNSETIFF flags, reflected by IFLA_TUN_PI / VNET_HDR / MULTI_QUEUE */
export const IFF_MULTI_QUEUE = 0x0100;
export const IFF_NO_PI = 0x1000;
export const IFF_VNET_HDR = 0x4000;

/** enum { IFLA_TUN_UNSPEC, IFLA_TUN_OWNER, ... } */
export const tunAttrs = attrSet('linkinfo-tun-attrs', 'IFLA_TUN_', [
  { id: 1, name: 'IFLA_TUN_OWNER', type: 'u32' },    // uid; absent when unset
  { id: 2, name: 'IFLA_TUN_GROUP', type: 'u32' },    // gid; absent when unset
  { id: 3, name: 'IFLA_TUN_TYPE', type: 'u8' },      // IFF_TUN or IFF_TAP
  { id: 4, name: 'IFLA_TUN_PI', type: 'u8' },        // 1: packets carry struct tun_pi (no IFF_NO_PI)
  { id: 5, name: 'IFLA_TUN_VNET_HDR', type: 'u8' },
  { id: 6, name: 'IFLA_TUN_PERSIST', type: 'u8' },   // stays when its last file is closed
  { id: 7, name: 'IFLA_TUN_MULTI_QUEUE', type: 'u8' },
  { id: 8, name: 'IFLA_TUN_NUM_QUEUES', type: 'u32' },
  { id: 9, name: 'IFLA_TUN_NUM_DISABLED_QUEUES', type: 'u32' },
]);
