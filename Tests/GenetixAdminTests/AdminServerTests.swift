import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

/// The admin contract of ARCHITECTURE.md, checked over real sockets (the same checks as shared/acceptance/admin-contract.py).
@Suite struct AdminServerTests {
    let http = HTTPClient()

    func call(_ fixture: AdminFixture, _ method: String, _ path: String, token: AdminToken? = nil, body: String? = nil) async throws -> HTTPClientResponse {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token.secret)") }
        return try await http.execute(HTTPClientRequest(method: method, url: try HTTPURL(parsing: fixture.url + path), headers: headers,
                                                        body: Array((body ?? "").utf8)))
    }

    func isJSONError(_ r: HTTPClientResponse) -> Bool { (try? GenetixJSON.decode(APIErrorBody.self, from: r.body)) != nil }

    @Test func healthAndAuthStatuses() async throws {
        let f = try AdminFixture()
        #expect(try await call(f, "GET", "/healthz").status == 200)
        let anonymous = try await call(f, "GET", "/admin/v1/status")
        #expect(anonymous.status == 401 && isJSONError(anonymous))
        #expect(anonymous.headers["WWW-Authenticate"] != nil)
        let wrong = try await call(f, "GET", "/admin/v1/status", token: AdminToken(name: "x", role: .operator, secret: "not-a-token-at-all"))
        #expect(wrong.status == 401 && isJSONError(wrong))
        let viewer = try await call(f, "GET", "/admin/v1/status", token: f.viewer)
        #expect(viewer.status == 200)
        let status = try GenetixJSON.decode(NodeStatus.self, from: viewer.body)
        #expect(status.name == "test-1" && status.kind == .app && status.role == "supervisor")
        #expect(status.pid == getpid() && status.version == GenetixVersion.string)
        #expect(status.figures?.residentBytes ?? 0 > 0)
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(viewer.body)) as? [String: Any])
        for key in ["name", "kind", "role", "version", "startedAt", "pid", "health", "workers", "autoscaler"] {
            #expect(raw[key] != nil, "status lacks \(key)")
        }
        for path in ["/admin/v1/metrics", "/admin/v1/logs", "/admin/v1/events", "/admin/v1/openapi.json", "/metrics"] {
            #expect(try await call(f, "GET", path, token: f.viewer).status == 200, "\(path) as viewer")
            #expect(try await call(f, "GET", path).status == 401, "\(path) without a token")
        }
        await f.stop()
    }

    @Test func readinessFollowsTheNode() async throws {
        let f = try AdminFixture()
        #expect(try await call(f, "GET", "/readyz").status == 200)
        f.node.setReady(false)
        #expect(try await call(f, "GET", "/readyz").status == 503)
        #expect(try await call(f, "GET", "/counter").status == 200)
        await f.stop()
    }

    @Test func actionsNeedAnOperatorAndAValidBody() async throws {
        let f = try AdminFixture()
        #expect(try await call(f, "POST", "/admin/v1/actions/add", body: #"{"delta": 1}"#).status == 401)
        let asViewer = try await call(f, "POST", "/admin/v1/actions/add", token: f.viewer, body: #"{"delta": 1}"#)
        #expect(asViewer.status == 403 && isJSONError(asViewer))
        let unknown = try await call(f, "POST", "/admin/v1/actions/no-such-action", token: f.operatorToken, body: "{}")
        #expect(unknown.status == 404 && isJSONError(unknown))
        let malformed = try await call(f, "POST", "/admin/v1/actions/add", token: f.operatorToken, body: "{not json")
        #expect(malformed.status == 400 && isJSONError(malformed))
        let wrongType = try await call(f, "POST", "/admin/v1/actions/add", token: f.operatorToken, body: #"{"delta": "two"}"#)
        #expect(try GenetixJSON.decode(APIErrorBody.self, from: wrongType.body).error.field == "delta")
        let extra = try await call(f, "POST", "/admin/v1/actions/add", token: f.operatorToken, body: #"{"delta": 1, "bogus": 2}"#)
        #expect(extra.status == 400)
        #expect(try GenetixJSON.decode(APIErrorBody.self, from: extra.body).error.field == "bogus")
        #expect(f.node.value == 0, "refused actions changed nothing")
        let ok = try await call(f, "POST", "/admin/v1/actions/add", token: f.operatorToken, body: #"{"delta": 2}"#)
        #expect(ok.status == 200 && ok.text.contains("\"value\":2"))
        let conflict = try await call(f, "POST", "/admin/v1/actions/add", token: f.operatorToken, body: #"{"delta": -5}"#)
        #expect(conflict.status == 409 && conflict.text.contains("below zero"))
        #expect(f.node.value == 2)
        await f.stop()
    }

    @Test func everyActionIsAuditedWithItsActor() async throws {
        let f = try AdminFixture()
        _ = try await call(f, "POST", "/admin/v1/actions/add", token: f.operatorToken, body: #"{"delta": 1}"#)
        _ = try await call(f, "POST", "/admin/v1/actions/add", token: f.viewer, body: #"{"delta": 1}"#)
        let events = f.events.page(after: 0, limit: 100).events.filter { $0.type == "action" }
        #expect(events.count == 1)
        #expect(events.first?.actor == "oncall")
        let audit = f.logs.page(after: 0, limit: 100).entries.filter { $0.source == "audit" }
        #expect(audit.contains { $0.fields["actor"] == "oncall" && $0.fields["outcome"] == "ok" && $0.fields["action"] == "add" })
        #expect(audit.contains { $0.fields["actor"] == "watcher" && $0.fields["outcome"] == "denied" })
        #expect(audit.allSatisfy { $0.fields["durationMs"] != nil || $0.fields["outcome"] == "denied" })
        await f.stop()
    }

    @Test func addressesOutsideTheAllowlistAreRefused() async throws {
        let f = try AdminFixture(allow: [try CIDRBlock(parsing: "10.0.0.0/8")])
        let r = try await call(f, "GET", "/admin/v1/status", token: f.operatorToken)
        #expect(r.status == 403 && r.text.contains("forbidden_address"))
        await f.stop()
        let g = try AdminFixture(allow: [try CIDRBlock(parsing: "127.0.0.0/8")])
        #expect(try await call(g, "GET", "/admin/v1/status", token: g.viewer).status == 200)
        await g.stop()
    }

    @Test func logsPageByCursorFilterByLevelAndLongPoll() async throws {
        let f = try AdminFixture()
        let log = f.logs.logger("test")
        log.info("one")
        log.error("two")
        let client = try f.client(f.viewer)
        let all = try await client.logs(after: 0)
        #expect(all.entries.map(\.message).suffix(2) == ["one", "two"])
        let errors = try await client.logs(after: 0, level: .error)
        #expect(errors.entries.allSatisfy { $0.level >= .error } && errors.entries.contains { $0.message == "two" })
        let cursor = all.next
        #expect(try await client.logs(after: cursor).entries.isEmpty)
        let bad = try await call(f, "GET", "/admin/v1/logs?level=loud", token: f.viewer)
        #expect(bad.status == 400 && bad.text.contains("level"))
        async let waited = client.logs(after: cursor, wait: 5)
        try await Task.sleep(for: .milliseconds(150))
        log.warn("three")
        let page = try await waited
        #expect(page.entries.map(\.message) == ["three"])
        #expect(page.next > cursor)
        await f.stop()
    }

    @Test func tailSkipsTheBacklogOfLogsAndEvents() async throws {
        let f = try AdminFixture()
        let log = f.logs.logger("tail")
        for i in 1...30 { log.info("line \(i)") }
        let client = try f.client(f.viewer)
        let last = try await client.logs(after: 0, limit: 100, tail: 5)
        #expect(last.entries.map(\.message) == (26...30).map { "line \($0)" })
        #expect(last.next == f.logs.latestSeq)
        // A cursor later than the tail's start wins; a limit smaller than the tail pages from the tail's start.
        #expect(try await client.logs(after: last.next - 2, tail: 5).entries.map(\.message) == ["line 29", "line 30"])
        #expect(try await client.logs(after: 0, limit: 2, tail: 5).entries.map(\.message) == ["line 26", "line 27"])
        for i in 1...12 { _ = f.events.emit(type: "test.tick", message: "tick \(i)") }  // (events are logged too)
        #expect(try await client.events(after: 0, tail: 3).events.map(\.message) == ["tick 10", "tick 11", "tick 12"])
        for bad in ["0", "5001", "-1", "x"] {
            let response = try await call(f, "GET", "/admin/v1/logs?tail=\(bad)", token: f.viewer)
            #expect(response.status == 400 && response.text.contains("tail") && isJSONError(response), "tail=\(bad)")
        }
        await f.stop()
    }

    @Test func openAPIDescribesExactlyTheMountedRoutes() async throws {
        let f = try AdminFixture()
        let r = try await call(f, "GET", "/admin/v1/openapi.json", token: f.viewer)
        let spec = try GenetixJSON.decode(JSONValue.self, from: r.body)
        #expect(spec["openapi"]?.stringValue?.hasPrefix("3") == true)
        let documented = Set(spec["paths"]?.objectValue?.keys.map { $0 } ?? [])
        var mounted = Set(f.server.mountedRoutes.map { String($0.split(separator: " ")[1]) })
        mounted.remove("/admin/v1/actions/{name}")
        mounted.formUnion(f.node.actions.map { "/admin/v1/actions/\($0.name)" })
        #expect(documented == mounted)
        await f.stop()
    }

    @Test func prometheusTextCarriesProcessMetrics() async throws {
        let f = try AdminFixture()
        let r = try await call(f, "GET", "/metrics", token: f.viewer)
        #expect(r.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(r.text.contains("# HELP") && r.text.contains("# TYPE"))
        #expect(r.text.split(separator: "\n").contains { $0.hasPrefix("process_resident_memory_bytes ") })
        await f.stop()
    }

    @Test func clientReportsRefusalsAndUnreachableNodes() async throws {
        let f = try AdminFixture()
        let viewer = try f.client(f.viewer)
        do {
            _ = try await viewer.action("add", body: .object(["delta": .number(1)]))
            Issue.record("a viewer ran an action")
        } catch {
            #expect(error.status == 403)
        }
        let status = try await viewer.status()
        #expect(status.workers?.count == 0)
        let url = f.url
        await f.stop()
        let gone = try AdminClient(url: url, token: "x", nodeName: "test-1", timeout: .milliseconds(500))
        do {
            _ = try await gone.status()
            Issue.record("a stopped node answered")
        } catch {
            guard case .unreachable(let node, _) = error else { Issue.record("expected unreachable, got \(error)"); return }
            #expect(node == "test-1")
        }
    }
}
