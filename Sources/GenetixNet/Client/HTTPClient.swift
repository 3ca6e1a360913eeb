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

/// The idle connections of one client, per origin; loop-confined.
final class ClientPool {
    private let loop: EventLoop
    private let configuration: HTTPClientConfiguration
    private var idle: [HTTPURL: [ClientConnection]] = [:]

    init(loop: EventLoop, configuration: HTTPClientConfiguration) {
        self.loop = loop
        self.configuration = configuration
    }

    func execute(_ request: HTTPClientRequest, timeout: Duration, retried: Bool = false,
                 completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void) {
        let key = request.url.with(target: "/")
        var connection: ClientConnection?
        var reused = false
        // A retry goes on a new connection: the idle ones may have died the same way (the server, or the host behind
        // a floating address, went away), and a second stale one would fail the request again.
        while !retried, let candidate = idle[key]?.popLast() {
            if !candidate.isClosed { connection = candidate; reused = true; break }
        }
        if connection == nil {
            do { connection = try ClientConnection(url: request.url, loop: loop, tls: configuration.tls) } catch {
                completion(.failure(error))
                return
            }
        }
        guard let connection else { return }
        connection.onReusable = { [weak self] c in self?.checkIn(c) }
        var finished = false
        let timer = loop.schedule(after: timeout) {
            guard !finished else { return }
            connection.fail(.timedOut(request.url.address.description, timeout))  // completes through send's callback
        }
        connection.send(request) { [weak self] result in
            guard !finished else { return }
            finished = true
            self?.loop.cancelTimer(timer)
            if case .failure(let error) = result, reused, !retried, !connection.receivedResponseBytes, request.isIdempotent,
               case .connectionClosed = error {
                self?.execute(request, timeout: timeout, retried: true, completion: completion)
                return
            }
            completion(result)
        }
    }

    private func checkIn(_ connection: ClientConnection) {
        var list = idle[connection.key] ?? []
        list.removeAll { $0.isClosed }
        if list.count >= configuration.maxIdlePerOrigin {
            connection.close()
            return
        }
        list.append(connection)
        idle[connection.key] = list
    }

    func closeAll() {
        for (_, list) in idle { for c in list { c.close() } }
        idle.removeAll()
    }
}
