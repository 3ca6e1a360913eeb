import Foundation
import GenetixAdmin
import GenetixCore
import Synchronization

/// A small real balancer-kind node for tests: backends whose state `drain` and `enable` change (404 for an unknown
/// backend), as the balancer's contract says.
final class TestBalancerNode: AdminNode {
    private let backends: Mutex<[BackendStatus]>
    let journal: ActionJournal

    init(backends: [String], journal: ActionJournal) {
        self.backends = Mutex(backends.map { BackendStatus(address: $0, state: .up) })
        self.journal = journal
    }

    func state(of backend: String) -> BackendStatus.State? { backends.withLock { $0.first { $0.address == backend }?.state } }
    func setState(_ backend: String, _ s: BackendStatus.State) { backends.withLock { list in
        if let i = list.firstIndex(where: { $0.address == backend }) { list[i].state = s }
    } }

    func status() async -> NodeStatus {
        var s = NodeStatus(name: "", kind: .balancer, role: "balancer", version: "", startedAt: Date(), pid: 0)
        s.backends = backends.withLock { $0 }
        s.listeners = ["http://127.0.0.1:8080"]
        s.cache = CacheStatus(entries: 3, bytes: 4096, limitBytes: 1 << 20, hits: 10, misses: 2)
        s.figures = NodeFigures(requestsPerSecond: 40, p99Ms: 15, errorRate: 0, cpuPercent: 2)
        return s
    }

    func isReady() async -> Bool { true }

    var actions: [AdminAction] {
        drainAndEnable + [
            AdminAction(name: "weight", summary: "a backend's weight") { [self] context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["backend", "weight"])
                let backend: String = try body.require("backend") { (k: String) throws(ActionError) in try body.string(k) }
                let weight: Int = try body.require("weight") { (k: String) throws(ActionError) in try body.int(k) }
                journal.record("lb weight \(backend) \(weight)")
                let found = backends.withLock { list -> Bool in
                    guard let i = list.firstIndex(where: { $0.address == backend }) else { return false }
                    list[i].weight = weight
                    return true
                }
                guard found else { throw .notFound("no backend \(backend)") }
                return .object(["backend": .string(backend), "weight": .number(Double(weight))])
            },
            AdminAction(name: "purge", summary: "purge the cache") { [self] context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["prefix"])
                let prefix: String = try body.require("prefix") { (k: String) throws(ActionError) in try body.string(k) }
                journal.record("lb purge \(prefix)")
                return .object(["prefix": .string(prefix), "removed": .number(3)])
            },
        ]
    }

    private var drainAndEnable: [AdminAction] {
        ["drain", "enable"].map { name in
            AdminAction(name: name, summary: "\(name) a backend") { [self] context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["backend", "force"])
                let backend: String = try body.require("backend") { (k: String) throws(ActionError) in try body.string(k) }
                journal.record("lb \(name) \(backend)")
                let found = backends.withLock { list -> Bool in
                    guard let i = list.firstIndex(where: { $0.address == backend }) else { return false }
                    list[i].state = name == "drain" ? .draining : .up
                    return true
                }
                guard found else { throw .notFound("no backend \(backend)") }
                return .object(["backend": .string(backend), "state": .string(name == "drain" ? "draining" : "up")])
            }
        }
    }
}
