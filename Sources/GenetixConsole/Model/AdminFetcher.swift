import Foundation
import GenetixCore
import GenetixNet

/// Reads one node's admin API with its bearer token: status, logs and events, and posts actions.
public struct AdminFetcher: Sendable {
    public let node: ConsoleNode
    private let client: HTTPClient
    private let base: HTTPURL?
    private let baseError: String?

    public init(node: ConsoleNode, client: HTTPClient) {
        self.node = node
        self.client = client
        var admin = node.admin
        while admin.hasSuffix("/") { admin.removeLast() }
        do {
            base = try HTTPURL(parsing: admin)
            baseError = nil
        } catch {
            base = nil
            baseError = "the admin URL \"\(node.admin)\" of \(node.name) is not valid: \(error)"
        }
    }

    /// `GET /admin/v1/status`.
    public func status(timeout: Duration) async throws(AdminFetchError) -> NodeStatus {
        try await get("/admin/v1/status", as: NodeStatus.self, timeout: timeout)
    }

    /// `GET /admin/v1/logs?after=SEQ&limit=N[&tail=T]`.
    public func logs(after: UInt64, limit: Int, tail: Int? = nil, timeout: Duration) async throws(AdminFetchError) -> LogPage {
        try await get("/admin/v1/logs?after=\(after)&limit=\(limit)" + (tail.map { "&tail=\($0)" } ?? ""), as: LogPage.self, timeout: timeout)
    }

    /// `GET /admin/v1/events?after=SEQ&limit=N[&tail=T]`.
    public func events(after: UInt64, limit: Int, tail: Int? = nil, timeout: Duration) async throws(AdminFetchError) -> EventPage {
        try await get("/admin/v1/events?after=\(after)&limit=\(limit)" + (tail.map { "&tail=\($0)" } ?? ""), as: EventPage.self, timeout: timeout)
    }

    /// `POST /admin/v1/actions/NAME` with a JSON body; returns the node's JSON answer.
    public func action(_ name: String, body: JSONValue, timeout: Duration) async throws(AdminFetchError) -> JSONValue {
        let response = try await send(method: "POST", path: "/admin/v1/actions/" + name, body: GenetixJSON.encode(body), timeout: timeout)
        do { return try GenetixJSON.decode(JSONValue.self, from: response.body) } catch {
            throw .undecodable(node: node.name, path: "/admin/v1/actions/" + name, reason: "\(error)")
        }
    }

    private func get<T: Decodable>(_ path: String, as type: T.Type, timeout: Duration) async throws(AdminFetchError) -> T {
        let response = try await send(method: "GET", path: path, body: [], timeout: timeout)
        do { return try GenetixJSON.decode(T.self, from: response.body) } catch {
            throw .undecodable(node: node.name, path: path, reason: Self.describe(error))
        }
    }

    private func send(method: String, path: String, body: [UInt8], timeout: Duration) async throws(AdminFetchError) -> HTTPClientResponse {
        guard let base else { throw .transport(node: node.name, .invalidURL(baseError ?? node.admin)) }
        var headers = HTTPHeaders()
        if let token = node.token { headers.add("Authorization", "Bearer " + token) }
        if !body.isEmpty { headers.add("Content-Type", "application/json") }
        let request = HTTPClientRequest(method: method, url: base.with(target: path), headers: headers, body: body)
        let response: HTTPClientResponse
        do { response = try await client.execute(request, timeout: timeout) } catch { throw .transport(node: node.name, error) }
        guard (200..<300).contains(response.status) else {
            let message = (try? GenetixJSON.decode(APIErrorBody.self, from: response.body))?.error.message
                ?? String(response.text.prefix(200))
            throw .status(node: node.name, code: response.status, message: message)
        }
        return response
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing field \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            "field \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}
