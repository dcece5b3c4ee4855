// Netlink's own constants, in the kernel's names and values.
// Reference: <linux/netlink.h> (uapi), <sys/socket.h>, <linux/sched.h>.
//
// The flags of struct nlmsghdr, as <linux/netlink.h> defines them: the low
// byte means the same everywhere, the high byte depends on the request.
//
//   #define NLM_F_REQUEST   0x01  /* It is request message.  */
//   #define NLM_F_MULTI     0x02  /* Multipart message, terminated by NLMSG_DONE */
//   #define NLM_F_ACK       0x04  /* Reply with ack, with zero or error code */
//   #define NLM_F_ECHO      0x08  /* Receive resulting notifications */
//   /* Modifiers to GET request */
//   #define NLM_F_ROOT      0x100 /* specify tree root */
//   #define NLM_F_MATCH     0x200 /* return all matching */
//   #define NLM_F_DUMP      (NLM_F_ROOT|NLM_F_MATCH)
//   /* Modifiers to NEW request */
//   #define NLM_F_REPLACE   0x100 /* Override existing */
//   #define NLM_F_EXCL      0x200 /* Do not touch, if it exists */
//   #define NLM_F_CREATE    0x400 /* Create, if it does not exist */
//   #define NLM_F_APPEND    0x800 /* Add to end of list */
//   /* Flags for ACK message */
//   #define NLM_F_CAPPED    0x100 /* request was capped */
//   #define NLM_F_ACK_TLVS  0x200 /* extended ACK TVLs were included */

/* Protocols: socket(AF_NETLINK, SOCK_RAW, NETLINK_*) */
export const AF_NETLINK = 16;
export const NETLINK_ROUTE = 0;
export const NETLINK_NETFILTER = 12;
export const NETLINK_GENERIC = 16;

/* Address families used across rtnetlink (<linux/socket.h>) */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_BRIDGE = 7;
export const AF_INET6 = 10;
export const AF_PACKET = 17;
export const AF_MPLS = 28;

/* Socket types and flags (<bits/socket_type.h>) */
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_CLOEXEC = 0o2000000;
export const SOCK_NONBLOCK = 0o4000;

/* Socket option levels and options */
export const SOL_SOCKET = 1;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_RCVTIMEO = 20; // struct timeval on x86_64 (SO_RCVTIMEO_OLD)
export const SO_SNDBUFFORCE = 32;
export const SO_RCVBUFFORCE = 33;
export const SOL_NETLINK = 270;

/* SOL_NETLINK options */
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_DROP_MEMBERSHIP = 2;
export const NETLINK_PKTINFO = 3;
export const NETLINK_BROADCAST_ERROR = 4;
export const NETLINK_NO_ENOBUFS = 5;
export const NETLINK_LISTEN_ALL_NSID = 8;
export const NETLINK_LIST_MEMBERSHIPS = 9;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;
export const NETLINK_GET_STRICT_CHK = 12;

/* nlmsg_flags: flags values */
export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_ECHO = 0x08;
export const NLM_F_DUMP_INTR = 0x10;
export const NLM_F_DUMP_FILTERED = 0x20;
/* Modifiers to GET request */
export const NLM_F_ROOT = 0x100;
export const NLM_F_MATCH = 0x200;
export const NLM_F_ATOMIC = 0x400;
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
/* Modifiers to NEW request */
export const NLM_F_REPLACE = 0x100;
export const NLM_F_EXCL = 0x200;
export const NLM_F_CREATE = 0x400;
export const NLM_F_APPEND = 0x800;
/* Modifiers to DELETE request */
export const NLM_F_NONREC = 0x100;
export const NLM_F_BULK = 0x200;
/* Flags for ACK message */
export const NLM_F_CAPPED = 0x100;
export const NLM_F_ACK_TLVS = 0x200;

/* Reserved control messages: nlmsg_type < NLMSG_MIN_TYPE */
export const NLMSG_NOOP = 0x1;
export const NLMSG_ERROR = 0x2;
export const NLMSG_DONE = 0x3;
export const NLMSG_OVERRUN = 0x4;
export const NLMSG_MIN_TYPE = 0x10;

/* Extended ACK TLVs, after struct nlmsgerr (enum nlmsgerr_attrs) */
export const NLMSGERR_ATTR_UNUSED = 0;
export const NLMSGERR_ATTR_MSG = 1;
export const NLMSGERR_ATTR_OFFS = 2;
export const NLMSGERR_ATTR_COOKIE = 3;
export const NLMSGERR_ATTR_POLICY = 4;
export const NLMSGERR_ATTR_MISS_TYPE = 5;
export const NLMSGERR_ATTR_MISS_NEST = 6;

/* struct nlattr nla_type bits */
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

/* Namespace types for setns()/unshare() (<linux/sched.h>) */
export const CLONE_NEWNS = 0x00020000;
export const CLONE_NEWNET = 0x40000000;

/* mount(2) flags (<sys/mount.h>) */
export const MS_RDONLY = 1;
export const MS_NOSUID = 2;
export const MS_NODEV = 4;
export const MS_NOEXEC = 8;
export const MS_REMOUNT = 32;
export const MS_BIND = 4096;
export const MS_REC = 16384;
export const MS_SLAVE = 1 << 19;
export const MS_SHARED = 1 << 20;
export const MNT_DETACH = 2;
export const UMOUNT_NOFOLLOW = 8;

/* recv/send flags */
export const MSG_PEEK = 0x02;
export const MSG_DONTWAIT = 0x40;
export const MSG_TRUNC = 0x20;

/* poll(2) */
export const POLLIN = 0x001;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
