import Foundation
import GenetixApp
import GenetixCore
import GenetixCrypto
import GenetixNet
import GenetixTesting
import Testing

/// A webapp served in-process on an ephemeral port over a real temporary PostgreSQL.
final class WebappFixture: Sendable {
    let pg: TemporaryPostgres
    let pool: PostgresPool
    let webapp: Webapp
    let group: EventLoopGroup
    let server: HTTPServer
    let http = HTTPClient()
    var base: String { "http://127.0.0.1:\(server.localAddress.port)" }

    init(pg: TemporaryPostgres) async throws {
        self.pg = pg
        pool = PostgresPool(conninfo: pg.conninfo, size: 2)
        _ = try await SchemaMigrator.migrate(pool)
        let log = try LogStore()
        webapp = Webapp(store: CustomerStore(primary: pool),
                        secrets: AppSecrets(codeKey: SecureRandom.bytes(32), indexKey: SecureRandom.bytes(32)),
                        metrics: RequestMetrics(registry: MetricsRegistry()), logger: log.logger("test"), hashingThreads: 1)
        group = try EventLoopGroup(count: 1, name: "webapp-test")
        var configuration = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0))
        configuration.errorFormat = .json  // as AppWorker serves the webapp
        server = try HTTPServer(configuration: configuration, group: group, handler: webapp.router().handler)
    }

    func call(_ method: String, _ path: String, _ body: String? = nil, token: String? = nil,
              headers extra: HTTPHeaders = HTTPHeaders()) async throws -> (status: Int, json: [String: Any], response: HTTPClientResponse) {
        var headers = extra
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if body != nil { headers.add("Content-Type", "application/json") }
        let response = try await http.execute(HTTPClientRequest(method: method, url: try HTTPURL(parsing: base + path), headers: headers,
                                                                body: Array((body ?? "").utf8)))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, json, response)
    }

    func stop() async {
        await http.shutdown()
        await server.shutdown(grace: .milliseconds(200))
        group.shutdown()
        webapp.shutdown()
        pool.shutdown()
    }

    static func with(_ body: (WebappFixture) async throws -> Void) async throws {
        try await TemporaryPostgres.with { pg in
            let fixture = try await WebappFixture(pg: pg)
            do { try await body(fixture) } catch { await fixture.stop(); throw error }
            await fixture.stop()
        }
    }
}

func errorField(_ json: [String: Any]) -> String? { (json["error"] as? [String: Any])?["field"] as? String }

@Suite(.serialized) struct WebappTests {
    @Test func theWholeFlowOnRealPostgres() async throws {
        try await WebappFixture.with { f in
            let password = "correct horse battery staple"
            let code = RegistrationCode.random()
            // Sign up; the same email again is a conflict.
            let signup = try await f.call("POST", "/api/signup", #"{"email": "Ada@Example.com", "password": "\#(password)"}"#)
            #expect(signup.status == 201)
            #expect(signup.json["email"] as? String == "ada@example.com")
            #expect(try await f.call("POST", "/api/signup", #"{"email": "ada@example.com", "password": "\#(password)"}"#).status == 409)
            // Wrong password → 401; right → token and cookie.
            let wrong = try await f.call("POST", "/api/login", #"{"email": "ada@example.com", "password": "not the password"}"#)
            #expect(wrong.status == 401)
            let login = try await f.call("POST", "/api/login", #"{"email": "ada@example.com", "password": "\#(password)"}"#)
            #expect(login.status == 200)
            let token = try #require(login.json["token"] as? String)
            #expect(token.count >= 22)
            let cookie = try #require(login.response.headers["Set-Cookie"])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.hasPrefix("genetix_session=\(token)"))
            // No session → 401.
            #expect(try await f.call("GET", "/api/kits").status == 401)
            // Register a kit typed in lower case without hyphens; again → 409; bad check symbol → 400 naming `code`.
            let kit = try await f.call("POST", "/api/kits", #"{"code": "\#(code.normalized.lowercased())"}"#, token: token)
            #expect(kit.status == 201)
            #expect(kit.json["code"] as? String == code.display)
            let kitId = try #require(kit.json["id"] as? Int)
            let duplicate = try await f.call("POST", "/api/kits", #"{"code": "\#(code.display)"}"#, token: token)
            #expect(duplicate.status == 409)
            var symbols = Array(code.normalized)
            symbols[11] = symbols[11] == "0" ? "1" : "0"
            let badCheck = try await f.call("POST", "/api/kits", #"{"code": "\#(String(symbols))"}"#, token: token)
            #expect(badCheck.status == 400 && errorField(badCheck.json) == "code")
            // The cookie works like the bearer token.
            let listed = try await f.call("GET", "/api/kits", headers: ["Cookie": "other=1; genetix_session=\(token)"])
            #expect(listed.status == 200)
            let kits = try #require(listed.json["kits"] as? [[String: Any]])
            #expect(kits.count == 1 && kits.first?["code"] as? String == code.display)
            // The report is deterministic.
            let report1 = try await f.call("GET", "/api/kits/\(kitId)/report", token: token)
            let report2 = try await f.call("GET", "/api/kits/\(kitId)/report", token: token)
            #expect(report1.status == 200 && report1.response.body == report2.response.body)
            let ancestry = try #require(report1.json["ancestry"] as? [[String: Any]])
            let total = ancestry.compactMap { $0["percent"] as? Double }.reduce(0, +)
            #expect(abs(total - 100) < 0.01)
            #expect(try await f.call("GET", "/api/kits/\(kitId + 1000)/report", token: token).status == 404)
            #expect(errorField(try await f.call("GET", "/api/kits/abc/report", token: token).json) == "id")
            // Export holds everything: the customer, the session, the kit with its code and report.
            let export = try await f.call("GET", "/api/me/export", token: token)
            #expect(export.status == 200)
            #expect((export.json["customer"] as? [String: Any])?["email"] as? String == "ada@example.com")
            #expect((export.json["sessions"] as? [Any])?.count == 1)
            let exportedKits = try #require(export.json["kits"] as? [[String: Any]])
            #expect(exportedKits.first?["code"] as? String == code.display && exportedKits.first?["report"] != nil)
            // The dump holds neither the password nor the code (in any of its spellings) nor the token.
            let dump = try await f.pg.dump()
            #expect(dump.contains("ada@example.com"))
            for secret in [password, code.normalized, code.display, code.normalized.lowercased(), token] {
                #expect(!dump.contains(secret), "the dump contains \(secret)")
            }
            // Erase: the customer, its sessions and kits are gone; the token no longer works.
            #expect(try await f.call("DELETE", "/api/me", token: token).status == 204)
            #expect(try await f.call("GET", "/api/kits", token: token).status == 401)
            #expect(try await f.pg.psql("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM kits)") == "0")
            // Logout of a fresh session.
            #expect(try await f.call("POST", "/api/signup", #"{"email": "bob@example.com", "password": "\#(password)"}"#).status == 201)
            let bob = try #require(try await f.call("POST", "/api/login", #"{"email": "bob@example.com", "password": "\#(password)"}"#).json["token"] as? String)
            #expect(try await f.call("POST", "/api/logout", token: bob).status == 204)
            #expect(try await f.call("GET", "/api/kits", token: bob).status == 401)
        }
    }

    @Test func badInputNamesTheField() async throws {
        try await WebappFixture.with { f in
            let cases: [(String, String, String)] = [
                ("/api/signup", #"{"email": "nope", "password": "long enough password"}"#, "email"),
                ("/api/signup", #"{"email": "a@b.io", "password": "short"}"#, "password"),
                ("/api/signup", #"{"email": "a@b.io"}"#, "password"),
                ("/api/signup", #"{"email": "a@b.io", "password": "long enough password", "admin": true}"#, "admin"),
                ("/api/login", #"{"email": 5, "password": "x"}"#, "email"),
            ]
            for (path, body, field) in cases {
                let r = try await f.call("POST", path, body)
                #expect(r.status == 400 && errorField(r.json) == field, "\(path) \(body) → \(r.status) \(r.json)")
            }
            #expect(try await f.call("POST", "/api/signup", "not json").status == 400)
        }
    }

    @Test func loginAttemptsAreRateLimited() async throws {
        try await WebappFixture.with { f in
            var statuses: [Int] = []
            for _ in 0..<11 {
                statuses.append(try await f.call("POST", "/api/login", #"{"email": "eve@example.com", "password": "guess guess guess"}"#).status)
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == 401 })
            let limited = try await f.call("POST", "/api/login", #"{"email": "eve@example.com", "password": "guess guess guess"}"#)
            #expect(limited.status == 429 && Int(limited.response.headers["Retry-After"] ?? "") ?? 0 >= 1)
        }
    }

    @Test func aMissingDatabaseAnswers503WithRetryAfterNotAHang() async throws {
        try await WebappFixture.with { f in
            #expect(try await f.call("POST", "/api/signup", #"{"email": "cy@example.com", "password": "long enough password"}"#).status == 201)
            await f.pg.stop()
            let write = try await f.call("POST", "/api/signup", #"{"email": "di@example.com", "password": "long enough password"}"#)
            #expect(write.status == 503)
            #expect(write.response.headers["Retry-After"] == "1")
            #expect(try await f.call("GET", "/readyz").status == 503)
            #expect(try await f.call("GET", "/healthz").status == 200)
        }
    }

    @Test func staticSiteIsCacheableWithETags() async throws {
        try await WebappFixture.with { f in
            for path in ["/", "/static/app.css", "/static/app.js"] {
                let first = try await f.call("GET", path)
                #expect(first.status == 200)
                #expect(first.response.headers["Cache-Control"] == "public, max-age=300")
                let etag = try #require(first.response.headers["ETag"])
                #expect(etag == "\"" + Hex.encode(SHA256.hash(first.response.body)) + "\"")
                let again = try await f.call("GET", path, headers: ["If-None-Match": etag])
                #expect(again.status == 304 && again.response.body.isEmpty)
            }
            #expect(try await f.call("GET", "/healthz").status == 200)
            #expect(try await f.call("GET", "/readyz").status == 200)
            let metrics = try await f.call("GET", "/metrics")
            #expect(metrics.response.text.contains("genetix_app_requests_total{route=\"/healthz\",status=\"200\"} 1"))
            #expect(try await f.call("GET", "/internal/stats", headers: ["X-Forwarded-For": "1.2.3.4"]).status == 403)
            let stats = try await f.call("GET", "/internal/stats")
            #expect(stats.status == 200 && (stats.json["requests"] as? Int ?? 0) >= 8)
        }
    }
}
