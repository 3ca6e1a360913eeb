import Foundation
@testable import GenetixAdmin
import GenetixCore
import GenetixNet
import Testing

/// A `FixedFiguresNode` behind a real admin server on loopback, with a viewer's raw HTTP and admin clients.
private struct HeldReadFixture {
    let group: EventLoopGroup
    let node = FixedFiguresNode()
    let server: AdminServer
    let http = HTTPClient()
    let client: AdminClient
    static let viewer = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")

    init() throws {
        group = try EventLoopGroup(count: 1, name: "held-status-test")
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

/// `GET /admin/v1/status?wait=S` (issue 18): a read whose `If-None-Match` names the current tag is held until a shown
/// figure changes (200) or S passes (304); anything else answers at once, a bad `wait` is a 400 naming it.
@Suite struct StatusTaggerHeldReadTests {
    @Test func aHeldReadAnswersWithTheNewStatusAsSoonAsAShownFigureChanges() async throws {
        let f = try HeldReadFixture()
        var tag = try await f.currentTag()
        var reading: StatusReading = .unchanged
        // The host's shown figures (load, free memory) may move on a busy machine and end a hold with rps still 25:
        // then hold again on the new tag, a few times at most.
        for _ in 0..<5 {
            let reads = f.node.statusReads
            let requests = f.node.statusRequests
            let held = Task { [client = f.client, tag] in try await client.status(ifNoneMatch: tag, wait: .seconds(30)) }
            // Two status reads for one request: the first and a re-read, so the read is being held.
            await f.waitForReads(beyond: reads, count: 2)
            #expect(f.node.statusRequests == requests + 1)
            f.node.setRequestsPerSecond(40)
            reading = try await held.value
            if case .changed(let status, let etag) = reading {
                if status.figures?.requestsPerSecond == 40 { break }
                tag = try #require(etag)
                f.node.setRequestsPerSecond(25)
            }
        }
        guard case .changed(let status, let newTag) = reading else {
            Issue.record("a held read whose figure changed answered \(reading)")
            await f.stop()
            return
        }
        #expect(status.figures?.requestsPerSecond == 40 && status.name == "app-1")
        #expect(newTag != nil && newTag != tag)
        await f.stop()
    }

    @Test func aHeldReadAnswers304WithTheTagWhenTheWaitPassesUnchanged() async throws {
        let f = try HeldReadFixture()
        var tag = try await f.currentTag()
        var notModified: HTTPClientResponse?
        for _ in 0..<5 where notModified == nil {
            let reads = f.node.statusReads
            let answer = try await f.get("?wait=1.5", [("If-None-Match", tag)])
            if answer.status == 304 {
                notModified = answer
                // Held: read at first, then re-read once a second until the wait passed.
                #expect(f.node.statusReads >= reads + 2)
            } else {
                #expect(answer.status == 200)
                tag = try #require(answer.headers["ETag"])  // a host figure moved during the hold
            }
        }
        let answer = try #require(notModified, "an unchanged node never answered 304 at the deadline")
        #expect(answer.body.isEmpty && answer.headers["ETag"] == tag)
        // The client's reading of the same.
        var reading = try await f.client.status(ifNoneMatch: tag, wait: .seconds(1))
        for _ in 0..<5 {
            guard case .changed(_, let t) = reading else { break }
            reading = try await f.client.status(ifNoneMatch: t, wait: .seconds(1))
        }
        #expect(reading == .unchanged)
        await f.stop()
    }

    @Test func aWaitOutOfRangeOrNotANumberIsRefusedNamingWait() async throws {
        let f = try HeldReadFixture()
        let tag = try await f.currentTag()
        let requests = f.node.statusRequests
        for value in ["0", "-1", "30.5", "31", "abc", "nan", "inf", "", "1s"] {
            let answer = try await f.get("?wait=\(QueryString.encode(value))", [("If-None-Match", tag)])
            #expect(answer.status == 400, "wait=\(value): \(answer.status)")
            let body = try GenetixJSON.decode(APIErrorBody.self, from: answer.body)
            #expect(body.error.field == "wait" && body.error.code == "bad_request", "wait=\(value): \(body.error)")
            #expect(body.error.message == "'wait' must be more than 0 and at most 30 seconds")
        }
        #expect(f.node.statusRequests == requests, "a refused read reached the node")
        await #expect(throws: AdminClientError.refused(node: "app-1", status: 400, code: "bad_request",
                                                       message: "'wait' must be more than 0 and at most 30 seconds")) {
            try await f.client.status(ifNoneMatch: tag, wait: .seconds(40))
        }
        await f.stop()
    }

    @Test func aReadWithWaitButNoMatchingTagAnswersAtOnce() async throws {
        let f = try HeldReadFixture()
        for headers in [[("If-None-Match", "W/\"another-1\"")], [], [("If-None-Match", "\"")]] {
            let reads = f.node.statusReads
            let answer = try await f.get("?wait=30", headers)
            #expect(answer.status == 200)
            #expect(try GenetixJSON.decode(NodeStatus.self, from: answer.body).name == "app-1")
            #expect(answer.headers["ETag"] != nil)
            // At once: one status read for the request, no re-read.
            #expect(f.node.statusReads == reads + 1, "\(headers): \(f.node.statusReads - reads) status reads")
        }
        await f.stop()
    }

    @Test func aNodeShuttingDownAnswersItsHeldReadsAtOnce() async throws {
        let f = try HeldReadFixture()
        let tag = try await f.currentTag()
        let reads = f.node.statusReads
        let held = Task { [client = f.client] in try await client.status(ifNoneMatch: tag, wait: .seconds(30)) }
        await f.waitForReads(beyond: reads, count: 2)
        await f.server.shutdown(grace: .seconds(20))
        let outcome = await held.result
        await f.http.shutdown()
        f.group.shutdown()
        guard case .failure(let error as AdminClientError) = outcome, error.status == 503 else {
            Issue.record("a held read at shutdown gave \(outcome)")
            return
        }
        #expect(error.description.contains("shutting down"))
    }
}
