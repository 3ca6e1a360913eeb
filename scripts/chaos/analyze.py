#!/usr/bin/env python3
"""Reads `genetix load --record` files (one JSON line per response) and prints what the chaos scenarios judge.

  analyze.py counts FILE              -> JSON: total, ok, failed (no response or 5xx), by method, 409s on creations
  analyze.py acked FILE KIND          -> the ids (emails, kit codes) of KIND answered 2xx, one a line
  analyze.py created FILE KIND        -> the server ids (kit ids) of KIND answered 2xx, one a line
  analyze.py sent FILE KIND           -> the ids of every KIND sent, one a line
  analyze.py window FILE [KIND]       -> JSON: longest gap (ms) between two acknowledged writes, and when it started
"""
import json, sys
from datetime import datetime


def samples(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except ValueError:
                pass  # a line cut by a kill; the generator flushes whole lines otherwise
    return out


def stamp(s):
    t = s["time"]
    if isinstance(t, (int, float)):
        return float(t)
    return datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp()


def failed(s):
    return s["status"] == 0 or s["status"] >= 500


def counts(path):
    ss = samples(path)
    by = {}
    for s in ss:
        m = s.get("method") or "?"
        b = by.setdefault(m, {"total": 0, "ok": 0, "failed": 0, "noResponse": 0, "5xx": 0, "4xx": 0})
        b["total"] += 1
        b["ok"] += 200 <= s["status"] < 300
        b["failed"] += failed(s)
        b["noResponse"] += s["status"] == 0
        b["5xx"] += s["status"] >= 500
        b["4xx"] += 400 <= s["status"] < 500
    errors = {}
    for s in ss:
        if failed(s):
            key = s.get("error") or f"HTTP {s['status']}"
            errors[key[:90]] = errors.get(key[:90], 0) + 1
    conflicts = sum(1 for s in ss if s["status"] == 409 and s["kind"] in ("signup", "kit"))
    lat = sorted(s["ms"] for s in ss)
    p99 = lat[max(0, int(len(lat) * 0.99 + 0.999) - 1)] if lat else 0
    return {"total": len(ss), "failed": sum(failed(s) for s in ss), "byMethod": by, "conflicts": conflicts,
            "p99Ms": round(p99, 1), "errors": dict(sorted(errors.items(), key=lambda kv: -kv[1])[:5])}


def window(path, kind=None):
    ss = [s for s in samples(path) if (kind is None or s["kind"] == kind) and (s.get("method") == "POST")]
    acks = sorted(stamp(s) + s["ms"] / 1000 for s in ss if 200 <= s["status"] < 300)
    gap, at = 0.0, None
    for a, b in zip(acks, acks[1:]):
        if b - a > gap:
            gap, at = b - a, a
    fails = [s for s in ss if not (200 <= s["status"] < 300)]
    return {"gapMs": round(gap * 1000), "gapStartedAt": at, "acknowledged": len(acks), "notAcknowledged": len(fails)}


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "counts":
        print(json.dumps(counts(path)))
    elif cmd in ("acked", "sent", "created"):
        kind = sys.argv[3]
        for s in samples(path):
            if s["kind"] != kind:
                continue
            if cmd == "sent" and s.get("id"):
                print(s["id"])
            elif cmd == "acked" and 200 <= s["status"] < 300 and s.get("id"):
                print(s["id"])
            elif cmd == "created" and 200 <= s["status"] < 300 and s.get("created"):
                print(s["created"])
    elif cmd == "window":
        print(json.dumps(window(path, sys.argv[3] if len(sys.argv) > 3 else None)))
    else:
        sys.exit(f"analyze.py: unknown command {cmd}")


if __name__ == "__main__":
    main()
