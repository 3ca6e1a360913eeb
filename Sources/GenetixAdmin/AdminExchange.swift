import GenetixCore

/// One request an `AdminClient` made and what came of it: for `--verbose` and other observers of the traffic.
public struct AdminExchange: Sendable, Equatable {
    /// The node's name as the client knows it.
    public var node: String
    /// `GET` or `POST`.
    public var method: String
    /// The full URL asked.
    public var url: String
    /// The HTTP status of the answer, or nil when there was none.
    public var status: Int?
    /// Why there was no answer (refused, timed out), when there was none.
    public var failure: String?
    /// From sending the request to the answer or the failure (both tries when a GET was retried).
    public var elapsed: Duration

    /// Creates a record of one exchange.
    public init(node: String, method: String, url: String, status: Int?, failure: String?, elapsed: Duration) {
        self.node = node
        self.method = method
        self.url = url
        self.status = status
        self.failure = failure
        self.elapsed = elapsed
    }
}
