# Shared helpers for scripts/bench.d/*: free ports, wrk runs parsed to numbers, cleanup of everything started.
BENCH_PIDS=()
bench_cleanup() { for p in "${BENCH_PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap bench_cleanup EXIT INT TERM

source "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"

# wait_http URL: waits up to 10 s for URL to answer.
wait_http() { for _ in $(seq 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; echo "error: $1 never answered" >&2; return 1; }

# wrk_run ARGS...: runs wrk --latency and prints "RPS P99_MS ERRORS".
wrk_run() {
    wrk --latency "$@" 2>&1 | python3 -c '
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
e = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
n = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errors = (sum(int(x) for x in e.groups()) if e else 0) + (int(n.group(1)) if n else 0)
print(f"{rps:.0f} {p99:.2f} {errors}")'
}

# median VALUES...: the median.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# nginx_return200 PORT DIR WORKERS: starts nginx answering 200 on PORT; prints its pid.
nginx_return200() {
    local port=$1 dir=$2 workers=${3:-1}
    mkdir -p "$dir"
    cat >"$dir/nginx.conf" <<CONF
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir; proxy_temp_path $dir; fastcgi_temp_path $dir; uwsgi_temp_path $dir; scgi_temp_path $dir;
    server { listen 127.0.0.1:$port; location / { default_type application/json; return 200 '{"status":"ok","service":"genetix"}'; } }
}
CONF
    nginx -c "$dir/nginx.conf" -g 'daemon off;' >/dev/null 2>&1 &
    echo $!
}
