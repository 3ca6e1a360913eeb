#!/usr/bin/env python3
"""Who takes a thread's CPU: reads `perf script -F comm,tid,cpu,time,event,trace` of a `perf sched record -a` and
prints, for one thread (the proxy's event loop), how often it was preempted (it left the CPU still runnable) and by
what, how long it then waited to run again (its runnable wait), and what ran on its CPU during the waits longer
than 100 µs.

    sched-trace.py TRACE.txt TID REQUESTS ROUND PROXY RPS P99

Prints one table row (see scripts/bench.d/balancer-sched for the header); counts are per 1 000 requests.
"""
import collections
import re
import sys

SWITCH = re.compile(r"\[(\d+)\]\s+(\d+\.\d+):\s+sched:sched_switch:\s+prev_comm=(.*?) prev_pid=(\d+) .*?"
                    r"prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+)")
LONG_WAIT = 100e-6


def switches(path):
    """(cpu, time, prev_tid, prev_state, next_comm, next_tid) of every sched_switch, in time order."""
    found = []
    with open(path, errors="replace") as trace:
        for line in trace:
            m = SWITCH.search(line)
            if m:
                found.append((int(m[1]), float(m[2]), m[4], m[5], m[6], m[7]))
    found.sort(key=lambda s: s[1])
    return found


def analyse(events, tid):
    """The loop's preemptions by who ran next, its runnable waits (s), and CPU time by task during the long ones."""
    preempted_by = collections.Counter()
    waits = []
    during_long = collections.Counter()
    wait = None  # the current runnable wait: cpu, start, who runs there now, since when, time by task so far
    for cpu, time, prev_tid, prev_state, next_comm, next_tid in events:
        if wait and cpu == wait["cpu"]:
            wait["ran"][wait["who"]] += time - wait["since"]
            wait["who"], wait["since"] = next_comm, time
        if next_tid == tid and wait:
            waits.append(time - wait["start"])
            if waits[-1] > LONG_WAIT:
                during_long.update(wait["ran"])
            wait = None
        if prev_tid == tid and prev_state.startswith("R"):
            preempted_by[next_comm] += 1
            wait = {"cpu": cpu, "start": time, "who": next_comm, "since": time, "ran": collections.Counter()}
    return preempted_by, waits, during_long


def percentile(values, q):
    return values[min(len(values) - 1, int(len(values) * q))] if values else 0.0


def main():
    path, tid, requests, round_, proxy, rps, p99 = sys.argv[1:8]
    per_k = 1000 / max(1, int(requests))
    preempted_by, waits, during_long = analyse(switches(path), tid)
    waits.sort()
    by = ", ".join(f"{comm} {n * per_k:.1f}" for comm, n in preempted_by.most_common(3)) or "-"
    shape = "/".join(f"{percentile(waits, q) * 1e6:.0f}" for q in (0.5, 0.9, 0.99))
    longs = sum(1 for w in waits if w > LONG_WAIT)
    ran = ", ".join(f"{comm} {t * 1e3:.1f}" for comm, t in during_long.most_common(2)) or "-"
    print(f"{round_:<5} {proxy:<8} {float(rps):7.0f} {p99:>8} {sum(preempted_by.values()) * per_k:9.1f}  {by:<44}"
          f" {shape:>13} {longs * per_k:9.2f}  {ran}")


if __name__ == "__main__":
    main()
