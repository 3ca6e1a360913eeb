# free_port: prints a loopback port that binds now, from 23000-31999: below the kernel's ephemeral range (32768 on),
# so no connection of a running proxy, backend or wrk can take it before the server it is meant for binds it (a
# port-0 bind closed at once can be taken that way). With $WORK set, the ports handed out in this run are kept in
# $WORK/.ports and never handed out twice. The one definition for every bench (sourced by scripts/lib/bench.sh and
# scripts/lib/balancer-bench.sh).
free_port() {
    python3 - "${WORK:-}" <<'PY'
import os, random, socket, sys
work = sys.argv[1]
memo = os.path.join(work, ".ports") if work and os.path.isdir(work) else None
used = set(open(memo).read().split()) if memo and os.path.exists(memo) else set()
for _ in range(2000):
    port = random.randrange(23000, 32000)
    if str(port) in used:
        continue
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        probe.close()
    if memo:
        with open(memo, "a") as f:
            f.write(f"{port}\n")
    print(port)
    break
else:
    sys.exit("error: no free loopback port in 23000-31999")
PY
}
