#!/usr/bin/env python3
"""Instructions per request from callgrind output (scripts/bench.d/balancer-instructions).

    callgrind-report.py REQUESTS FILE...   one callgrind file per thread (--separate-threads=yes)

For each thread: its instructions per request. For the busiest (the event loop): the request work (both connection
kinds' handleEvents, inclusive: timers and sweeps left out, as their share depends on how slow the run is) and the
top functions by self and by inclusive cost. Swift names are demangled with swift-demangle when it is there.
"""
import collections, re, shutil, subprocess, sys

def parse(path):
    names, self_cost, incl = {}, collections.Counter(), collections.Counter()
    fn = cfn = None
    in_call = False
    def name(token):
        m = re.match(r'\((\d+)\)(?: (.*))?', token)
        if not m:
            return token
        if m.group(2):
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), token)
    for line in open(path, errors='replace'):
        if line.startswith('fn='):
            fn = name(line[3:].strip())
        elif line.startswith('cfn='):
            cfn = name(line[4:].strip())
        elif line.startswith('calls='):
            in_call = True
        elif line[:1].isdigit() or line[:1] in '+-*':
            cost = int(line.split()[-1])
            if in_call:
                in_call = False
                if cfn != fn:
                    incl[fn] += cost
            else:
                self_cost[fn] += cost
                incl[fn] += cost
    return self_cost, incl

def demangle(symbols):
    if not shutil.which('swift-demangle'):
        return symbols
    out = subprocess.run(['swift-demangle', '--simplified'], input='\n'.join(symbols), capture_output=True, text=True)
    return out.stdout.split('\n')[:len(symbols)]

def main():
    requests = float(sys.argv[1])
    threads = []
    for path in sys.argv[2:]:
        s, i = parse(path)
        threads.append((sum(s.values()), path, s, i))
    threads.sort(reverse=True)
    print(f"{int(requests)} requests answered while counting")
    for total, path, _, _ in threads:
        if total / requests >= 1:
            print(f"  thread {path.rsplit('-', 1)[-1]}: {total / requests:8.0f} instructions per request")
    total, _, self_cost, incl = threads[0]
    names = list(incl)
    shown = dict(zip(names, demangle(names)))
    work = sum(c for n, c in incl.items() if re.fullmatch(r'(Server|Client)Connection\.handleEvents\(_:\)', shown[n]))
    print(f"event loop: {total / requests:.0f} instructions per request, {work / requests:.0f} of them request work "
          "(both connection kinds' handleEvents, inclusive)")
    for title, table in (("self", self_cost), ("inclusive", incl)):
        print(f"\ntop functions by {title} instructions per request:")
        for n, c in table.most_common(25):
            print(f"  {c / requests:7.0f}  {100 * c / total:5.1f} %  {shown.get(n, n)[:110]}")

main()
