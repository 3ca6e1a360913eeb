#!/usr/bin/env python3
"""The balancer bench's report: medians per scenario and proxy, ratios against the issue's targets.

  balancer-report.py table RESULTS.tsv                   prints the Markdown table
  balancer-report.py doc RESULTS.tsv SETTINGS.md DOC     replaces DOC's generated part (between the markers) with the
                                                         settings, the table and every round

RESULTS.tsv: scenario, proxy, round, figure (req/s or conn/s), p99 ms, hit ratio, errors, note; "-" for none.
"""
import math
import statistics
import sys

BEGIN, END = "<!-- bench:begin (written by scripts/bench.d/balancer) -->", "<!-- bench:end -->"
ORDER = ["plain-c50", "plain-c1000", "https", "handshake-full", "handshake-resumed", "cache", "zipf"]
LABEL = {
    "plain-c50": "plain HTTP, wrk -t1 -c50, 1 thread/worker",
    "plain-c1000": "plain HTTP, wrk -t2 -c1000, 2 threads/workers",
    "https": "HTTPS keep-alive (TLS 1.3), wrk -t1 -c50",
    "handshake-full": "TLS handshakes, full (s_time -new)",
    "handshake-resumed": "TLS handshakes, resumed (s_time -reuse)",
    "cache": "cache hit, one object, wrk -t1 -c50",
    "zipf": "Zipf mix, 10 000 objects, cache < set",
}
# scenario → (anchor rule, minimum requests/s ratio, p99 compared)
TARGET = {
    "plain-c50": ("best of haproxy, nginx", 1.0, True),
    "plain-c1000": ("best of haproxy, nginx", 1.0, True),
    "https": ("haproxy", 1.0, True),
    "handshake-full": ("haproxy", 0.9, False),
    "handshake-resumed": ("haproxy", 0.9, False),
    "cache": ("varnish", 1.0, True),
    "zipf": ("varnish", 1.0, True),
}


def number(text):
    try:
        value = float(text)
        return None if math.isnan(value) else value
    except ValueError:
        return None


def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            scenario, proxy, round_, figure, p99, hit, errors, note = line.rstrip("\n").split("\t")
            entry = rows.setdefault(scenario, {}).setdefault(proxy, {"fig": [], "p99": [], "hit": [], "errors": 0, "notes": []})
            for key, text in (("fig", figure), ("p99", p99), ("hit", hit)):
                if number(text) is not None:
                    entry[key].append(number(text))
            entry["errors"] += int(errors)
            if note != "-":
                entry["notes"].append((round_, note))
    return rows


def median(values):
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    return "—" if value is None else f"{value:,.{digits}f}".replace(",", " ")


def ratio_text(value, round_up):
    """Two decimals, rounded away from the target's side so a shown 1.00× is never a miss."""
    if value is None:
        return "—"
    return f"{(math.ceil if round_up else math.floor)(value * 100 - 1e-9 if round_up else value * 100 + 1e-9) / 100:.2f}×"


def table(rows):
    out = ["| scenario | proxy | median req/s (conn/s) | median p99 ms | hit ratio | vs anchor | p99 vs anchor | target | verdict | notes |",
           "|---|---|---:|---:|---:|---:|---:|---|---|---|"]
    for scenario in [s for s in ORDER if s in rows]:
        proxies = rows[scenario]
        rule, minimum, compare_p99 = TARGET[scenario]
        candidates = [p for p in ("haproxy", "nginx") if p in proxies] if rule.startswith("best") else [rule]
        candidates = [p for p in candidates if p in proxies and median(proxies[p]["fig"]) is not None]
        anchor = max(candidates, key=lambda p: median(proxies[p]["fig"])) if candidates else None
        a_fig = median(proxies[anchor]["fig"]) if anchor else None
        a_p99 = median(proxies[anchor]["p99"]) if anchor else None
        for proxy in ["genetix"] + sorted(p for p in proxies if p != "genetix"):
            if proxy not in proxies:
                continue
            e = proxies[proxy]
            fig, p99, hit = median(e["fig"]), median(e["p99"]), median(e["hit"])
            ratio = fig / a_fig if fig is not None and a_fig else None
            p99_ratio = p99 / a_p99 if p99 is not None and a_p99 else None
            target = verdict = ""
            if proxy == "genetix" and anchor:
                target = f"≥ {minimum:.1f}× {anchor}" + (", p99 ≤ 1.0×" if compare_p99 else "")
                met = ratio is not None and ratio >= minimum and (not compare_p99 or (p99_ratio is not None and p99_ratio <= 1.0))
                verdict = "met" if met else "**MISSED**"
            texts = {note for _, note in e["notes"]}
            per_round = sorted(texts) if len(texts) <= 1 else [f"r{r} {note}" for r, note in e["notes"]]
            notes = "; ".join(([f"{e['errors']} errors/non-2xx"] if e["errors"] else []) + per_round)
            out.append(f"| {LABEL[scenario]} | {proxy}{' (anchor)' if proxy == anchor else ''} | {fmt(fig)} | {fmt(p99, 2)} | "
                       f"{fmt(hit, 3)} | {ratio_text(ratio, False)} | {ratio_text(p99_ratio, True)} | "
                       f"{target} | {verdict} | {notes} |")
    return "\n".join(out)


def rounds(path):
    lines = []
    with open(path) as f:
        for line in f:
            scenario, proxy, round_, figure, p99, hit, errors, note = line.rstrip("\n").split("\t")
            unit = "conn/s" if scenario.startswith("handshake") else "req/s"
            extra = "" if note == "-" else f", {note}"
            lines.append(f"{scenario} round {round_} {proxy}: {figure} {unit}, p99 {p99} ms, hit ratio {hit}, errors {errors}{extra}")
    return "\n".join(lines)


def main():
    command, results = sys.argv[1], sys.argv[2]
    rows = load(results)
    if command == "table":
        print(table(rows))
        return
    settings_path, doc_path = sys.argv[3], sys.argv[4]
    with open(settings_path) as f:
        settings = f.read().rstrip("\n")
    generated = f"{BEGIN}\n{settings}\n\n{table(rows)}\n\nEvery round:\n```\n{rounds(results)}\n```\n{END}"
    with open(doc_path) as f:
        doc = f.read()
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + generated + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + generated + "\n"
    with open(doc_path, "w") as f:
        f.write(doc)


if __name__ == "__main__":
    main()
