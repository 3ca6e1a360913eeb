#!/usr/bin/env python3
"""The soak's table and verdict (the rules are in scripts/chaos/soak's header).

  soak_report.py STATE_DIR MINUTES CAPACITY RATE WARMUP_SECONDS [RINGS]

RINGS: what the warm-up left in the nodes' log rings ("lb-1 oldest seq 128832; …"), printed under the first line.

Reads STATE_DIR/samples (soak_sample.py lines), fds.before and fds.after (idle fd counts) and main.jsonl (the load's
record); prints the process table, the per-minute latency table and a last line "VERDICT PASS" or "VERDICT FAIL …".
"""
import json, statistics, sys
from datetime import datetime

MEMORY_GROWTH_PERCENT = 5
FD_SLACK = 2
P99_RATIO = 1.2
NOT_JUDGED = {"load"}  # the load generator: listed for its own memory, not part of the cluster


def p99(values):
    s = sorted(values)
    return s[max(0, -(-len(s) * 99 // 100) - 1)] if s else 0.0


def read_fds(path):
    out = {}
    try:
        for line in open(path):
            name, pid, n = line.split()
            out[name] = (int(pid), int(n))
    except OSError:
        pass
    return out


def main():
    state, minutes, capacity, rate, warmup = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    procs, host, ours = {}, [], []
    for line in open(f"{state}/samples"):
        f = line.split()
        if f[1] == "#host":
            host.append((int(f[0]), int(f[3]), int(f[5]), int(f[6])))
        elif f[1] == "#cluster":
            ours.append((int(f[0]), int(f[3])))
        else:
            procs.setdefault(f[1], []).append(tuple(int(x) for x in (f[0], f[2], f[3], f[4], f[5], f[6])))
    before, after = read_fds(f"{state}/fds.before"), read_fds(f"{state}/fds.after")
    bad = []
    print(f"capacity {capacity}/s, soak at {rate}/s for {minutes} min after {warmup} s of warm-up")
    if len(sys.argv) > 6:
        print(f"log rings (10 000 entries) after the warm-up: {sys.argv[6]}")
    print(f"{'PROCESS':<16}{'PID':>8}{'RSS 1st min KiB':>16}{'RSS last min':>13}{'GROWTH':>8}"
          f"{'ANON 1st':>10}{'ANON last':>10}{'FDS IDLE':>10}{'AFTER':>7}{'FDS LOADED':>12}")
    last_t = max(r[0] for rows in procs.values() for r in rows)
    for name, rows in sorted(procs.items()):
        first = [r for r in rows if r[0] < 60] or rows[:1]
        last = [r for r in rows if r[0] > last_t - 60] or rows[-1:]
        base_rss, end_rss = min(r[2] for r in first), min(r[2] for r in last)
        base_anon, end_anon = min(r[3] for r in first), min(r[3] for r in last)
        growth = (end_rss - base_rss) / base_rss * 100 if base_rss else 0
        judged = name not in NOT_JUDGED
        flag = ""
        if rows[0][1] != rows[-1][1]:
            bad.append(f"{name} restarted (pid {rows[0][1]} -> {rows[-1][1]})"); flag = " !"
        if judged and growth >= MEMORY_GROWTH_PERCENT:
            bad.append(f"{name} memory +{growth:.1f} %"); flag = " !"
        idle_before = before.get(name, (0, -1))[1]
        idle_after = after.get(name, (0, -1))[1]
        if judged and (idle_before < 0 or idle_after < 0):
            bad.append(f"{name} has no idle fd count"); flag = " !"
        elif judged and idle_after > idle_before + FD_SLACK:
            bad.append(f"{name} fds {idle_before} -> {idle_after} at idle"); flag = " !"
        loaded = f"{min(r[4] for r in rows)}-{max(r[4] for r in rows)}"
        show = lambda n: "-" if n < 0 else str(n)
        print(f"{name:<16}{rows[-1][1]:>8}{base_rss:>16}{end_rss:>13}{growth:>7.1f}%{base_anon:>10}{end_anon:>10}"
              f"{show(idle_before):>10}{show(idle_after):>7}{loaded:>12}{flag}{'' if judged else '  (not judged)'}")

    # Per minute, in % of the whole machine: CPU taken by processes outside the cluster and the load generator (the
    # machine is shared), and CPU the hypervisor gave to other guests (steal).
    others, steal = {}, {}
    for (t0, p0, s0, tot0), (t1, p1, s1, tot1), (_, c0), (_, c1) in zip(host, host[1:], ours, ours[1:]):
        if tot1 > tot0:
            others.setdefault(t1 // 60, []).append(max(0.0, (p1 - p0) - max(0, c1 - c0)) / (tot1 - tot0) * 100)
            steal.setdefault(t1 // 60, []).append((s1 - s0) / (tot1 - tot0) * 100)

    record = []
    for line in open(f"{state}/main.jsonl"):
        if line.strip():
            try:
                record.append(json.loads(line))
            except ValueError:
                pass
    ts = lambda s: datetime.fromisoformat(s["time"].replace("Z", "+00:00")).timestamp()
    t0 = min(ts(s) for s in record)
    by = {}
    for s in record:
        by.setdefault(int((ts(s) - t0) // 60), []).append(s)
    full = [m for m in sorted(by) if m < minutes and len(by[m]) >= 10]
    p99s = {m: p99([s["ms"] for s in by[m]]) for m in full}
    median = statistics.median(p99s.values()) if p99s else 0
    first_minute = p99s[full[0]] if full else 0
    print(f"{'MINUTE':<8}{'REQUESTS':>10}{'FAILED':>8}{'P99 ms':>9}{'vs 1st':>8}{'vs median':>11}{'OTHER CPU':>11}{'STEAL':>7}")
    for m in full:
        rows = by[m]
        failed = sum(1 for s in rows if s["status"] == 0 or s["status"] >= 500)
        if failed:
            bad.append(f"minute {m + 1}: {failed} failed")
        ratio = p99s[m] / median if median else 0
        share = lambda table: f"{statistics.mean(table[m]):.0f} %" if table.get(m) else "-"
        print(f"{m + 1:<8}{len(rows):>10}{failed:>8}{p99s[m]:>9.1f}{p99s[m] / first_minute if first_minute else 0:>7.2f}x"
              f"{ratio:>10.2f}x{share(others):>11}{share(steal):>7}"
              f"{' (spike)' if ratio > P99_RATIO else ''}")
    third = max(1, len(full) // 3)
    head, tail = full[:third], full[-third:]
    first = p99([s["ms"] for m in head for s in by[m]])
    last = p99([s["ms"] for m in tail for s in by[m]])
    ratio = last / first if first else 0
    span = lambda ms: f"minute {ms[0] + 1}" if len(ms) == 1 else f"minutes {ms[0] + 1}-{ms[-1] + 1}"
    print(f"p99 {span(head)}: {first:.1f} ms; {span(tail)}: {last:.1f} ms; ratio {ratio:.2f} (at most {P99_RATIO})")
    if len(full) < 2:
        bad.append("fewer than 2 full minutes of record")
    elif ratio > P99_RATIO:
        bad.append(f"p99 of {span(tail)} {last:.1f} ms > {P99_RATIO} x {first:.1f} ms of {span(head)}")
    print("VERDICT " + ("PASS" if not bad else "FAIL " + "; ".join(bad[:8])))


if __name__ == "__main__":
    main()
