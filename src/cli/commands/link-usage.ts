// The help texts of ip link and ip tuntap, as iproute2 6.1 prints them,
// with the program's own name changed where it names itself ("tsip link").
// They are output, kept word for word so that scripts reading them see
// what ip prints.

/** iplink_usage(): on stderr, exit 255 */
export const LINK_USAGE = `Usage: tsip link add [link DEV | parentdev NAME] [ name ] NAME
\t\t    [ txqueuelen PACKETS ]
\t\t    [ address LLADDR ]
\t\t    [ broadcast LLADDR ]
\t\t    [ mtu MTU ] [index IDX ]
\t\t    [ numtxqueues QUEUE_COUNT ]
\t\t    [ numrxqueues QUEUE_COUNT ]
\t\t    [ netns { PID | NAME } ]
\t\t    type TYPE [ ARGS ]

\ttsip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

\ttsip link set { DEVICE | dev DEVICE | group DEVGROUP }
\t\t\t[ { up | down } ]
\t\t\t[ type TYPE ARGS ]
\t\t[ arp { on | off } ]
\t\t[ dynamic { on | off } ]
\t\t[ multicast { on | off } ]
\t\t[ allmulticast { on | off } ]
\t\t[ promisc { on | off } ]
\t\t[ trailers { on | off } ]
\t\t[ carrier { on | off } ]
\t\t[ txqueuelen PACKETS ]
\t\t[ name NEWNAME ]
\t\t[ address LLADDR ]
\t\t[ broadcast LLADDR ]
\t\t[ mtu MTU ]
\t\t[ netns { PID | NAME } ]
\t\t[ link-netns NAME | link-netnsid ID ]
\t\t[ alias NAME ]
\t\t[ vf NUM [ mac LLADDR ]
\t\t\t [ vlan VLANID [ qos VLAN-QOS ] [ proto VLAN-PROTO ] ]
\t\t\t [ rate TXRATE ]
\t\t\t [ max_tx_rate TXRATE ]
\t\t\t [ min_tx_rate TXRATE ]
\t\t\t [ spoofchk { on | off} ]
\t\t\t [ query_rss { on | off} ]
\t\t\t [ state { auto | enable | disable} ]
\t\t\t [ trust { on | off} ]
\t\t\t [ node_guid EUI64 ]
\t\t\t [ port_guid EUI64 ] ]
\t\t[ { xdp | xdpgeneric | xdpdrv | xdpoffload } { off |
\t\t\t  object FILE [ { section | program } NAME ] [ verbose ] |
\t\t\t  pinned FILE } ]
\t\t[ master DEVICE ][ vrf NAME ]
\t\t[ nomaster ]
\t\t[ addrgenmode { eui64 | none | stable_secret | random } ]
\t\t[ protodown { on | off } ]
\t\t[ protodown_reason PREASON { on | off } ]
\t\t[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]
\t\t[ gro_max_size BYTES ]

\ttsip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]
\t\t[nomaster]

\ttsip link xstats type TYPE [ ARGS ]

\ttsip link afstats [ dev DEVICE ]
\ttsip link property add dev DEVICE [ altname NAME .. ]
\ttsip link property del dev DEVICE [ altname NAME .. ]

\ttsip link help [ TYPE ]

TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |
          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |
          ip6erspan | ip6gre | ip6gretap | ip6tnl |
          ipip | ipoib | ipvlan | ipvtap |
          macsec | macvlan | macvtap |
          netdevsim | nlmon | rmnet | sit | team | team_slave |
          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |
          xfrm | virt_wifi }
`;

/** each kind's print_help(), as `ip link help TYPE` prints it on stdout */
export const KIND_HELP: Readonly<Record<string, string>> = {
  veth: `Usage: tsip link <options> type veth [peer <options>]
To get <options> type 'tsip link add help'
`,
  bridge: `Usage: ... bridge [ fdb_flush ]
\t\t  [ forward_delay FORWARD_DELAY ]
\t\t  [ hello_time HELLO_TIME ]
\t\t  [ max_age MAX_AGE ]
\t\t  [ ageing_time AGEING_TIME ]
\t\t  [ stp_state STP_STATE ]
\t\t  [ priority PRIORITY ]
\t\t  [ group_fwd_mask MASK ]
\t\t  [ group_address ADDRESS ]
\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]
\t\t  [ vlan_filtering VLAN_FILTERING ]
\t\t  [ vlan_protocol VLAN_PROTOCOL ]
\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]
\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]
\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]
\t\t  [ mcast_snooping MULTICAST_SNOOPING ]
\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]
\t\t  [ mcast_router MULTICAST_ROUTER ]
\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]
\t\t  [ mcast_querier MULTICAST_QUERIER ]
\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]
\t\t  [ mcast_hash_max HASH_MAX ]
\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]
\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]
\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]
\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]
\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]
\t\t  [ mcast_query_interval QUERY_INTERVAL ]
\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]
\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]
\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]
\t\t  [ mcast_igmp_version IGMP_VERSION ]
\t\t  [ mcast_mld_version MLD_VERSION ]
\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]
\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]
\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]

Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }
`,
  vxlan: `Usage: ... vxlan id VNI
\t\t[ { group | remote } IP_ADDRESS ]
\t\t[ local ADDR ]
\t\t[ ttl TTL ]
\t\t[ tos TOS ]
\t\t[ df DF ]
\t\t[ flowlabel LABEL ]
\t\t[ dev PHYS_DEV ]
\t\t[ dstport PORT ]
\t\t[ srcport MIN MAX ]
\t\t[ [no]learning ]
\t\t[ [no]proxy ]
\t\t[ [no]rsc ]
\t\t[ [no]l2miss ]
\t\t[ [no]l3miss ]
\t\t[ ageing SECONDS ]
\t\t[ maxaddress NUMBER ]
\t\t[ [no]udpcsum ]
\t\t[ [no]udp6zerocsumtx ]
\t\t[ [no]udp6zerocsumrx ]
\t\t[ [no]remcsumtx ] [ [no]remcsumrx ]
\t\t[ [no]external ] [ gbp ] [ gpe ]
\t\t[ [no]vnifilter ]

Where:\tVNI\t:= 0-16777215
\tADDR\t:= { IP_ADDRESS | any }
\tTOS\t:= { NUMBER | inherit }
\tTTL\t:= { 1..255 | auto | inherit }
\tDF\t:= { unset | set | inherit }
\tLABEL := 0-1048575
`,
  macvlan: `Usage: ... macvlan mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]

MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
MODE_OPTS: for mode "source":
\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]
`,
  macvtap: `Usage: ... macvtap mode MODE [flag MODE_FLAG] MODE_OPTS [bcqueuelen BC_QUEUE_LEN]

MODE: private | vepa | bridge | passthru | source
MODE_FLAG: null | nopromisc | nodst
MODE_OPTS: for mode "source":
\tmacaddr { { add | del } <macaddr> | set [ <macaddr> [ <macaddr>  ... ] ] | flush }
BC_QUEUE_LEN: Length of the rx queue for broadcast/multicast: [0-4294967295]
`,
  ifb: `Usage: ... ifb
`,
  dummy: `Usage: ... dummy
`,
};

/** ip tuntap help: on stderr, exit 255 */
export const TUNTAP_USAGE = `Usage: tsip tuntap { add | del | show | list | lst | help } [ dev PHYS_DEV ]
       [ mode { tun | tap } ] [ user USER ] [ group GROUP ]
       [ one_queue ] [ pi ] [ vnet_hdr ] [ multi_queue ] [ name NAME ]

Where: USER  := { STRING | NUMBER }
       GROUP := { STRING | NUMBER }
`;
