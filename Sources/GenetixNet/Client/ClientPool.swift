/// The keep-alive connections of one client, idle ones per origin; loop-confined.
final class ClientPool: ClientConnectionOwner {
    private let loop: EventLoop
    private let configuration: HTTPClientConfiguration
    private var idle: [HTTPURL: [ClientConnection]] = [:]
    /// The origin of every open connection.
    private var origins: [ObjectIdentifier: HTTPURL] = [:]
    /// Read space shared by the connections (all on `loop`).
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 16)

    init(loop: EventLoop, configuration: HTTPClientConfiguration) {
        self.loop = loop
        self.configuration = configuration
    }

    deinit { scratch.deallocate() }

    func execute(_ request: HTTPClientRequest, timeout: Duration, retried: Bool = false,
                 completion: @escaping (Result<HTTPClientResponse, HTTPClientError>) -> Void) {
        let key = request.url.with(target: "/")
        let origin = request.url.address.description
        var connection: ClientConnection?
        var reused = false
        // A retry goes on a new connection: the idle ones may have died the same way (the server, or the host behind
        // a floating address, went away), and a second stale one would fail the request again.
        while !retried, let candidate = idle[key]?.popLast() {
            if candidate.isIdle { connection = candidate; reused = true; break }
        }
        if connection == nil {
            if request.url.isTLS, configuration.tls == nil {
                completion(.failure(.tls(origin, "no TLS context configured for https")))
                return
            }
            do {
                let made = try ClientConnection(to: request.url.address, tls: request.url.isTLS ? configuration.tls : nil,
                                                serverName: request.url.address.host, loop: loop, owner: self,
                                                scratch: scratch, connectTimeout: timeout, responseTimeout: timeout)
                origins[ObjectIdentifier(made)] = key
                connection = made
            } catch {
                completion(.failure(error.clientError(origin: origin, timeout: timeout)))
                return
            }
        }
        guard let connection else { return }
        var finished = false
        let timer = loop.schedule(after: timeout) {
            guard !finished else { return }
            connection.fail(.responseTimedOut)  // completes through the exchange
        }
        let exchange = BufferedClientExchange { [weak self] result in
            guard !finished else { return }
            finished = true
            self?.loop.cancelTimer(timer)
            if case .failure(.closedBeforeResponse) = result, reused, !retried, request.isIdempotent {
                self?.execute(request, timeout: timeout, retried: true, completion: completion)
                return
            }
            completion(result.mapError { $0.clientError(origin: origin, timeout: timeout) })
        }
        connection.send(method: request.method, exchange: exchange) { buffer in
            var head = HTTPRequestHead(method: request.method, target: request.url.target, headers: request.headers)
            if !head.headers.contains("Host") { head.headers.add("Host", origin) }
            if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
                head.headers.replace("Content-Length", String(request.body.count))
            }
            HTTPSerializer.requestHead(head, into: &buffer)
            buffer.append(contentsOf: request.body)
        }
    }

    func connectionReusable(_ connection: ClientConnection) {
        guard let key = origins[ObjectIdentifier(connection)] else { return connection.close() }
        var list = idle[key] ?? []
        if list.count >= configuration.maxIdlePerOrigin {
            connection.close()
            return
        }
        list.append(connection)
        idle[key] = list
    }

    func connectionClosed(_ connection: ClientConnection) {
        guard let key = origins.removeValue(forKey: ObjectIdentifier(connection)) else { return }
        idle[key]?.removeAll { $0 === connection }
    }

    func closeAll() {
        let all = idle.values.flatMap { $0 }
        idle.removeAll()
        for c in all { c.close() }
    }
}
