/// Settings of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Time allowed for a whole exchange (connect, send, receive) unless a call says otherwise.
    public var timeout: Duration = .seconds(5)
    /// Idle keep-alive connections kept per origin.
    public var maxIdlePerOrigin: Int = 8
    /// TLS for `https://` URLs (CA file, verification); nil refuses https.
    public var tls: TLSContext?

    public init(timeout: Duration = .seconds(5), maxIdlePerOrigin: Int = 8, tls: TLSContext? = nil) {
        self.timeout = timeout
        self.maxIdlePerOrigin = maxIdlePerOrigin
        self.tls = tls
    }
}

/// An async HTTP/1.1 client with keep-alive pooling on an event loop, timeouts, and one retry of idempotent
/// requests that fail on a reused connection before any response byte (the server closed an idle connection).
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let loop: EventLoop
    private let pool: UncheckedBox<ClientPool>

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), group: EventLoopGroup = .shared) {
        self.configuration = configuration
        loop = group.next()
        pool = UncheckedBox(ClientPool(loop: loop, configuration: configuration))
    }

    /// Sends `request` and returns the whole response.
    public func execute(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        let limit = timeout ?? configuration.timeout
        let pool = self.pool
        let result: Result<HTTPClientResponse, HTTPClientError> = await withCheckedContinuation { continuation in
            loop.execute {
                pool.value.execute(request, timeout: limit) { continuation.resume(returning: $0) }
            }
        }
        return try result.get()
    }

    /// Convenience: GET a URL string.
    public func get(_ url: String, headers: HTTPHeaders = HTTPHeaders(), timeout: Duration? = nil) async throws(HTTPClientError) -> HTTPClientResponse {
        let parsed: HTTPURL
        do { parsed = try HTTPURL(parsing: url) } catch { throw .invalidURL(error.description) }
        return try await execute(HTTPClientRequest(method: "GET", url: parsed, headers: headers), timeout: timeout)
    }

    /// Closes every pooled connection.
    public func shutdown() async {
        let pool = self.pool
        try? await loop.submit { pool.value.closeAll() }
    }
}
