/// How an HTTP server listens, limits and times out.
public struct HTTPServerConfiguration: Sendable {
    /// Where to listen; port 0 picks a free port (read it back from `HTTPServer.localAddress`).
    public var address: SocketAddress
    /// Parser limits (request line, headers, body).
    public var limits: HTTPLimits = HTTPLimits()
    /// A client must send a complete request head within this time, or it gets 408 and is closed (slowloris).
    public var headerTimeout: Duration = .seconds(10)
    /// A client must send the whole body within this time once the head has arrived.
    public var bodyTimeout: Duration = .seconds(30)
    /// An idle keep-alive connection is closed after this time.
    public var idleTimeout: Duration = .seconds(60)
    /// A peer that does not read our response for this long is closed.
    public var writeTimeout: Duration = .seconds(30)
    /// Connections beyond this are closed on accept.
    public var maxConnections: Int = 10_000
    /// Value of the `Server` header; nil sends none.
    public var serverHeader: String? = "genetix"
    /// TLS, when the listener is HTTPS.
    public var tls: TLSContext?
    /// How the server words the errors it answers itself (malformed requests, timeouts, the router's 404 and 405).
    public var errorFormat: HTTPErrorFormat = .plainText

    public init(address: SocketAddress, limits: HTTPLimits = HTTPLimits(), tls: TLSContext? = nil) {
        self.address = address
        self.limits = limits
        self.tls = tls
    }
}

extension Duration {
    /// Whole nanoseconds, saturating at zero.
    public var nanoseconds: UInt64 {
        let (s, atto) = components
        return UInt64(max(0, s)) &* 1_000_000_000 &+ UInt64(max(0, atto / 1_000_000_000))
    }
}
