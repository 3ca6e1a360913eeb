import Foundation
import GenetixAdmin
import GenetixCore
import Synchronization

/// A small real database-kind node for tests: a role, a lag, and the `promote` / `follow` / `rejoin` actions
/// changing them (409 when promoting a primary), each written to a shared journal so tests can check the order.
final class TestDatabaseNode: AdminNode {
    private struct State { var role: String; var upstream: String?; var lagBytes: Int64; var timeline = 1; var fenced = false; var synchronous = false; var failover: String? }
    private let state: Mutex<State>
    let name: String
    let listen: String
    let journal: ActionJournal

    init(name: String, listen: String, primary: String?, lagBytes: Int64 = 0, journal: ActionJournal) {
        self.name = name
        self.listen = listen
        self.journal = journal
        state = Mutex(State(role: primary == nil ? "primary" : "replica", upstream: primary, lagBytes: lagBytes))
    }

    var role: String { state.withLock { $0.role } }

    /// Reports `ha.mode` (`auto`, `paused`) as a node run with etcd does; nil (the default) reports no `ha`, as without etcd.
    func setFailover(_ mode: String?) { state.withLock { $0.failover = mode } }
    var upstream: String? { state.withLock { $0.upstream } }

    func status() async -> NodeStatus {
        let st = state.withLock { $0 }
        var s = NodeStatus(name: "", kind: .database, role: st.role, version: "", startedAt: Date(), pid: 0)
        var r = ReplicationStatus(role: st.role, timeline: st.timeline, lagBytes: st.lagBytes)
        r.upstream = st.upstream
        r.fenced = st.fenced
        r.synchronous = st.synchronous
        r.receiverState = st.role == "replica" ? "streaming" : nil
        s.replication = r
        s.ha = st.failover.map { HAStatus(mode: $0, ttlSeconds: 5) }
        s.database = DatabaseFigures(postmasterUp: true, listen: listen)
        s.figures = NodeFigures(cpuPercent: 1)
        return s
    }

    func isReady() async -> Bool { true }

    var actions: [AdminAction] {
        [AdminAction(name: "promote", summary: "promote") { [self] context throws(ActionError) in
            _ = try ActionBody(context.body, allowed: ["force", "maxLagBytes"])
            let ok = state.withLock { st -> Bool in
                guard st.role == "replica" else { return false }
                st.role = "primary"; st.upstream = nil; st.timeline += 1
                return true
            }
            guard ok else { throw .conflict("\(name) is already the primary") }
            journal.record("\(name) promote")
            return .object(["timeline": .number(2)])
        },
         AdminAction(name: "fence", summary: "fence") { [self] context throws(ActionError) in
            _ = try ActionBody(context.body, allowed: [])
            state.withLock { $0.fenced = true }
            journal.record("\(name) fence")
            return .object(["fenced": .bool(true)])
        },
         AdminAction(name: "unfence", summary: "unfence") { [self] context throws(ActionError) in
            let force = try ActionBody(context.body, allowed: ["force"]).bool("force") ?? false
            state.withLock { $0.fenced = false }
            journal.record("\(name) unfence\(force ? " force" : "")")
            return .object(["fenced": .bool(false)])
        },
         AdminAction(name: "pause", summary: "pause") { [self] context throws(ActionError) in
            _ = try ActionBody(context.body, allowed: [])
            state.withLock { $0.failover = "paused" }
            journal.record("\(name) pause")
            return .object(["paused": .bool(true)])
        },
         AdminAction(name: "resume", summary: "resume") { [self] context throws(ActionError) in
            _ = try ActionBody(context.body, allowed: [])
            state.withLock { $0.failover = "auto" }
            journal.record("\(name) resume")
            return .object(["paused": .bool(false)])
        },
         AdminAction(name: "sync", summary: "sync") { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["enabled"])
            let enabled: Bool = try body.require("enabled") { (k: String) throws(ActionError) in try body.bool(k) }
            state.withLock { $0.synchronous = enabled }
            journal.record("\(name) sync \(enabled)")
            return .object(["synchronous": .bool(enabled)])
        },
         AdminAction(name: "follow", summary: "follow") { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["primary"])
            let primary: String = try body.require("primary") { (k: String) throws(ActionError) in try body.string(k) }
            state.withLock { $0.upstream = primary }
            journal.record("\(name) follow \(primary)")
            return .object(["upstream": .string(primary)])
        },
         AdminAction(name: "rejoin", summary: "rejoin") { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["primary", "force"])
            let primary: String = try body.require("primary") { (k: String) throws(ActionError) in try body.string(k) }
            let force = try body.bool("force") ?? false
            state.withLock { $0.role = "replica"; $0.upstream = primary }
            journal.record("\(name) rejoin \(primary)\(force ? " force" : "")")
            return .object(["upstream": .string(primary)])
        }]
    }
}
