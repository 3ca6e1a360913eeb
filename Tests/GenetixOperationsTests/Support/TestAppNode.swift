import Foundation
import GenetixAdmin
import GenetixCore
import Synchronization

/// A small real app-kind node for testing the operations layer: its worker list changes with `scale`
/// (`{"workers": N}` or `{"delta": K}`, 409 below zero) and `autoscale`, as the app node's contract says.
final class TestAppNode: AdminNode {
    private struct State { var workers: [WorkerStatus]; var nextId: Int; var autoscaler = AutoscalerStatus() }
    private let state: Mutex<State>
    let journal: ActionJournal
    let name: String

    init(name: String, workers: Int, journal: ActionJournal) {
        self.name = name
        self.journal = journal
        state = Mutex(State(workers: (1...max(1, workers)).prefix(workers).map { WorkerStatus(id: $0, pid: 1000 + Int32($0), port: 9000 + $0, state: .online) },
                            nextId: workers + 1))
    }

    var workerCount: Int { state.withLock { $0.workers.count } }
    var autoscaler: AutoscalerStatus { state.withLock { $0.autoscaler } }

    func setWorkerState(_ id: Int, _ s: WorkerStatus.State) { state.withLock { st in
        if let i = st.workers.firstIndex(where: { $0.id == id }) { st.workers[i].state = s }
    } }

    func status() async -> NodeStatus {
        var s = NodeStatus(name: "", kind: .app, role: "supervisor", version: "", startedAt: Date(), pid: 0)
        state.withLock { st in
            s.workers = st.workers
            s.autoscaler = st.autoscaler
        }
        s.figures = NodeFigures(requestsPerSecond: 12.5, p99Ms: 20, errorRate: 0, cpuPercent: 3)
        return s
    }

    func isReady() async -> Bool { true }

    var actions: [AdminAction] {
        [AdminAction(name: "scale", summary: "Set the worker count") { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["workers", "delta", "force"])
            let workers = try body.int("workers")
            let delta = try body.int("delta")
            journal.record("\(name) scale \(context.body)")
            let result: (Int, Int)? = state.withLock { st in
                let previous = st.workers.count
                let target = workers ?? (st.workers.count + (delta ?? 0))
                guard target >= 0 else { return nil }
                while st.workers.count < target {
                    st.workers.append(WorkerStatus(id: st.nextId, pid: 1000 + Int32(st.nextId), port: 9000 + st.nextId, state: .online))
                    st.nextId += 1
                }
                while st.workers.count > target { st.workers.removeLast() }
                return (previous, target)
            }
            guard let result else { throw .conflict("\(name) cannot have fewer than 0 workers") }
            // As the app node answers: the count before and after.
            return .object(["previous": .number(Double(result.0)), "workers": .number(Double(result.1))])
        },
         AdminAction(name: "autoscale", summary: "Autoscaler settings") { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["enabled", "min", "max", "target", "scaleDownWindowSeconds"])
            let enabled = try body.bool("enabled")
            let min = try body.int("min")
            let max = try body.int("max")
            let target = try body.object("target")
            journal.record("\(name) autoscale \(context.body)")
            state.withLock { st in
                if let enabled { st.autoscaler.enabled = enabled }
                if let min { st.autoscaler.min = min }
                if let max { st.autoscaler.max = max }
                if let t = target?["inFlightPerWorker"]?.doubleValue { st.autoscaler.target = t; st.autoscaler.metric = "inFlightPerWorker" }
            }
            return .object(["enabled": .bool(enabled ?? false)])
        }]
    }
}
