#!/usr/bin/python3
"""Run a command and report what it cost, as one JSON line on stdout.

usage: timeit.py OUT_FILE|- -- ARGV...
  The command's stdout goes to OUT_FILE (or /dev/null for "-"), its stderr is
  passed through. Prints: wall (s, from fork to reaping), user and sys (s,
  the command's rusage), maxrss (KiB), rc.

  maxrss: ru_maxrss of a process counts the memory image it had before
  exec() too (the forked parent's), so the command runs under GNU time(1),
  a small C program, and its %M is reported: off by at most time's own
  ~1-2 MiB, where a fork of this Python wrapper would add ~8 MiB.
  Stdlib only (Debian's /usr/bin/python3).
"""
import json
import os
import sys
import tempfile
import time

GNU_TIME = '/usr/bin/time'


def main():
    out, sep, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    assert sep == '--' and argv
    rss_file = None
    if os.access(GNU_TIME, os.X_OK):
        fd_r, rss_file = tempfile.mkstemp(prefix='timeit-')
        os.close(fd_r)
        argv = [GNU_TIME, '-f', '%M', '-o', rss_file, '--'] + argv
    fd = os.open(out if out != '-' else os.devnull, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(fd, 1)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    t1 = time.perf_counter()
    os.close(fd)
    maxrss = ru.ru_maxrss
    if rss_file:
        try:
            with open(rss_file) as f:
                lines = [l for l in f.read().split('\n') if l.strip().isdigit()]
            if lines:
                maxrss = int(lines[-1])
        finally:
            os.unlink(rss_file)
    print(json.dumps({'wall': t1 - t0, 'user': ru.ru_utime, 'sys': ru.ru_stime, 'maxrss': maxrss,
                      'rc': os.waitstatus_to_exitcode(status)}))


if __name__ == '__main__':
    main()
