import Foundation
import GenetixCore
import GenetixNet

/// Why an admin call failed: the node could not be reached, timed out, refused, or answered nonsense.
public enum AdminClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection (refused, unreachable, reset, timed out).
    case unreachable(node: String, reason: String)
    /// The node answered with an error status and JSON error.
    case refused(node: String, status: Int, code: String, message: String)
    /// The node answered something that is not the expected JSON.
    case malformed(node: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let node, let reason): "\(node) is unreachable: \(reason)"
        case .refused(let node, let status, let code, let message): "\(node) refused (\(status) \(code)): \(message)"
        case .malformed(let node, let reason): "\(node) answered with something unexpected: \(reason)"
        }
    }

    /// The HTTP status for refusals.
    public var status: Int? { if case .refused(_, let s, _, _) = self { return s } else { return nil } }
}

/// A typed async client of one node's admin API. GETs are retried once after a connection failure; actions never are.
public struct AdminClient: Sendable {
    /// What the node is called in messages (its configured name, or its URL).
    public let nodeName: String
    public let baseURL: HTTPURL
    public let token: String?
    public let timeout: Duration
    /// Called after every exchange with the node (answered or not); `genetix -v` prints these.
    public var observer: (@Sendable (AdminExchange) -> Void)?
    private let http: HTTPClient

    /// A client of the admin API at `url` (e.g. `http://127.0.0.1:9201`).
    public init(url: String, token: String?, nodeName: String? = nil, timeout: Duration = .seconds(3),
                http: HTTPClient = AdminClient.sharedHTTP) throws(AddressError) {
        baseURL = try HTTPURL(parsing: url)
        self.token = token
        self.nodeName = nodeName ?? url
        self.timeout = timeout
        self.http = http
    }

    /// One HTTP client shared by admin clients of a process (pooled keep-alive connections).
    public static let sharedHTTP = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(3), maxIdlePerOrigin: 4))

    public func status(query: [String: String] = [:]) async throws(AdminClientError) -> NodeStatus {
        try await get("/admin/v1/status" + Self.queryString(query), as: NodeStatus.self)
    }

    public func metrics() async throws(AdminClientError) -> MetricsSnapshot {
        try await get("/admin/v1/metrics", as: MetricsSnapshot.self)
    }

    /// `GET /admin/v1/logs`: entries after `after`; with `tail`, only among the node's newest `tail`.
    public func logs(after: UInt64 = 0, limit: Int = 200, tail: Int? = nil, level: LogLevel? = nil, wait: Double? = nil) async throws(AdminClientError) -> LogPage {
        var q = ["after": String(after), "limit": String(limit)]
        if let tail { q["tail"] = String(tail) }
        if let level { q["level"] = level.rawValue }
        if let wait { q["wait"] = String(wait) }
        return try await get("/admin/v1/logs" + Self.queryString(q), as: LogPage.self, extra: wait.map { .milliseconds(Int64($0 * 1000)) })
    }

    /// `GET /admin/v1/events`: events after `after`; with `tail`, only among the node's newest `tail`.
    public func events(after: UInt64 = 0, limit: Int = 200, tail: Int? = nil, wait: Double? = nil) async throws(AdminClientError) -> EventPage {
        var q = ["after": String(after), "limit": String(limit)]
        if let tail { q["tail"] = String(tail) }
        if let wait { q["wait"] = String(wait) }
        return try await get("/admin/v1/events" + Self.queryString(q), as: EventPage.self, extra: wait.map { .milliseconds(Int64($0 * 1000)) })
    }

    /// Runs an action; its result JSON on 200, `.refused` with the node's reason otherwise.
    public func action(_ name: String, body: JSONValue = .object([:]), timeout: Duration? = nil) async throws(AdminClientError) -> JSONValue {
        let response = try await send("POST", "/admin/v1/actions/\(name)", body: GenetixJSON.encode(body), timeout: timeout ?? .seconds(60), retry: false)
        return try decode(response, as: JSONValue.self)
    }

    /// A GET of any path, decoded as `T`.
    public func get<T: Decodable>(_ path: String, as type: T.Type, extra: Duration? = nil) async throws(AdminClientError) -> T {
        let response = try await send("GET", path, body: [], timeout: timeout + (extra ?? .zero), retry: true)
        return try decode(response, as: T.self)
    }

    /// A raw exchange (the response whatever its status); unreachable nodes throw. `headers` go with the request,
    /// beside the token's and the body's own.
    public func send(_ method: String, _ path: String, body: [UInt8], timeout: Duration, retry: Bool,
                     headers extra: HTTPHeaders = HTTPHeaders()) async throws(AdminClientError) -> HTTPClientResponse {
        var headers = extra
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if !body.isEmpty { headers.add("Content-Type", "application/json") }
        let request = HTTPClientRequest(method: method, url: baseURL.with(target: path), headers: headers, body: body)
        let start = ContinuousClock.now
        let outcome: Result<HTTPClientResponse, AdminClientError>
        do {
            outcome = .success(try await http.execute(request, timeout: timeout))
        } catch {
            if retry {
                try? await Task.sleep(for: .milliseconds(100))
                do { outcome = .success(try await http.execute(request, timeout: timeout)) } catch {
                    outcome = .failure(.unreachable(node: nodeName, reason: error.description))
                }
            } else {
                outcome = .failure(.unreachable(node: nodeName, reason: error.description))
            }
        }
        if let observer {
            let answer = try? outcome.get()
            let failure: String? = if case .failure(.unreachable(_, let reason)) = outcome { reason } else { nil }
            observer(AdminExchange(node: nodeName, method: method, url: baseURL.with(target: path).description,
                                   status: answer?.status, failure: failure, elapsed: ContinuousClock.now - start))
        }
        return try outcome.get()
    }

    func decode<T: Decodable>(_ response: HTTPClientResponse, as type: T.Type) throws(AdminClientError) -> T {
        guard response.status == 200 else {
            if let body = try? GenetixJSON.decode(APIErrorBody.self, from: response.body) {
                throw .refused(node: nodeName, status: response.status, code: body.error.code, message: body.error.message)
            }
            throw .refused(node: nodeName, status: response.status, code: "http_\(response.status)", message: String(response.text.prefix(200)))
        }
        do { return try GenetixJSON.decode(T.self, from: response.body) } catch {
            throw .malformed(node: nodeName, reason: "\(error)")
        }
    }

    static func queryString(_ q: [String: String]) -> String {
        guard !q.isEmpty else { return "" }
        return "?" + q.sorted { $0.key < $1.key }.map { "\(QueryString.encode($0.key))=\(QueryString.encode($0.value))" }.joined(separator: "&")
    }
}
