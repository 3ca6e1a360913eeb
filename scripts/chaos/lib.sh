# Shared by scripts/chaos/*: a private cluster per scenario (own state dir, own free ports), our load generator
# recording every response, admin/database probes, one result line, and a teardown that always runs.
# Source it, then call chaos_begin N "title"; every helper is bounded (no unbounded wait).
set -uo pipefail
CHAOS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GENETIX=${GENETIX:-$CHAOS_ROOT/.build/release/genetix}
[[ -x $GENETIX ]] || GENETIX=$CHAOS_ROOT/.build/debug/genetix
# SHORT=1: the CI form (shorter phases, lower rates).
SHORT=${SHORT:-0}
# The seed of bash's RANDOM (which worker scenario 3 kills next): fixed in the CI form, so a CI run is repeatable;
# drawn per run otherwise. Set CHAOS_SEED to replay a run (the scenario prints the seed it used).
if [[ -z ${CHAOS_SEED:-} ]]; then
    if [[ $SHORT == 1 ]]; then CHAOS_SEED=1; else CHAOS_SEED=$(( $$ ^ ${EPOCHSECONDS:-0} )); fi
fi
RANDOM=$CHAOS_SEED
CHAOS_STATE=""
CHAOS_PIDS=()
# Processes a scenario stopped with SIGSTOP that are not ours to kill (etcd): the teardown only continues them.
CHAOS_RESUME=()
CHAOS_SCENARIO=0
CHAOS_STARTED=$SECONDS
CHAOS_RESULT_PRINTED=0
CHAOS_ANALYZE="$CHAOS_ROOT/scripts/chaos/analyze.py"

say() { echo "chaos[$CHAOS_SCENARIO] $(date -u +%T) $*" >&2; }

# chaos_begin N TITLE: records the scenario number, installs the teardown trap.
chaos_begin() {
    CHAOS_SCENARIO=$1
    say "$2 (seed $CHAOS_SEED)"
    trap chaos_teardown EXIT
    trap 'say "interrupted"; exit 130' INT TERM
}

# result PASS|FAIL DETAILS: the one result line (stdout), once.
result() {
    [[ $CHAOS_RESULT_PRINTED == 1 ]] && return 0
    CHAOS_RESULT_PRINTED=1
    echo "scenario $CHAOS_SCENARIO: $1 - $2 ($((SECONDS - CHAOS_STARTED)) s)"
    [[ $1 == PASS ]]
}

# fail DETAILS: the FAIL line, then exit 1 (the trap tears down).
fail() { result FAIL "$1"; exit 1; }

# free_base_port: the lowest base port P from 10000 (in steps of 200) with P…P+199 all free on 127.0.0.1, below the kernel's ephemeral range (so no
# outgoing connection of the cluster itself takes one of them between this check and the bind).
free_base_port() {
    python3 - <<'PY'
import socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
top = low - 200 if low > 12000 else 65000 - 200
for base in range(10000, top, 200):  # the first free block, the same on every quiet run
    socks = []
    try:
        for p in range(base, base + 200):
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", p)); socks.append(s)
    except OSError:
        continue
    finally:
        for s in socks: s.close()
    print(base); break
PY
}

# cluster_up [UP ARGS…]: a fresh cluster in a temp state dir, on free ports, without the built-in load.
cluster_up() {
    CHAOS_STATE=$(mktemp -d /tmp/genetix-chaos-$CHAOS_SCENARIO.XXXXXX)
    CHAOS_BASE=$(free_base_port)
    [[ -n $CHAOS_BASE ]] || fail "no free block of 200 ports on 127.0.0.1"
    # The balancer's HTTPS listener (base port + 1): plain HTTP redirects pages and refuses API calls by default.
    CHAOS_URL="https://127.0.0.1:$((CHAOS_BASE + 1))"
    say "cluster up: state $CHAOS_STATE, base port $CHAOS_BASE"
    if ! timeout 180 "$GENETIX" up --detach --no-console --load 0 --state-dir "$CHAOS_STATE" --base-port "$CHAOS_BASE" "$@" \
        >"$CHAOS_STATE/up.out" 2>&1; then
        tail -20 "$CHAOS_STATE/up.out" >&2
        fail "genetix up failed (see above)"
    fi
    CHAOS_TOKEN=$(cat "$CHAOS_STATE/operator.token")
}

# chaos_teardown: stops the load, `genetix down`, kills whatever of ours survived (by pid), removes the state dir.
chaos_teardown() {
    local rc=$?
    trap - EXIT INT TERM
    for p in "${CHAOS_RESUME[@]:-}"; do [[ -n $p ]] && kill -CONT "$p" 2>/dev/null; done
    for p in "${CHAOS_PIDS[@]:-}"; do [[ -n $p ]] && kill "$p" 2>/dev/null; done
    for p in "${CHAOS_PIDS[@]:-}"; do [[ -n $p ]] && kill -CONT "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [[ -n $CHAOS_STATE && -d $CHAOS_STATE ]]; then
        timeout 60 "$GENETIX" down --state-dir "$CHAOS_STATE" >"$CHAOS_STATE/down.out" 2>&1 || { say "genetix down: $(tail -3 "$CHAOS_STATE/down.out")"; }
        # Anything still running from this state dir (a stopped worker, a relaunched node) goes by pid.
        local left
        left=$(pgrep -f -- "$CHAOS_STATE" || true)
        if [[ -n $left ]]; then
            say "left after down, killing: $(echo $left)"
            for p in $left; do kill -CONT "$p" 2>/dev/null; kill -9 "$p" 2>/dev/null; done
            sleep 1
        fi
        if [[ ${CHAOS_KEEP:-0} == 1 ]]; then say "state kept: $CHAOS_STATE"; else rm -rf "$CHAOS_STATE"; fi
    fi
    if [[ $CHAOS_RESULT_PRINTED == 0 ]]; then result FAIL "aborted (exit $rc) before a result"; rc=1; fi
    exit $rc
}

# g ARGS…: genetix against this cluster's configuration.
g() { "$GENETIX" "$@" --config "$CHAOS_STATE/config.json"; }

# admin_url NODE: the node's admin URL.
admin_url() { python3 -c 'import json,sys; print(next(n["admin"] for n in json.load(open(sys.argv[1]))["nodes"] if n["name"]==sys.argv[2]))' "$CHAOS_STATE/config.json" "$1"; }

# node_status NODE: its status JSON (bounded: 3 s).
node_status() { curl -fsS -m 3 -H "Authorization: Bearer $CHAOS_TOKEN" "$(admin_url "$1")/admin/v1/status"; }

# node_action NODE ACTION JSON: an admin action.
node_action() {
    curl -fsS -m 60 -X POST -H "Authorization: Bearer $CHAOS_TOKEN" -H 'Content-Type: application/json' \
        -d "$3" "$(admin_url "$1")/admin/v1/actions/$2"
}

# jq_py EXPR: evaluates a Python expression over the JSON on stdin bound to `s`.
jq_py() { python3 -c "import json,sys; s=json.load(sys.stdin); r=($1); print(r if not isinstance(r,(list,dict)) else json.dumps(r))"; }

# online_workers NODE: how many workers of an app node are online.
online_workers() { node_status "$1" 2>/dev/null | jq_py 'sum(1 for w in s.get("workers") or [] if w["state"]=="online")' 2>/dev/null || echo 0; }

# wait_until SECONDS COMMAND…: polls every 0.25 s until COMMAND succeeds; 1 when it never did.
wait_until() {
    local limit=$1; shift
    local end=$((SECONDS + limit))
    while ((SECONDS < end)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
    return 1
}

# workers_online NODE N: succeeds when exactly N workers of NODE are online and none is in another state.
workers_online() { [[ $(node_status "$1" | jq_py '"%d/%d" % (sum(1 for w in s["workers"] if w["state"]=="online"), len(s["workers"]))') == "$2/$2" ]]; }

# balancer_up_backends: how many backends lb-1 has up.
balancer_up_backends() { node_status lb-1 | jq_py 'sum(1 for b in s.get("backends") or [] if b["state"]=="up")'; }

# load_start NAME MIX RPS [DURATION]: our load generator through the balancer, every response in STATE/NAME.jsonl.
load_start() {
    local name=$1 mix=$2 rps=$3 duration=${4:-600s}
    "$GENETIX" load --target "$CHAOS_URL" --ca "$CHAOS_STATE/tls/cert.pem" --mix "$mix" --rps "$rps" --duration "$duration" --timeout 5s --json \
        --record "$CHAOS_STATE/$name.jsonl" >"$CHAOS_STATE/$name.summary.json" 2>"$CHAOS_STATE/$name.err" &
    CHAOS_PIDS+=($!)
    eval "LOAD_PID_$name=$!"
    sleep 0.5
}

# load_stop NAME: SIGINT to the load generator (it waits for its requests in flight), then its summary is ready.
load_stop() {
    local pid_var="LOAD_PID_$1"
    local pid=${!pid_var}
    kill -INT "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

# analyze ARGS…: scripts/chaos/analyze.py over this cluster's records.
analyze() { python3 "$CHAOS_ANALYZE" "$@"; }

# conninfo [PORT…]: libpq conninfo for the database (default: any primary, read-write).
conninfo() {
    local ports hosts
    if (($#)); then ports=$(IFS=,; echo "$*"); else ports=$(seq -s, $((CHAOS_BASE + 50)) $((CHAOS_BASE + 51))); fi
    hosts=$(echo "$ports" | sed 's/[0-9]\+/127.0.0.1/g')
    echo "host=$hosts port=$ports dbname=genetix user=genetix password=$(cat "$CHAOS_STATE/db-password") connect_timeout=3 target_session_attrs=read-write"
}

# sql QUERY [PORT]: one value from the primary (or the server on PORT).
sql() { timeout 20 psql "$(conninfo ${2:-})" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }

# recovery_of PORT: pg_is_in_recovery() of the server on PORT whatever its role ("t", "f", or empty when it does not answer).
recovery_of() { timeout 5 psql "$(conninfo "$1" | sed 's/ target_session_attrs=read-write//')" -XAtq -c "SELECT pg_is_in_recovery()" 2>/dev/null; }

# process_pid NAME: the pid of a cluster process from pids.json.
process_pid() { python3 -c 'import json,sys; print(next(p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"]==sys.argv[2]))' "$CHAOS_STATE/pids.json" "$1"; }

# postmaster_pid NODE: the PostgreSQL postmaster of a database node.
postmaster_pid() { head -1 "$CHAOS_STATE/data/$1/postmaster.pid" 2>/dev/null || ls "$CHAOS_STATE/data/$1"/*/postmaster.pid 2>/dev/null | head -1 | xargs head -1; }

# db_count_in TABLE COLUMN TYPE IDSFILE [PORT]: rows of TABLE whose COLUMN is one of the ids in IDSFILE (one a line).
db_count_in() {
    local table=$1 column=$2 type=$3 file=$4 port=${5:-}
    [[ -s $file ]] || { echo 0; return 0; }
    local array
    array=$(python3 -c 'import sys; print("{" + ",".join(l.strip() for l in open(sys.argv[1]) if l.strip()) + "}")' "$file")
    sql "SELECT count(*) FROM $table WHERE $column = ANY('$array'::$type[])" "$port"
}

# relaunch NAME: starts the node NAME again with the arguments pids.json holds (own session, same log), and
# rewrites its pids.json entry so `genetix down` stops the new process.
relaunch() {
    python3 - "$CHAOS_STATE/pids.json" "$1" "$GENETIX" <<'PY'
import json, os, subprocess, sys
path, name, exe = sys.argv[1:4]
table = json.load(open(path))
entry = next(p for p in table["processes"] if p["name"] == name)
log = open(entry["log"], "ab") if entry.get("log") else subprocess.DEVNULL
child = subprocess.Popen([exe] + entry["arguments"], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                         start_new_session=True)
stat = open(f"/proc/{child.pid}/stat").read()
entry.update(pid=child.pid, pgid=child.pid, startTicks=int(stat[stat.rindex(")") + 2:].split()[19]))
tmp = path + ".tmp"
json.dump(table, open(tmp, "w"), indent=2)
os.replace(tmp, path)
print(child.pid)
PY
}

# cluster_healthy: `genetix status --json` reports every node ok.
cluster_healthy() {
    g status --json 2>/dev/null | python3 -c '
import json, sys
s = json.load(sys.stdin)
nodes = s.get("nodes") or []
bad = [n.get("name") for n in nodes if not n.get("reachable") or ((n.get("status") or {}).get("health") or {}).get("status") != "ok"]
sys.exit(1 if bad or not nodes else 0)'
}

# backend_field ADDRESS FIELD: a field of lb-1's backend ADDRESS (state, inFlight, requests…); "gone" when absent.
backend_field() { node_status lb-1 | jq_py "next((b.get('$2') for b in s['backends'] if b['address']=='$1'), 'gone')"; }
# backend_is ADDRESS FIELD VALUE: succeeds when the field has that value (for wait_until).
backend_is() { [[ $(backend_field "$1" "$2") == "$3" ]]; }
# backend_is_not ADDRESS FIELD VALUE: succeeds when it has another value.
backend_is_not() { [[ $(backend_field "$1" "$2") != "$3" ]]; }
# up_backends_at_least N: lb-1 has N backends up.
up_backends_at_least() { (($(balancer_up_backends) >= $1)); }
