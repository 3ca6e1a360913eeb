#!/usr/bin/env python3
"""One sample of the soak's processes; reads "NAME PID" lines on stdin.

  soak_sample.py fds        -> "NAME PID FDS" per process
  soak_sample.py sample T   -> "T NAME PID RSS_KIB ANON_KIB FDS CPU_TICKS" per process, then
                               "T #cluster - CPU_TICKS" (the processes and all their descendants: workers, postgres
                               backends) and "T #host - PROCESS_TICKS INTERRUPT_TICKS STEAL_TICKS TOTAL_TICKS"
                               (/proc/stat: user+nice+system, irq+softirq, steal, all)
"""
import os, sys


def fds(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def status(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "RssAnon"):
                    out[key] = int(value.split()[0])
    except OSError:
        pass
    return out.get("VmRSS", -1), out.get("RssAnon", -1)


def stat(pid):
    """(ppid, utime + stime) of a process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def cluster_ticks(roots):
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            s = stat(int(entry))
            if s:
                table[int(entry)] = s
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    seen, stack = set(), [p for p in roots if p in table]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        stack.extend(children.get(pid, []))
    return sum(table[p][1] for p in seen)


def host_ticks():
    """(process time: user + nice + system, interrupts: irq + softirq, steal, total) of the whole machine."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]] + [0] * 10
    return v[0] + v[1] + v[2], v[5] + v[6], v[7], sum(v[:8])


def main():
    procs = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            procs.append((parts[0], int(parts[1])))
    if sys.argv[1] == "fds":
        for name, pid in procs:
            if os.path.exists(f"/proc/{pid}"):
                print(name, pid, fds(pid))
        return
    t = sys.argv[2]
    for name, pid in procs:
        rss, anon = status(pid)
        s = stat(pid)
        if rss < 0 or s is None:
            continue
        print(t, name, pid, rss, anon, fds(pid), s[1])
    print(t, "#cluster", "-", cluster_ticks([pid for _, pid in procs]))
    print(t, "#host", "-", *host_ticks())


if __name__ == "__main__":
    main()
