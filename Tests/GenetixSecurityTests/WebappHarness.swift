import Foundation
import GenetixApp
import GenetixCore
import GenetixCrypto
import GenetixNet
import GenetixTesting

/// The webapp of one worker served in-process exactly as `genetix app-worker` serves it (the same router and the
/// default `HTTPServerConfiguration`: 8 KiB request line, 32 KiB headers, 1 MiB body, 10 s header timeout), over a
/// real temporary PostgreSQL, optionally over TLS.
final class WebappHarness: Sendable {
    let pg: TemporaryPostgres
    let pool: PostgresPool
    let webapp: Webapp
    let secrets: AppSecrets
    let group: EventLoopGroup
    let server: HTTPServer
    let http: HTTPClient
    var port: Int { server.localAddress.port }
    var base: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)" }
    let tls: Bool

    init(pg: TemporaryPostgres, configure: (inout HTTPServerConfiguration) -> Void = { _ in }, tlsContext: TLSContext? = nil,
         clientTLS: TLSContext? = nil, limiter: LoginRateLimiter = LoginRateLimiter()) async throws {
        self.pg = pg
        tls = tlsContext != nil
        pool = PostgresPool(conninfo: pg.conninfo, size: 2)
        _ = try await SchemaMigrator.migrate(pool)
        secrets = AppSecrets(codeKey: SecureRandom.bytes(32), indexKey: SecureRandom.bytes(32))
        webapp = Webapp(store: CustomerStore(primary: pool), secrets: secrets, metrics: RequestMetrics(registry: MetricsRegistry()),
                        logger: try LogStore().logger("security-test"), limiter: limiter, hashingThreads: 1)
        group = try EventLoopGroup(count: 1, name: "security-webapp")
        var configuration = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0), tls: tlsContext)
        configuration.errorFormat = .json  // as AppWorker serves the webapp
        configure(&configuration)
        server = try HTTPServer(configuration: configuration, group: group, handler: webapp.router().handler)
        http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10), tls: clientTLS))
    }

    /// One JSON call; the body's `error.field` and the whole object come back parsed.
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

    /// Signs a customer up and logs in; the session token.
    func customer(_ email: String, password: String = "correct horse battery staple") async throws -> String {
        let signup = try await call("POST", "/api/signup", #"{"email": "\#(email)", "password": "\#(password)"}"#)
        guard signup.status == 201 else { throw HarnessError.unexpected("signup of \(email) answered \(signup.status)") }
        let login = try await call("POST", "/api/login", #"{"email": "\#(email)", "password": "\#(password)"}"#)
        guard login.status == 200, let token = login.json["token"] as? String else {
            throw HarnessError.unexpected("login of \(email) answered \(login.status)")
        }
        return token
    }

    /// Row counts of the webapp's tables, as one comparable string.
    func tableCounts() async throws -> String {
        try await pg.psql("SELECT (SELECT count(*) FROM customers) || '/' || (SELECT count(*) FROM sessions) || '/' || (SELECT count(*) FROM kits)")
    }

    func stop() async {
        await http.shutdown()
        await server.shutdown(grace: .milliseconds(200))
        group.shutdown()
        webapp.shutdown()
        pool.shutdown()
    }

    /// A harness on a fresh temporary PostgreSQL, stopped (with the database) however `body` ends.
    static func with(configure: (inout HTTPServerConfiguration) -> Void = { _ in }, tlsContext: TLSContext? = nil,
                     clientTLS: TLSContext? = nil, limiter: LoginRateLimiter = LoginRateLimiter(),
                     _ body: (WebappHarness) async throws -> Void) async throws {
        try await TemporaryPostgres.with { pg in
            let harness = try await WebappHarness(pg: pg, configure: configure, tlsContext: tlsContext, clientTLS: clientTLS, limiter: limiter)
            do { try await body(harness) } catch {
                await harness.stop()
                throw error
            }
            await harness.stop()
        }
    }
}

/// A test precondition that did not hold.
enum HarnessError: Error, CustomStringConvertible {
    case unexpected(String)
    var description: String {
        switch self { case .unexpected(let what): what }
    }
}

/// The `error` object of a JSON error body.
func errorDetail(_ json: [String: Any]) -> (code: String?, field: String?) {
    let error = json["error"] as? [String: Any]
    return (error?["code"] as? String, error?["field"] as? String)
}
