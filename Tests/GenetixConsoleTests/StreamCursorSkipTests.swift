import Foundation
import GenetixConsole
import GenetixCore
import GenetixNet
import GenetixOperations
import Synchronization
import Testing

/// A node on a real HTTP server whose status carries `streams`, and which counts the log and event pages it is asked
/// for: what an idle node costs the console per refresh.
final class StreamingNodeServer: Sendable {
    struct State {
        var logs: [LogEntry] = []
        var statusReads = 0
        var logReads = 0
        var eventReads = 0
    }
    /// A class around the lock, so the route handlers can share it.
    final class Shared: Sendable { let lock = Mutex(State()) }
    let shared = Shared()
    var state: Shared { shared }
    let group: EventLoopGroup
    let server: HTTPServer
    var url: String { "http://127.0.0.1:\(server.localAddress.port)" }

    init(pid: Int32 = 42, startedAt: Date = Date(timeIntervalSince1970: 1_800_000_000)) throws {
        group = try EventLoopGroup(count: 1, name: "streams-test")
        var router = Router()
        let state = shared
        router.on("GET", "/admin/v1/status") { [state] _, responder in
            let newest = state.lock.withLock { s in
                s.statusReads += 1
                return UInt64(s.logs.count)
            }
            var status = NodeStatus(name: "db-1", kind: .database, role: "primary", version: "test", startedAt: startedAt, pid: pid)
            status.streams = StreamCursors(logs: newest, events: 0)
            responder.send(.json(status))
        }
        router.on("GET", "/admin/v1/logs") { [state] request, responder in
            let after = UInt64(request.query["after"] ?? "0") ?? 0
            let page = state.lock.withLock { s in
                s.logReads += 1
                let entries = s.logs.filter { $0.seq > after }
                return LogPage(entries: entries, next: entries.last?.seq ?? UInt64(s.logs.count))
            }
            responder.send(.json(page))
        }
        router.on("GET", "/admin/v1/events") { [state] _, responder in
            state.lock.withLock { $0.eventReads += 1 }
            responder.send(.json(EventPage(events: [], next: 0)))
        }
        server = try HTTPServer(configuration: HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0)), group: group,
                                handler: router.handler)
    }

    func log(_ message: String) {
        state.lock.withLock { s in
            s.logs.append(LogEntry(seq: UInt64(s.logs.count + 1), time: Date(), level: .info, source: "test", message: message))
        }
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(50))
        group.shutdown()
    }
}

@Suite struct StreamCursorSkipTests {
    /// Once the model has read up to the cursors a status names, it asks for no more pages until they move: an idle
    /// node costs one request per refresh. A new line moves the cursor and is fetched once.
    @Test func anIdleNodeCostsOneStatusReadPerRefresh() async throws {
        let node = try StreamingNodeServer()
        node.log("first")
        let model = try ClusterModelTests.model([ConfiguredNode(name: "db-1", kind: .database, admin: node.url)],
                                                refreshInterval: .milliseconds(250))
        await model.start()
        _ = await ClusterModelTests.eventually(model) { $0.logs.contains { $0.message == "first" } }
        // The first poll reads both pages (no earlier status to compare the process with); the second may still read
        // the pages; from then on the cursors match and only status is read.
        let settled = node.state.lock.withLock { $0 }
        let deadline = ContinuousClock.now + .seconds(20)
        while node.state.lock.withLock({ $0.statusReads }) < settled.statusReads + 6, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let idle = node.state.lock.withLock { $0 }
        #expect(idle.statusReads >= settled.statusReads + 6)
        #expect(idle.logReads - settled.logReads <= 1, "log pages read while idle: \(idle.logReads - settled.logReads)")
        #expect(idle.eventReads - settled.eventReads <= 1, "event pages read while idle: \(idle.eventReads - settled.eventReads)")

        node.log("second")
        let snapshot = await ClusterModelTests.eventually(model) { $0.logs.contains { $0.message == "second" } }
        #expect(snapshot.logs.filter { $0.message == "second" }.count == 1)
        await model.stop()
        await node.stop()
    }
}
