import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import Synchronization

/// A small app-kind node behind a real `AdminServer` on an ephemeral port that writes down every status read and
/// every action it is sent, so a test can trace what a keystroke costs on the wire. Its `scale` answers as the app
/// node's contract says (`previous` and `workers`).
final class CountingAppNode: AdminNode {
    private let state = Mutex((workers: 2, requests: [String]()))

    /// What the node was asked, in order: `GET status`, `POST scale {"delta":1}`.
    var requests: [String] { state.withLock { $0.requests } }
    func forget() { state.withLock { $0.requests = [] } }

    func status() async -> NodeStatus {
        var s = NodeStatus(name: "app-1", kind: .app, role: "supervisor", version: "test", startedAt: Date(), pid: 1)
        let n = state.withLock { st in
            st.requests.append("GET status")
            return st.workers
        }
        s.workers = (0..<n).map { WorkerStatus(id: $0 + 1, pid: 100 + Int32($0), port: 9000 + $0, state: .online) }
        s.autoscaler = AutoscalerStatus()
        return s
    }

    func isReady() async -> Bool { true }

    var actions: [AdminAction] {
        [AdminAction(name: "scale", summary: "Set the worker count") { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["workers", "delta", "force"])
            let workers = try body.int("workers"), delta = try body.int("delta")
            let (previous, now) = state.withLock { st in
                st.requests.append("POST scale \(String(decoding: GenetixJSON.encode(context.body), as: UTF8.self))")
                let previous = st.workers
                st.workers = workers ?? previous + (delta ?? 0)
                return (previous, st.workers)
            }
            return .object(["previous": .number(Double(previous)), "workers": .number(Double(now))])
        }]
    }
}
