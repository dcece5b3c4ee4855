#!/usr/bin/python3
"""pyroute2's side of the benchmark (Debian's python3-pyroute2, /usr/bin/python3).

usage: pyroute2_worker.py PHASE NETNS COUNT      (run under `ip netns exec NETNS`)

IPRoute() as a user writes it, one request at a time (pyroute2's default).
Prints one JSON line like bench/worker.mjs: wall_s, user_s, sys_s of the
phase alone, count, extra.vmhwm_kb (peak resident set, from /proc/self/status).
The inputs are ../shared/peer-bench's (same names and addresses as tsip's).
"""
import json
import os
import resource
import socket
import sys
import time
import traceback

from pyroute2 import IPRoute

TABLE = int(os.environ.get('BENCH_TABLE', '100'))
KIND = os.environ.get('BENCH_KIND', 'ifb')
GROUP = int(os.environ.get('BENCH_GROUP', '77'))


def route_dst(i):
    return '198.%d.%d.%d' % (18 + ((i >> 16) & 1), (i >> 8) & 255, i & 255)


def addr_ip(i):
    return '10.77.%d.%d' % (((i + 1) >> 8) & 255, (i + 1) & 255)


def vmhwm():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return None


def main():
    phase, _ns, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ipr = IPRoute()

    def idx(name):
        return ipr.link_lookup(ifname=name)[0]

    if phase == 'noop':
        def body():
            return 0
    elif phase == 'links.create':
        names = ['d%d' % i for i in range(count)]

        def body():
            for n in names:
                ipr.link('add', ifname=n, kind=KIND, group=GROUP)
            return len(names)
    elif phase == 'links.delete':
        names = ['d%d' % i for i in range(count)]

        def body():
            for n in names:
                ipr.link('del', ifname=n)
            return len(names)
    elif phase == 'veth.create':
        pairs = [('va%d' % i, 'vb%d' % i) for i in range(count)]

        def body():
            for a, b in pairs:
                ipr.link('add', ifname=a, kind='veth', peer=b)
            return len(pairs)
    elif phase == 'routes.add':
        dsts = [route_dst(i) for i in range(count)]

        def body():
            oif = idx('d0')
            for d in dsts:
                ipr.route('add', dst=d, dst_len=32, oif=oif, table=TABLE, scope=253)
            return len(dsts)
    elif phase in ('routes.dump', 'routes.stream'):
        def body():
            out = []
            for m in ipr.get_routes(family=socket.AF_INET, table=TABLE):
                if m.get_attr('RTA_TABLE') != TABLE:
                    continue
                out.append({'dst': m.get_attr('RTA_DST'), 'dst_len': m['dst_len'],
                            'oif': m.get_attr('RTA_OIF'), 'table': TABLE})
            return len(out)
    elif phase == 'addrs.add':
        ips = [addr_ip(i) for i in range(count)]

        def body():
            index = idx('d0')
            for a in ips:
                ipr.addr('add', index=index, address=a, prefixlen=16)
            return len(ips)
    elif phase == 'addrs.dump':
        def body():
            index = idx('d0')
            out = []
            for m in ipr.get_addr(family=socket.AF_INET, index=index):
                if m['index'] != index:
                    continue
                out.append({'address': m.get_attr('IFA_LOCAL') or m.get_attr('IFA_ADDRESS'),
                            'prefixlen': m['prefixlen'], 'index': m['index'], 'label': m.get_attr('IFA_LABEL')})
            return len(out)
    else:
        print(json.dumps({'ok': False, 'error': 'unknown phase %s' % phase}))
        return 2

    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    try:
        n = body()
    except Exception:
        print(json.dumps({'ok': False, 'error': traceback.format_exc()}))
        return 1
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    ipr.close()
    print(json.dumps({'ok': True, 'wall_s': t1 - t0, 'user_s': r1.ru_utime - r0.ru_utime,
                      'sys_s': r1.ru_stime - r0.ru_stime, 'count': n, 'extra': {'vmhwm_kb': vmhwm()}}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
