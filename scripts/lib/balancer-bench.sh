# Helpers for scripts/bench.d/balancer and balancer-profile: the two nginx backends, the certificate, the syslog sink,
# and genetix balancer, HAProxy, nginx and Varnish started in one of the bench's modes, each with its own files under
# $WORK (never the system services). Source it after setting WORK (a private temp dir) and GENETIX (the binary).
#
# Modes: plain (HTTP GET /), https (TLS listener too), cache (an edge cache of CACHE_MIB, default 64) and
# zipf (an edge cache of ZIPF_CACHE_MIB, default 8, smaller than the set of objects).
#
# The same bytes on the wire: genetix adds X-Forwarded-For, X-Forwarded-Proto, Via and X-Request-Id to every request
# it forwards, and Via and X-Request-Id to every answer, as a production nginx or HAProxy is configured to. So HAProxy
# and nginx are set up to forward the same four headers and answer with the same two (Varnish adds X-Forwarded-For,
# Via and its X-Varnish id by default): the backends then parse the same requests and wrk the same answers whichever
# proxy is measured. The proxy named nginx-bare is nginx without them (proxy_pass alone), shown for comparison.
# Every start_* prints "PLAIN_PORT TLS_PORT ADMIN_PORT" (0 where there is none) and records a pid file $WORK/NAME.pid.

OBJECT_BYTES=${OBJECT_BYTES:-4096}
CACHE_MIB=${CACHE_MIB:-64}
ZIPF_CACHE_MIB=${ZIPF_CACHE_MIB:-8}
GENETIX_ACCESS_LOG=${GENETIX_ACCESS_LOG:-all}
GENETIX_TOKEN=bench-secret-0123456789abcdef

source "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"
wait_port() {
    for _ in $(seq 1 150); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
    echo "error: nothing listens on 127.0.0.1:$1 after 15 s (see the logs in $WORK)" >&2; return 1
}
# wait_gone PID: waits up to 10 s for the process to end.
wait_gone() { for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$1" 2>/dev/null || true; }

# stop_named NAME [SIGNAL]: stops the process whose pid is in $WORK/NAME.pid and waits for it.
stop_named() {
    local f="$WORK/$1.pid" pid
    [ -f "$f" ] || return 0
    pid=$(cat "$f"); rm -f "$f"
    [ -n "$pid" ] || return 0
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    wait_gone "$pid"
}

# stop_all: every process this bench started (used by the EXIT trap).
stop_all() {
    local f
    for f in "$WORK"/*.pid; do [ -f "$f" ] && stop_named "$(basename "$f" .pid)"; done
    return 0
}

# make_certificate: an ECDSA P-256 self-signed certificate for 127.0.0.1, as `genetix cert` makes (EC P-256, SHA-256).
make_certificate() {
    mkdir -p "$WORK/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -sha256 -nodes -days 2 \
        -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" -subj /CN=localhost \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
    cat "$WORK/tls/cert.pem" "$WORK/tls/key.pem" > "$WORK/tls/haproxy.pem"
}

# start_syslog_sink: the UNIX datagram socket HAProxy logs to ($WORK/syslog.sock).
start_syslog_sink() {
    python3 scripts/lib/syslog-sink.py "$WORK/syslog.sock" "$WORK/syslog.count" &
    echo $! > "$WORK/syslog.pid"
    for _ in $(seq 1 50); do [ -S "$WORK/syslog.sock" ] && return 0; sleep 0.1; done
    echo "error: the syslog sink never bound $WORK/syslog.sock" >&2; return 1
}

# start_backends: one nginx (1 worker, no access log) serving two ports: `return 200 "ok\n"` on every path but
# /static/, where any path answers the same OBJECT_BYTES body with Cache-Control: public, max-age=3600.
start_backends() {
    B1=$(free_port); B2=$(free_port)
    mkdir -p "$WORK/backends-tmp" "$WORK/www"
    head -c "$OBJECT_BYTES" /dev/zero | tr '\0' 'x' > "$WORK/www/object.bin"
    cat > "$WORK/backends.conf" <<CONF
worker_processes 1;
pid $WORK/backends.pid;
error_log $WORK/backends-error.log warn;
daemon on;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/backends-tmp;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    server {
        listen 127.0.0.1:$B1 reuseport; listen 127.0.0.1:$B2 reuseport;
        location / { return 200 "ok\n"; }
        location /static/ { root $WORK/www; try_files /object.bin =404; add_header Cache-Control "public, max-age=3600"; }
    }
}
CONF
    nginx -c "$WORK/backends.conf" -p "$WORK" 2>/dev/null
    wait_port "$B1"; wait_port "$B2"
}

# start_genetix MODE THREADS
start_genetix() {
    local mode=$1 threads=$2 port admin tport=0 args=()
    port=$(free_port); admin=$(free_port)
    echo "[{\"name\":\"bench\",\"role\":\"operator\",\"secret\":\"$GENETIX_TOKEN\"}]" > "$WORK/tokens.json"
    case $mode in
        https) tport=$(free_port); args+=(--tls-listen "127.0.0.1:$tport" --cert "$WORK/tls/cert.pem" --key "$WORK/tls/key.pem") ;;
        cache) args+=(--cache-mib "$CACHE_MIB") ;;
        zipf) args+=(--cache-mib "$ZIPF_CACHE_MIB") ;;
    esac
    [ -n "${GENETIX_LOG_LEVEL:-}" ] && args+=(--log-level "$GENETIX_LOG_LEVEL")
    "$GENETIX" balancer --name bench --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin" \
        --admin-tokens "$WORK/tokens.json" --backend "127.0.0.1:$B1" --backend "127.0.0.1:$B2" --threads "$threads" \
        --max-connections 20000 --access-log "$GENETIX_ACCESS_LOG" "${args[@]}" >"$WORK/genetix.log" 2>&1 &
    echo $! > "$WORK/genetix.pid"
    wait_port "$port"; [ "$tport" = 0 ] || wait_port "$tport"; wait_port "$admin"
    echo "$port $tport $admin"
}

# genetix_cache ADMIN_PORT → "HITS MISSES" from the node's status (cache figures).
genetix_cache() {
    curl -fs -H "Authorization: Bearer $GENETIX_TOKEN" "http://127.0.0.1:$1/admin/v1/status" |
        python3 -c 'import json, sys
def find(v):
    if isinstance(v, dict):
        if "cache" in v and isinstance(v["cache"], dict) and "hits" in v["cache"]: return v["cache"]
        for x in v.values():
            r = find(x)
            if r: return r
    return None
c = find(json.load(sys.stdin)) or {}
print(c.get("hits", 0), c.get("misses", 0))'
}

# start_haproxy MODE THREADS: logs every request (option httplog) to the syslog sink.
start_haproxy() {
    local mode=$1 threads=$2 port tport=0 tls_bind=""
    port=$(free_port)
    if [ "$mode" = https ]; then
        tport=$(free_port)
        tls_bind="    bind 127.0.0.1:$tport ssl crt $WORK/tls/haproxy.pem alpn http/1.1"
    fi
    cat > "$WORK/haproxy.cfg" <<CONF
global
    nbthread $threads
    maxconn 8000
    pidfile $WORK/haproxy.pid
    daemon
    log unix@$WORK/syslog.sock local0 info
defaults
    mode http
    log global
    option httplog
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    option http-keep-alive
    http-reuse always
frontend fe
    bind 127.0.0.1:$port
    # The headers genetix forwards and answers with (see the top of this file).
    option forwardfor
    unique-id-format %{+X}o%ci%cp%Ts%rt
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }
    http-request add-header Via "1.1 bench"
    http-request set-header X-Request-Id %[unique-id]
    http-response add-header Via "1.1 bench"
    http-response set-header X-Request-Id %[unique-id]
$tls_bind
    default_backend be
backend be
    balance roundrobin
    server b1 127.0.0.1:$B1
    server b2 127.0.0.1:$B2
CONF
    haproxy -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1
    wait_port "$port"; [ "$tport" = 0 ] || wait_port "$tport"
    echo "$port $tport 0"
}

# start_nginx MODE WORKERS [bare]: access_log to a file with buffer=64k; proxy_cache in the cache and zipf modes.
start_nginx() {
    local mode=$1 workers=$2 port tport=0 tls="" cache_path="" cache=""
    port=$(free_port)
    mkdir -p "$WORK/nginx-proxy" "$WORK/nginx-cache"
    chmod 777 "$WORK/nginx-proxy" "$WORK/nginx-cache"  # nginx's workers run as nobody
    rm -rf "$WORK/nginx-cache"/* "$WORK/nginx-access.log"
    if [ "$mode" = https ]; then
        tport=$(free_port)
        tls="listen 127.0.0.1:$tport ssl; ssl_certificate $WORK/tls/cert.pem; ssl_certificate_key $WORK/tls/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache shared:SSL:10m; ssl_session_tickets on;"
    fi
    case $mode in
        cache) cache_path="proxy_cache_path $WORK/nginx-cache levels=1:2 keys_zone=edge:16m max_size=${CACHE_MIB}m inactive=1h use_temp_path=off;" ;;
        zipf) cache_path="proxy_cache_path $WORK/nginx-cache levels=1:2 keys_zone=edge:16m max_size=${ZIPF_CACHE_MIB}m inactive=1h use_temp_path=off;" ;;
    esac
    [ -n "$cache_path" ] && cache="proxy_cache edge; proxy_cache_lock on; proxy_cache_valid 200 1h;"
    # The headers genetix forwards and answers with (see the top), unless this is nginx-bare.
    local forwarding='proxy_set_header Host $http_host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header Via "1.1 bench";
            proxy_set_header X-Request-Id $request_id; add_header Via "1.1 bench"; add_header X-Request-Id $request_id;'
    [ "${3:-}" = bare ] && forwarding=""

    cat > "$WORK/proxy.conf" <<CONF
worker_processes $workers;
pid $WORK/proxy.pid;
error_log $WORK/proxy-error.log warn;
daemon on;
events { worker_connections 20000; }
http {
    log_format bench '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent \$request_time cache=\$upstream_cache_status phase=\$http_x_bench_phase';
    access_log $WORK/nginx-access.log bench buffer=64k;
    client_body_temp_path $WORK/nginx-proxy;
    proxy_temp_path $WORK/nginx-proxy;
    keepalive_requests 1000000;
    $cache_path
    upstream be { server 127.0.0.1:$B1; server 127.0.0.1:$B2; keepalive 256; }
    server {
        listen 127.0.0.1:$port;
        $tls
        location / { proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection ""; $forwarding $cache }
    }
}
CONF
    nginx -c "$WORK/proxy.conf" -p "$WORK" 2>>"$WORK/proxy-error.log"
    wait_port "$port"; [ "$tport" = 0 ] || wait_port "$tport"
    echo "$port $tport 0"
}

# nginx_cache_counts → "HITS OTHERS" over the measured requests in nginx's access log (run after stopping nginx,
# which flushes the log buffer).
nginx_cache_counts() {
    awk '/phase=measure/ { if ($0 ~ /cache=HIT /) h++; else o++ } END { print h + 0, o + 0 }' "$WORK/nginx-access.log"
}

# start_varnish MODE: varnishd with its own work dir, -s malloc of the mode's cache size, round robin over the
# backends; Varnish logs to its shared-memory log (nothing reads it here, as when varnishncsa is not running).
start_varnish() {
    local mode=$1 port size
    port=$(free_port)
    size=$([ "$mode" = zipf ] && echo "$ZIPF_CACHE_MIB" || echo "$CACHE_MIB")
    cat > "$WORK/varnish.vcl" <<VCL
vcl 4.1;
import directors;
backend b1 { .host = "127.0.0.1"; .port = "$B1"; }
backend b2 { .host = "127.0.0.1"; .port = "$B2"; }
sub vcl_init { new rr = directors.round_robin(); rr.add_backend(b1); rr.add_backend(b2); }
sub vcl_recv { set req.backend_hint = rr.backend(); }
VCL
    rm -rf "$WORK/varnish"
    varnishd -n "$WORK/varnish" -a "127.0.0.1:$port" -f "$WORK/varnish.vcl" -s "malloc,${size}m" \
        -P "$WORK/varnish.pid" >"$WORK/varnish.log" 2>&1
    wait_port "$port"
    echo "$port 0 0"
}

# varnish_cache → "HITS MISSES" (MAIN.cache_hit, MAIN.cache_miss).
varnish_cache() {
    varnishstat -n "$WORK/varnish" -1 -f MAIN.cache_hit -f MAIN.cache_miss |
        awk '$1 == "MAIN.cache_hit" {h = $2} $1 == "MAIN.cache_miss" {m = $2} END {print h + 0, m + 0}'
}

# start_proxy NAME MODE THREADS and stop_proxy NAME: one entry point for the four.
start_proxy() {
    case $1 in
        genetix) start_genetix "$2" "$3" ;;
        haproxy) start_haproxy "$2" "$3" ;;
        nginx) start_nginx "$2" "$3" ;;
        nginx-bare) start_nginx "$2" "$3" bare ;;
        varnish) start_varnish "$2" ;;
    esac
}
stop_proxy() {
    case $1 in
        nginx|nginx-bare) stop_named proxy QUIT ;;  # graceful: the workers flush the access-log buffer
        *) stop_named "$1" ;;
    esac
    sleep 0.3
}

# proxy_worker_pids NAME → the pids that do a running proxy's work: the genetix or HAProxy process, nginx's workers
# (not the master).
proxy_worker_pids() {
    case $1 in
        genetix|haproxy) cat "$WORK/$1.pid" ;;
        nginx|nginx-bare) pgrep -P "$(cat "$WORK/proxy.pid")" | tr '\n' ' ' ;;
    esac
}

# run_wrk ARGS… → "RPS P99_MS ERRORS" (socket errors + non-2xx/3xx answers).
run_wrk() {
    wrk --latency "$@" 2>&1 | python3 -c '
import re, sys
t = sys.stdin.read()
m = re.search(r"Requests/sec:\s+([\d.]+)", t)
if not m:
    sys.stderr.write(t); print("nan nan 1"); sys.exit()
p = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99 = float(p.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p.group(2)] if p else float("nan")
e = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
n = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errors = (sum(int(x) for x in e.groups()) if e else 0) + (int(n.group(1)) if n else 0)
print(f"{float(m.group(1)):.0f} {p99:.2f} {errors}")'
}
