// tsip's public API. Two layers:
//
// - Operations (src/ops): one request each, named after what they do and
//   documented with their `ip` equivalent. Every one takes { netns } (a
//   name under /run/netns, a path, { pid } or { fd }) or { socket } to reuse.
//
//     await addNetns('net0');
//     await addLink({ kind: 'veth', name: 'veth0', options: { peer: { name: 'veth1', netns: 'net1' } } }, { netns: 'net0' });
//     await addAddress({ dev: 'veth0', address: '10.1.1.1/24' }, { netns: 'net0' });
//
// - The wire (src/netlink): sockets, the codec, the kernel's tables, in the
//   kernel's own names, for everything the operations do not cover.

/* ---- operations ---- */
export { addNetns, attachNetns, deleteNetns, identifyNetns, listNetns, listNetnsIds, listNetnsPids, setNetnsId } from './ops/netns.js';
export type { NetnsEntry, NsidEntry } from './ops/netns.js';
export { execInNetns } from './ops/netns-exec.js';
export type { ExecOptions, ExecResult } from './ops/netns-exec.js';
export { getSysctl, setSysctl } from './ops/sysctl.js';

export { addLink, deleteLink, deleteLinkGroup, getLink, listLinks, setLink } from './ops/link.js';
export type { AddLinkSpec, AddedLink, LinkChanges, ListLinksOptions, GetLinkOptions } from './ops/link.js';
export type { Link, LinkStats64 } from './ops/link-view.js';
export type { BridgeOptions, MacvlanOptions, VethOptions, VxlanOptions } from './ops/link-kinds.js';
export { addTuntap, deleteTuntap } from './ops/tuntap.js';
export type { TuntapOptions, TuntapSpec } from './ops/tuntap.js';

export { addAddress, deleteAddress, flushAddresses, listAddresses, replaceAddress } from './ops/address.js';
export type { Address, AddressSpec, DeleteAddressSpec, ListAddressesOptions } from './ops/address.js';
export { addRoute, appendRoute, deleteRoute, getRoute, listRoutes, replaceRoute } from './ops/route.js';
export type { Route, RouteSpec, NexthopSpec, RouteMetrics, ListRoutesOptions, GetRouteOptions } from './ops/route.js';
export { addNeighbour, deleteNeighbour, listNeighbours, replaceNeighbour } from './ops/neigh.js';
export type { Neighbour, NeighbourSpec, DeleteNeighbourSpec, ListNeighboursOptions } from './ops/neigh.js';
export { addPolicyRule, deletePolicyRule, flushPolicyRules, listPolicyRules } from './ops/rule.js';
export type { PolicyRule, RuleAction, ListPolicyRulesOptions, FlushPolicyRulesOptions, PolicyRuleSpec, PortRange, RuleActionName } from './ops/rule.js';
export { addNexthop, deleteNexthop, flushNexthops, getNexthop, listNexthopBuckets, listNexthops, replaceNexthop } from './ops/nexthop.js';
export type { Nexthop as NexthopObject, NexthopBucket, NexthopGroupMember, ResilientGroup, ListNexthopsOptions, ListNexthopBucketsOptions, FlushNexthopsOptions, NexthopObjectSpec, NexthopGroupMemberSpec } from './ops/nexthop.js';
export { getNetconf, listNetconf } from './ops/netconf.js';
export type { Netconf, NetconfFamily, GetNetconfOptions, ListNetconfOptions } from './ops/netconf.js';

export { addAddresses, addLinks, addRoutes, deleteAddresses, deleteLinks, deleteRoutes, replaceRoutes, streamRouteChunks, streamRoutes } from './ops/bulk.js';
export type { BulkOptions, BulkResult } from './ops/bulk.js';

export { monitor } from './ops/monitor.js';
export type { MonitorEvent, MonitorOptions, MonitorOverflow, MonitorItem } from './ops/monitor.js';
export { ping } from './ops/ping.js';
export type { PingOptions, PingResult, PingReply } from './ops/ping.js';
export { appendRule, deleteRule, deleteRuleAt, flushRules, insertRule, iptables, listRules, openNetfilter, setPolicy } from './ops/firewall.js';
export type { FirewallOptions, RuleSpec, ChainName, Policy } from './ops/firewall.js';

export { openRtnl, withRtnl } from './ops/context.js';
export type { OpOptions } from './ops/context.js';
export type { LinkRef } from './ops/resolve.js';

/* ---- the wire ---- */
export { NetlinkSocket, NETLINK_ROUTE_PROTOCOL } from './netlink/socket.js';
export type { BatchOptions, BatchRequest, BatchResult, DumpStreamOptions, Protocol, SocketOptions, TraceHook } from './netlink/socket.js';
export { withNetns, currentNetnsInode } from './netlink/netns.js';
export type { NetnsRef } from './netlink/netns.js';
export { DecodeError, DumpInterruptedError, NetlinkError, OsError, TimeoutError, UsageError } from './netlink/errors.js';
export type { ExtAck } from './netlink/errors.js';
export { attrSet, decodeAttrs, decodeBody, encodeAttrs, encodeBody } from './netlink/schema.js';
export type { AttrSet, AttrSpec, Attrs, Body, MessageFamily } from './netlink/schema.js';
export { Writer } from './netlink/nlattr.js';
export { splitMessages, writeMessage } from './netlink/nlmsghdr.js';
export { traceDatagram } from './netlink/trace.js';
export * as constants from './netlink/constants.js';
export { address, link, neigh, netconf, nexthop, nsid, route, rule, rtnlFamily, RTM, RTNLGRP, rtmName } from './netlink/rtnl/index.js';
export type { LinkMessage } from './netlink/rtnl/link.js';
export type { AddressMessage } from './netlink/rtnl/address.js';
export type { RouteMessage } from './netlink/rtnl/route.js';
export type { RuleMessage } from './netlink/rtnl/rule.js';
export type { NetconfMessage } from './netlink/rtnl/netconf.js';
export type { NexthopMessage } from './netlink/rtnl/nexthop.js';
