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
    public func status(ifNoneMatch etag: String?, query: [String: String] = [:]) async throws(AdminClientError) -> StatusReading {
        var headers = HTTPHeaders()
        if let etag { headers.add("If-None-Match", etag) }
        let response = try await send("GET", "/admin/v1/status" + Self.queryString(query), body: [], timeout: timeout, retry: true,
                                      headers: headers)
        if response.status == 304 {
            guard etag != nil else {
                throw .malformed(node: nodeName, reason: "304 Not Modified to a status read that named no ETag")
            }
            return .unchanged
        }
        return .changed(try decode(response, as: NodeStatus.self), etag: response.headers["ETag"])
    }
}
