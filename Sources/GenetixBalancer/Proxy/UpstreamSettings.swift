import GenetixNet

/// Limits and timeouts of the balancer's upstream side.
public struct UpstreamSettings: Sendable, Equatable {
    /// Time allowed for a TCP connect.
    public var connectTimeout: Duration = .seconds(1)
    /// Time allowed for the response head, and between pieces of the response body.
    public var responseTimeout: Duration = .seconds(30)
    /// Most connections open to one backend, over all loops (requests beyond it wait for a free connection).
    public var maxConnectionsPerBackend: Int = 1024
    /// Idle keep-alive connections kept per backend and loop.
    public var maxIdlePerBackend: Int = 256
    /// Limits of the response parser: generous, since responses are streamed, not buffered.
    public var responseLimits = HTTPLimits(maxRequestLineBytes: 8 * 1024, maxHeaderBytes: 64 * 1024, maxHeaderCount: 200,
                                           maxBodyBytes: 1 << 40)

    public init(connectTimeout: Duration = .seconds(1), responseTimeout: Duration = .seconds(30),
                maxConnectionsPerBackend: Int = 1024) {
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.maxConnectionsPerBackend = maxConnectionsPerBackend
    }
}
