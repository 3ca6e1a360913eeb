# Shared helpers of the namespace scripts (scripts/multihost-*, scripts/chaos/12-*): one network namespace per
# "host" on a private test subnet joined by a bridge that lives in its own namespace, and their clean-up.
# The caller sets P (namespace prefix), NET (the /24's first three octets) and ADDR (host → address, an associative
# array); PIDS and MADE_NS collect what to stop and remove.
PIDS=()
MADE_NS=()

# netns_refuse_existing HOST...: stops (exit 2) when a namespace of this prefix is left from another run.
netns_refuse_existing() {
    local h
    for h in br "$@"; do
        if [[ -e /run/netns/$P$h ]]; then
            echo "$(basename "$0"): namespace $P$h already exists (another run?); remove it with: ip netns del $P$h" >&2
            exit 2
        fi
    done
}

# netns_network BRIDGE HOST...: the bridge namespace ${P}br with BRIDGE, and one namespace per HOST with eth0 at
# ADDR[HOST]/24 on it (IPv6 off, no default route: nothing leaves the test subnet).
netns_network() {
    local bridge=$1 h ns; shift
    ip netns add "${P}br" && MADE_NS+=("${P}br")
    ip -n "${P}br" link set lo up
    ip -n "${P}br" link add "$bridge" type bridge
    ip -n "${P}br" link set "$bridge" up
    for h in "$@"; do
        ns=$P$h
        ip netns add "$ns" && MADE_NS+=("$ns")
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip -n "${P}br" link add "v-$h" type veth peer name eth0 netns "$ns"
        ip -n "${P}br" link set "v-$h" master "$bridge" up
        ip -n "$ns" link set lo up
        ip -n "$ns" addr add "${ADDR[$h]}/24" dev eth0
        ip -n "$ns" link set eth0 up
    done
}

# netns_stop_all: TERM to every PIDS entry, KILL after 20 s, then KILL whatever still runs in our namespaces (all
# started by this run) and delete the namespaces.
netns_stop_all() {
    local pid ns i alive
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for ((i = 0; i < 100; i++)); do
        alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        ((alive)) || break
        sleep 0.2
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    for ns in "${MADE_NS[@]}"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    done
    sleep 0.2
    for ns in "${MADE_NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
}

# wait_for SECONDS COMMAND...: retries COMMAND every half second until it succeeds or the time is up.
wait_for() {
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do ((SECONDS < deadline)) || return 1; sleep 0.5; done
}
