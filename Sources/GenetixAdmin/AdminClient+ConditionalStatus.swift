import GenetixCore
import GenetixNet

/// What a conditional status read found (`AdminClient.status(ifNoneMatch:)`).
public enum StatusReading: Sendable, Equatable {
    /// The node sent its status; `etag` is what to send next time (nil from a node that does not tag its status).
    case changed(NodeStatus, etag: String?)
    /// `304 Not Modified`: nothing an observer shows changed since the tag sent. The node answered, so it is up.
    case unchanged
}

extension AdminClient {
    /// `GET /admin/v1/status` with `If-None-Match: etag`: `.unchanged` (a 304, no body, nothing decoded) when the
    /// node's shown figures are those the tag names, `.changed` with the status and its new tag otherwise. Without a
    /// tag this is the plain status read.
    ///
    /// With `wait` (more than 0, at most 30 s) and a tag, the read is a watch: the node holds it while the tag still
    /// names what it shows, answering `.changed` as soon as a shown figure moves, `.unchanged` when `wait` has passed.
    /// The request may take `wait` plus the client's timeout, and a watch is not retried after a failure (the HTTP
    /// client still retries a reused idle connection the node had closed), so a hung node is reported within that
    /// time, not twice it. A node that does not know `wait` answers at once.
    public func status(ifNoneMatch etag: String?, wait: Duration? = nil, query: [String: String] = [:]) async throws(AdminClientError) -> StatusReading {
        var headers = HTTPHeaders()
        if let etag { headers.add("If-None-Match", etag) }
        var query = query
        if let wait { query["wait"] = Self.seconds(wait) }
        let response = try await send("GET", "/admin/v1/status" + Self.queryString(query), body: [], timeout: timeout + (wait ?? .zero),
                                      retry: wait == nil, headers: headers)
        if response.status == 304 {
            guard etag != nil else {
                throw .malformed(node: nodeName, reason: "304 Not Modified to a status read that named no ETag")
            }
            return .unchanged
        }
        return .changed(try decode(response, as: NodeStatus.self), etag: response.headers["ETag"])
    }

    /// `duration` in seconds as a query value (`4`, `0.5`).
    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? String(milliseconds / 1000) : String(Double(milliseconds) / 1000)
    }
}
