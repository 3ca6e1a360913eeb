import GenetixAdmin
import GenetixNet

/// The database node's unauthenticated health endpoints, named and behaving as Patroni's, so that a load balancer
/// template written for Patroni (HAProxy's `option httpchk OPTIONS /primary`, `/replica?lag=16MB`) works unchanged.
/// Each answers 200 or 503 with the live probe as its JSON body; HEAD (the router) and OPTIONS (the admin server)
/// answer the same status without the body.
///
/// | path | 200 when |
/// |---|---|
/// | `/primary`, `/master`, `/read-write` | the writable primary (not in recovery, not fenced) |
/// | `/leader` | with `--dcs`: the holder of the leader key (even while paused); without: as `/primary` |
/// | `/replica` | a streaming replica within `?lag=` (default: the node's lag threshold) |
/// | `/sync`, `/synchronous` | a streaming replica that is the synchronous standby recorded in etcd (sync mode) |
/// | `/async`, `/asynchronous` | a streaming replica within `?lag=` that is not that standby |
/// | `/read-only` | the writable primary, or a streaming replica within `?lag=` |
/// | `/health` | PostgreSQL runs and answers |
enum HealthEndpoints {
    static func routes(_ agent: DatabaseAgent) -> [AdminRoute] {
        let primary: @Sendable (HTTPRequest) async -> HTTPResponse = { _ in
            let probe = await agent.probe()
            return answer(probe.writablePrimary, probe)
        }
        let primaryRoutes = [
            ("/primary", "200 only on the writable primary (not in recovery, not fenced); 503 otherwise"),
            ("/master", "Patroni's older name for /primary"),
            ("/read-write", "Patroni's name for /primary"),
        ].map { AdminRoute(path: $0.0, summary: $0.1, handler: primary) }
        // Synchronous or not: with --dcs in sync mode, the standby recorded in etcd is "the" synchronous one.
        let sync: @Sendable (HTTPRequest, Bool) async -> HTTPResponse = { request, wanted in
            // A synchronous standby has confirmed every commit: only an explicit ?lag= bounds it.
            guard let limit = lagLimit(request, default: wanted ? ByteSize.maximum : agent.settings.lagThresholdBytes) else { return badLag(request) }
            let probe = await agent.probe()
            let ha = await agent.haStatus()
            let isSync = ha?.synchronousMode == true && ha?.syncStandby == agent.settings.name
            return answer(probe.streamingReplica && probe.lagBytes <= limit && isSync == wanted, probe)
        }
        let syncRoutes = [
            ("/sync", true, "200 on the synchronous standby recorded in etcd (sync mode with --dcs); 503 otherwise"),
            ("/synchronous", true, "Patroni's longer name for /sync"),
            ("/async", false, "200 on a streaming replica within ?lag= that is not the synchronous standby; 503 otherwise"),
            ("/asynchronous", false, "Patroni's longer name for /async"),
        ].map { route in AdminRoute(path: route.0, summary: route.2) { await sync($0, route.1) } }
        let leader = AdminRoute(path: "/leader", summary: "200 on the holder of the leader key in etcd (with --dcs), else as /primary; 503 otherwise") { request in
            let probe = await agent.probe()
            guard agent.settings.ha != nil else { return answer(probe.writablePrimary, probe) }
            return answer(await agent.haLeader() == agent.settings.name, probe)
        }
        return primaryRoutes + [leader] + syncRoutes + [
            AdminRoute(path: "/replica",
                       summary: "200 only on a streaming replica within ?lag= (bytes, or 16MB, 1GB…; default: the lag threshold); 503 otherwise") { request in
                guard let limit = lagLimit(request, default: agent.settings.lagThresholdBytes) else { return badLag(request) }
                let probe = await agent.probe()
                return answer(probe.streamingReplica && probe.lagBytes <= limit, probe)
            },
            AdminRoute(path: "/read-only", summary: "200 on the writable primary or a streaming replica within ?lag=; 503 otherwise") { request in
                guard let limit = lagLimit(request, default: agent.settings.lagThresholdBytes) else { return badLag(request) }
                let probe = await agent.probe()
                return answer(probe.writablePrimary || (probe.streamingReplica && probe.lagBytes <= limit), probe)
            },
            AdminRoute(path: "/health", summary: "200 while postgres runs and answers; 503 otherwise") { _ in
                let probe = await agent.probe()
                return answer(probe.running, probe)
            },
        ]
    }

    /// The `lag` query parameter in bytes, `default` when absent, nil when malformed.
    static func lagLimit(_ request: HTTPRequest, default limit: Int64) -> Int64? {
        guard let text = request.query["lag"] else { return limit }
        return ByteSize.parse(text)
    }

    private static func badLag(_ request: HTTPRequest) -> HTTPResponse {
        .error(400, code: "bad_request",
               "query parameter 'lag' must be a byte count: a whole number of bytes (1048576) or one with a unit B, kB, MB, GB, TB (1024kB, 16MB), "
                   + "at most 1 PB; got '\(request.query["lag"] ?? "")'", field: "lag")
    }

    private static func answer(_ ok: Bool, _ probe: HealthProbe) -> HTTPResponse {
        .json(probe, status: ok ? 200 : 503)
    }
}

/// A byte count as PostgreSQL and Patroni write them: `1048576`, `1024kB`, `16MB`, `1GB` (units of 1024; the unit's
/// case is not significant, so `16mb` and `16Mb` read the same).
enum ByteSize {
    /// At most a petabyte: far above any replication lag, far below overflow.
    static let maximum: Int64 = 1 << 50

    static func parse(_ text: String) -> Int64? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 16, let number = Int64(digits) else { return nil }
        let multiplier: Int64
        switch text.dropFirst(digits.count).lowercased() {
        case "", "b": multiplier = 1
        case "kb": multiplier = 1 << 10
        case "mb": multiplier = 1 << 20
        case "gb": multiplier = 1 << 30
        case "tb": multiplier = 1 << 40
        default: return nil
        }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        guard !overflow, bytes <= maximum else { return nil }
        return bytes
    }
}
