// genetix-bench-nodes COUNT CONFIG [--changing]: starts COUNT real admin servers on ephemeral loopback ports in this one
// process (app-kind nodes reporting a few workers), writes a console configuration naming them all to CONFIG, and
// serves until SIGTERM or SIGINT. Used by scripts/bench.d/status and scripts/bench.d/fleet. `--changing` makes every
// read show a new figure (no 304s: the console as it was before the status ETag, for a comparison in one run).
import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import Synchronization

/// A node reporting a fixed, realistic app status; it has no actions. With `changing`, a shown figure (in flight)
/// moves on every read, so no read is ever answered 304: the console's cost without the status ETag, in the same run.
final class BenchAppNode: AdminNode {
    let changing: Bool
    let reads = Atomic<Int>(0)

    init(changing: Bool) { self.changing = changing }

    func status() async -> NodeStatus {
        var s = NodeStatus(name: "", kind: .app, role: "supervisor", version: "", startedAt: Date(), pid: 0)
        s.workers = (1...4).map { WorkerStatus(id: $0, pid: 0, port: 8100 + $0, state: .online) }
        s.autoscaler = AutoscalerStatus()
        let inFlight = changing ? reads.add(1, ordering: .relaxed).newValue : 0
        s.figures = NodeFigures(requestsPerSecond: 25, p50Ms: 2, p99Ms: 12, errorRate: 0, inFlight: inFlight, cpuPercent: 1)
        return s
    }
    func isReady() async -> Bool { true }
    var actions: [AdminAction] { [] }
}

let arguments = CommandLine.arguments
guard arguments.count == 3 || (arguments.count == 4 && arguments[3] == "--changing"), let count = Int(arguments[1]), count > 0 else {
    FileHandle.standardError.write(Data("usage: genetix-bench-nodes COUNT CONFIG_PATH [--changing]\n".utf8))
    exit(64)
}
SignalWaiter.ignoreSIGPIPE()
let token = AdminToken(name: "bench", role: .viewer, secret: "bench-viewer-secret-0123456789")
let group = try EventLoopGroup(count: 1, name: "bench-nodes")
var servers: [AdminServer] = []
var entries: [String] = []
for i in 1...count {
    let logs = try LogStore(capacity: 100)
    let config = AdminServerConfiguration(name: "sim-\(i)", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: [token])
    let server = try AdminServer(configuration: config, node: BenchAppNode(changing: arguments.count == 4), logs: logs, events: EventStore(log: logs), metrics: MetricsRegistry(), group: group)
    servers.append(server)
    entries.append("{\"name\": \"sim-\(i)\", \"kind\": \"app\", \"admin\": \"\(server.url)\", \"token\": \"\(token.secret)\"}")
}
let json = "{\"cluster\": \"bench-\(count)\", \"nodes\": [\n  " + entries.joined(separator: ",\n  ") + "\n]}\n"
try json.write(toFile: arguments[2], atomically: true, encoding: .utf8)
FileHandle.standardError.write(Data("serving \(count) admin servers; config at \(arguments[2])\n".utf8))
_ = await SignalWaiter.wait()
for server in servers { await server.shutdown(grace: .milliseconds(100)) }
group.shutdown()
