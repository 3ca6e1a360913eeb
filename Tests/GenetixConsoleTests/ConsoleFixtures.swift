import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations

/// A fixed, realistic cluster for view tests: one balancer, two app nodes, a primary and a replica.
enum ConsoleFixtures {
    static let now = GenetixJSON.parse("2026-11-26T14:03:05.000Z")!

    static func ago(_ seconds: Double) -> Date { now.addingTimeInterval(-seconds) }

    /// 60 deterministic samples around `base` with a gentle wave and a bump near the end.
    static func series(_ base: Double, swing: Double, phase: Double = 0) -> [Double] {
        (0..<60).map { i in
            let x = Double(i)
            return max(0, base + swing * sin(x / 6 + phase) + (i > 50 ? swing * 0.8 : 0))
        }
    }

    static func history(_ values: [MetricSeries: [Double]]) -> [MetricSeries: MetricHistory] {
        values.mapValues { MetricHistory(samples: $0) }
    }

    static var balancer: NodeSnapshot {
        var s = NodeStatus(name: "lb-1", kind: .balancer, role: "balancer", version: "0.1.0", startedAt: ago(3 * 3600 + 720), pid: 4101)
        s.figures = NodeFigures(requestsPerSecond: 1843, p50Ms: 1.8, p99Ms: 12.4, errorRate: 0.0004, inFlight: 7, cpuPercent: 31,
                                residentBytes: 48 << 20)
        s.host = HostFigures(cpuPercent: 44, load1: 0.82, load5: 0.7, load15: 0.6, memoryTotalBytes: 8 << 30, memoryAvailableBytes: 5 << 30)
        s.listeners = ["http://127.0.0.1:8080", "https://127.0.0.1:8443"]
        s.cache = CacheStatus(entries: 214, bytes: 3 << 20, limitBytes: 64 << 20, hits: 90412, misses: 10311)
        var backends: [BackendStatus] = []
        for (i, node, worker, state) in [(0, "app-1", 1, BackendStatus.State.up), (1, "app-1", 2, .up), (2, "app-1", 3, .up),
                                         (3, "app-2", 1, .up), (4, "app-2", 2, .draining)] {
            var b = BackendStatus(address: "127.0.0.1:\(8101 + i)", state: state, weight: 1, inFlight: state == .up ? 1 + i % 2 : 0)
            b.source = "discovered"
            b.node = node
            b.workerId = worker
            b.requestsPerSecond = state == .up ? 368 + Double(i * 7) : 0
            b.p99Ms = 9.5 + Double(i)
            b.errors = i == 3 ? 2 : 0
            b.lastCheck = "200 in 1ms"
            backends.append(b)
        }
        s.backends = backends
        return NodeSnapshot(node: ConfiguredNode(name: "lb-1", kind: .balancer, admin: "http://127.0.0.1:7001", token: "t"), status: s,
                            updatedAt: ago(0.4), history: history([
                                .requestsPerSecond: series(1800, swing: 250), .p99Ms: series(11, swing: 3, phase: 1),
                                .errorRate: series(0.0004, swing: 0.0003), .cpuPercent: series(30, swing: 5),
                            ]))
    }

    static func appNode(_ name: String, port: Int, workers count: Int, autoscale: Bool, p99: Double, cpu: Double) -> NodeSnapshot {
        var s = NodeStatus(name: name, kind: .app, role: "supervisor", version: "0.1.0", startedAt: ago(3 * 3600 + 700), pid: Int32(4200 + port % 100))
        s.figures = NodeFigures(requestsPerSecond: 920, p50Ms: 2.1, p99Ms: p99, errorRate: 0.0002, inFlight: 3, cpuPercent: cpu,
                                residentBytes: 212 << 20)
        var workers: [WorkerStatus] = []
        for id in 1...count {
            var w = WorkerStatus(id: id, pid: Int32(5100 + port % 100 * 10 + id), port: port + id, state: id == count && name == "app-2" ? .draining : .online)
            w.cpuPercent = cpu / Double(count) + Double(id)
            w.residentBytes = Int64(60 + id * 3) << 20
            w.requestsPerSecond = 300 + Double(id * 11)
            w.p99Ms = p99 - 1 + Double(id)
            w.restarts = id == 2 ? 1 : 0
            w.uptimeSeconds = id == 2 ? 1800 : 11_400
            w.lastExit = id == 2 ? "signal 9 (SIGKILL)" : nil
            workers.append(w)
        }
        s.workers = workers
        var a = AutoscalerStatus(enabled: autoscale, min: 1, max: 8)
        a.metric = "inFlightPerWorker"
        a.target = 4
        a.current = count
        a.desired = count
        a.scaleDownWindowSeconds = 300
        a.lastDecision = autoscale ? "hold: 0.9 in flight per worker is within 10% of the target 4" : nil
        a.lastDecisionAt = autoscale ? ago(42) : nil
        s.autoscaler = a
        if name == "app-2" { s.health = Health(status: .degraded, reasons: ["worker 2 is draining"]) }
        return NodeSnapshot(node: ConfiguredNode(name: name, kind: .app, admin: "http://127.0.0.1:\(port - 1000)", token: "t"), status: s,
                            updatedAt: ago(0.6), history: history([
                                .requestsPerSecond: series(900, swing: 150, phase: Double(port % 7)), .p99Ms: series(p99, swing: 4),
                                .cpuPercent: series(cpu, swing: 6),
                            ]))
    }

    static var primary: NodeSnapshot {
        var s = NodeStatus(name: "db-1", kind: .database, role: "primary", version: "0.1.0", startedAt: ago(4 * 3600), pid: 4301)
        s.figures = NodeFigures(requestsPerSecond: 0, errorRate: 0, cpuPercent: 12, residentBytes: 38 << 20)
        var r = ReplicationStatus(role: "primary", timeline: 1, lagBytes: 0)
        r.currentLsn = "0/3A1F2C8"
        r.synchronous = false
        r.leader = "db-1"
        var c = ReplicationStatus.Client(name: "db-2", address: "127.0.0.1:40312", state: "streaming", syncState: "async")
        c.sentLsn = "0/3A1F2C8"
        c.replayLsn = "0/3A1F100"
        c.lagBytes = 456
        r.clients = [c]
        s.replication = r
        s.ha = HAStatus(mode: "auto", ttlSeconds: 5, leaseRemainingMs: 4200)
        s.database = DatabaseFigures(postmasterUp: true, listen: "127.0.0.1:5501", connections: ["active": 4, "idle": 12],
                                     transactionsPerSecond: 612, cacheHitRatio: 0.998, sizeBytes: 41 << 20)
        return NodeSnapshot(node: ConfiguredNode(name: "db-1", kind: .database, admin: "http://127.0.0.1:7301", token: "t"), status: s,
                            updatedAt: ago(0.3), history: history([
                                .transactionsPerSecond: series(600, swing: 90), .lagBytes: Array(repeating: 0, count: 60),
                            ]))
    }

    static var replica: NodeSnapshot {
        var s = NodeStatus(name: "db-2", kind: .database, role: "replica", version: "0.1.0", startedAt: ago(4 * 3600 - 30), pid: 4302)
        s.figures = NodeFigures(requestsPerSecond: 0, errorRate: 0, cpuPercent: 6, residentBytes: 31 << 20)
        var r = ReplicationStatus(role: "replica", timeline: 1, lagBytes: 456)
        r.lagSeconds = 0.02
        r.receiveLsn = "0/3A1F2C8"
        r.replayLsn = "0/3A1F100"
        r.upstream = "127.0.0.1:5501"
        r.receiverState = "streaming"
        r.replayPaused = false
        r.leader = "db-1"
        s.replication = r
        s.ha = HAStatus(mode: "auto", ttlSeconds: 5)
        s.database = DatabaseFigures(postmasterUp: true, listen: "127.0.0.1:5502", connections: ["active": 1, "idle": 3],
                                     transactionsPerSecond: 0, cacheHitRatio: 0.991, sizeBytes: 41 << 20)
        return NodeSnapshot(node: ConfiguredNode(name: "db-2", kind: .database, admin: "http://127.0.0.1:7302", token: "t"), status: s,
                            updatedAt: ago(0.3), history: history([
                                .lagBytes: series(2000, swing: 1800), .transactionsPerSecond: Array(repeating: 0, count: 60),
                            ]))
    }

    static var timeline: [TimelineEntry] {
        [
            TimelineEntry(time: ago(3600), node: "db-1", severity: "info", type: "replication.connected", message: "replica db-2 connected (async)",
                          actor: "system", target: "db-2"),
            TimelineEntry(time: ago(1800), node: "app-1", severity: "warn", type: "worker.crashed",
                          message: "worker 2 exited with signal 9; restarting in 100ms", actor: "system", target: "worker-2"),
            TimelineEntry(time: ago(1799), node: "app-1", severity: "info", type: "worker.online", message: "worker 2 online on port 8102",
                          actor: "system", target: "worker-2"),
            TimelineEntry(time: ago(300), node: "app-2", severity: "info", type: "action", message: "scale to 2 workers (was 3)",
                          actor: "ops-alice", target: "app-2"),
            TimelineEntry(time: ago(12), node: "lb-1", severity: "info", type: "backend.draining", message: "127.0.0.1:8105 is draining",
                          actor: "system", target: "127.0.0.1:8105"),
        ]
    }

    static var logs: [LogEntry] {
        let lines: [(Double, LogLevel, String, String, String, [String: String])] = [
            (40, .info, "app-1", "supervisor", "worker 1 online", ["port": "8101"]),
            (35, .info, "lb-1", "proxy", "discovered 5 backends from app-1, app-2", [:]),
            (30, .debug, "app-1", "worker-1", "GET /static/app.css 200 0.4ms", [:]),
            (26, .warn, "app-2", "supervisor", "worker 2 draining: scale down to 1", ["inFlight": "1"]),
            (22, .info, "db-1", "postgres", "checkpoint complete: wrote 112 buffers (0.7%)", [:]),
            (18, .error, "app-1", "worker-2", "POST /api/signup 500 in 31ms: duplicate key value violates unique constraint", ["request": "r-81f2"]),
            (15, .info, "db-2", "agent", "replay caught up with the primary", ["lag": "0"]),
            (11, .warn, "lb-1", "health", "127.0.0.1:8105 slow health check: 212ms", [:]),
            (8, .info, "app-1", "access", "GET /kits/GX-4471 200 3.1ms", [:]),
            (5, .critical, "app-2", "worker-2", "out of memory: resident 1.9G over the 1.5G limit", [:]),
            (2, .info, "lb-1", "proxy", "reloaded TLS certificate /var/lib/genetix/tls/lb-1.pem (valid until 2027-11-26)", [:]),
        ]
        return lines.enumerated().map { i, l in
            LogEntry(seq: UInt64(i + 1), time: ago(l.0), level: l.1, source: l.3, message: l.4, fields: LogFields(l.5), node: l.2)
        }
    }

    /// The whole cluster.
    static func snapshot(nodes: [NodeSnapshot]? = nil) -> ClusterSnapshot {
        ClusterSnapshot(clusterName: "local", takenAt: now, refreshInterval: .seconds(1),
                        nodes: nodes ?? [balancer, appNode("app-1", port: 8100, workers: 3, autoscale: true, p99: 14, cpu: 38),
                                         appNode("app-2", port: 8200, workers: 2, autoscale: false, p99: 280, cpu: 22), primary, replica],
                        logs: logs, timeline: timeline, edge: edge)
    }

    /// The edge as the model records it: 60 polls of the balancer's figures (its own histories, sample by sample).
    static var edge: EdgeHistory {
        var edge = EdgeHistory()
        let b = balancer
        for i in 0..<60 {
            var node = b
            node.status?.figures?.requestsPerSecond = b.samples(.requestsPerSecond)[i]
            node.status?.figures?.p99Ms = b.samples(.p99Ms)[i]
            node.status?.figures?.errorRate = b.samples(.errorRate)[i]
            edge.record(from: [node])
        }
        return edge
    }

    /// The same cluster with app-2 unreachable (connection refused for 7 seconds).
    static func snapshotWithUnreachableNode() -> ClusterSnapshot {
        var s = snapshot()
        let index = s.nodes.firstIndex { $0.name == "app-2" }!
        s.nodes[index].updatedAt = ago(7)
        s.nodes[index].recordFailure("cannot connect to 127.0.0.1:7200: Connection refused")
        return s
    }

    /// A view state fixed for tests (UTC clock).
    static func state(_ screen: ConsoleScreen = .overview, selected: String? = "app-1") -> ViewState {
        var s = ViewState()
        s.screen = screen
        s.selectedNode = selected
        s.zone = .utc
        return s
    }
}
