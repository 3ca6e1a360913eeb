import Foundation
import GenetixCore
import GenetixOperations
import Testing

@Suite struct CheckReportTests {
    static func reading(_ name: String, _ kind: NodeKind = .app, status: NodeStatus?, unreachable: Bool = false, error: String? = nil) -> NodeReading {
        NodeReading(node: ConfiguredNode(name: name, kind: kind, admin: "http://127.0.0.1:1"), status: status, error: error,
                    unreachable: unreachable, elapsed: .milliseconds(3))
    }

    static func app(_ name: String, p99: Double = 10, errorRate: Double = 0, cpu: Double = 5, errored: Int = 0) -> NodeStatus {
        var s = NodeStatus(name: name, kind: .app, role: "supervisor", version: "1", startedAt: Date(timeIntervalSince1970: 0), pid: 1)
        s.figures = NodeFigures(requestsPerSecond: 7, p99Ms: p99, errorRate: errorRate, cpuPercent: cpu)
        s.workers = (0..<3).map { WorkerStatus(id: $0 + 1, pid: 10, port: 8100 + $0, state: $0 < errored ? .errored : .online) }
        return s
    }

    func check(_ readings: [NodeReading], _ t: CheckThresholds = CheckThresholds()) -> CheckReport {
        CheckReport(cluster: "c", assessments: NodeAssessment.assess(readings, thresholds: t), thresholds: t)
    }

    @Test func allHealthyIsOK() {
        let r = check([Self.reading("app-1", status: Self.app("app-1")), Self.reading("app-2", status: Self.app("app-2"))])
        #expect(r.exitCode == 0)
        #expect(r.line == "GENETIX OK - c: all 2 nodes ok (2 app) | nodes=2;;;0 unreachable=0;1;1;0 app-1_rps=7;;;0 app-1_p99=10ms;250;1000;0 "
                + "app-1_5xx=0%;1;5;0 app-1_cpu=5%;70;90;0 app-2_rps=7;;;0 app-2_p99=10ms;250;1000;0 app-2_5xx=0%;1;5;0 app-2_cpu=5%;70;90;0")
    }

    @Test func thresholdsGiveWarningAndCritical() {
        let warn = check([Self.reading("app-1", status: Self.app("app-1", p99: 300))])
        #expect(warn.exitCode == 1)
        #expect(warn.state == .warning)
        #expect(warn.summary == "c: app-1 p99 300 ms (warn 250)")
        let crit = check([Self.reading("app-1", status: Self.app("app-1", errorRate: 0.06))])
        #expect(crit.exitCode == 2)
        #expect(crit.summary == "c: app-1 5xx 6.0% (crit 5%)")
        let workers = check([Self.reading("app-1", status: Self.app("app-1", errored: 1))])
        #expect(workers.exitCode == 1)
        #expect(workers.summary == "c: app-1 1 of 3 workers errored (warn 1)")
    }

    @Test func unreachableNodeIsCriticalByDefaultAndUnknownWhenRefused() {
        let r = check([Self.reading("app-1", status: Self.app("app-1")), Self.reading("db-2", .database, status: nil, unreachable: true, error: "refused")])
        #expect(r.exitCode == 2)
        #expect(r.line.hasPrefix("GENETIX CRITICAL - c: db-2 unreachable (refused) | nodes=2;;;0 unreachable=1;1;1;0"))
        var lenient = CheckThresholds()
        lenient.unreachable = .init(warn: 1, crit: 2)
        #expect(check([Self.reading("db-2", .database, status: nil, unreachable: true)], lenient).exitCode == 1)
        let refused = check([Self.reading("app-1", status: nil, unreachable: false, error: "token rejected")])
        #expect(refused.exitCode == 3)
        #expect(refused.state == .unknown)
    }

    @Test func criticalOutranksUnknown() {
        let r = check([Self.reading("a", status: nil, unreachable: false, error: "401"), Self.reading("b", status: nil, unreachable: true)])
        #expect(r.exitCode == 2)
    }

    @Test func replicaLagAndHealthCount() {
        var db = NodeStatus(name: "db-2", kind: .database, role: "replica", version: "1", startedAt: Date(), pid: 1)
        db.replication = ReplicationStatus(role: "replica", lagBytes: 20_000_000)
        db.health = Health(status: .degraded, reasons: ["WAL receiver restarting"])
        let r = check([Self.reading("db-2", .database, status: db)])
        #expect(r.exitCode == 2)
        #expect(r.findings.map(\.metric) == ["lagBytes", "health"])
        #expect(r.findings[1].message == "db-2 degraded: WAL receiver restarting")
        #expect(r.perfdata.last?.text == "db-2_lag=20000000B;1048576;16777216;0")
    }

    @Test func unknownReportForUnreadableConfiguration() {
        let r = CheckReport(unknown: "cannot read the configuration: x.json: Permission denied")
        #expect(r.exitCode == 3)
        #expect(r.line == "GENETIX UNKNOWN - cannot read the configuration: x.json: Permission denied")
    }
}
