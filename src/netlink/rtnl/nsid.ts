// Network namespace ids: RTM_NEWNSID, RTM_DELNSID, RTM_GETNSID.
// <linux/net_namespace.h>
//
// An nsid is the number a namespace gives to another namespace (a peer), so
// that messages can name it (IFLA_LINK_NETNSID, NDA_LINK_NETNSID). A request
// names the peer by NETNSA_PID (a process in it) or NETNSA_FD (an open
// /run/netns/NAME or /proc/PID/ns/net); the reply carries NETNSA_NSID.
//
// A message is struct rtgenmsg (one byte) followed by NETNSA_* attributes.
// The attributes start at NLMSG_ALIGN(1) = 4: three bytes of padding follow
// the header, which decodeBody/encodeBody already account for.

import { attrSet, type Body, type MessageFamily } from '../schema.js';
import { defineStruct, struct, u8 } from '../struct.js';

/*
 * struct rtgenmsg {
 *         unsigned char           rtgen_family;
 * };
 */
export interface RtGenMsg {
  rtgen_family: number;
}
export const rtgenmsg = defineStruct<RtGenMsg>('rtgenmsg', struct([u8('rtgen_family')]));

/** NETNSA_NSID of a peer that has no id yet. */
export const NETNSA_NSID_NOT_ASSIGNED = -1;

/** enum { NETNSA_NONE, NETNSA_NSID, ... } */
export const nsidAttrs = attrSet('netns-attrs', 'NETNSA_', [
  { id: 1, name: 'NETNSA_NSID', type: 's32' },
  { id: 2, name: 'NETNSA_PID', type: 'u32' },
  { id: 3, name: 'NETNSA_FD', type: 'u32' },
  { id: 4, name: 'NETNSA_TARGET_NSID', type: 's32' },  // ask about the namespace with this id instead
  { id: 5, name: 'NETNSA_CURRENT_NSID', type: 's32' }, // reply: the asker's own id as the target sees it
]);

/** rtgenmsg + NETNSA_* */
export const nsid: MessageFamily = { name: 'rtgenmsg', header: rtgenmsg, attrs: nsidAttrs };

/** A decoded nsid message. */
export type NsidMessage = Body<RtGenMsg>;
