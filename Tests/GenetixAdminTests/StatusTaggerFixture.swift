import Foundation
@testable import GenetixAdmin
import GenetixCore
import GenetixNet
import Testing

/// A `FixedFiguresNode` behind a real admin server on loopback, with a viewer's raw HTTP and admin clients.
struct StatusTaggerFixture {
    let group: EventLoopGroup
    let node = FixedFiguresNode()
    let server: AdminServer
    let http = HTTPClient()
    let client: AdminClient
    static let viewer = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")

    init() throws {
        group = try EventLoopGroup(count: 1, name: "status-tagger-test")
        let logs = try LogStore(capacity: 100)
        server = try AdminServer(configuration: AdminServerConfiguration(name: "app-1", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0),
                                                                         tokens: [Self.viewer]),
                                 node: node, logs: logs, events: EventStore(log: logs), metrics: MetricsRegistry(), group: group)
        client = try AdminClient(url: server.url, token: Self.viewer.secret, nodeName: "app-1")
    }

    /// A raw `GET /admin/v1/status` + `query` with these headers (a generous timeout: a held read may take its wait).
    func get(_ query: String = "", _ headers: [(String, String)] = []) async throws -> HTTPClientResponse {
        var h = HTTPHeaders()
        h.add("Authorization", "Bearer \(Self.viewer.secret)")
        for (name, value) in headers { h.add(name, value) }
        return try await http.execute(HTTPClientRequest(url: try HTTPURL(parsing: server.url + "/admin/v1/status" + query), headers: h),
                                      timeout: .seconds(60))
    }

    /// The node's current tag (a plain read).
    func currentTag() async throws -> String {
        try #require(try await get().headers["ETag"])
    }

    /// Waits (polling the node's counter, no verdict on time) until the server has re-read the status `count` times
    /// beyond `reads`: a held read is then in its loop.
    func waitForReads(beyond reads: Int, count: Int) async {
        let deadline = ContinuousClock.now + .seconds(30)
        while node.statusReads < reads + count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(50))
        await http.shutdown()
        group.shutdown()
    }
}
