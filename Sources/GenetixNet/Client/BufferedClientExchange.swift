/// Gathers a streamed response into one `HTTPClientResponse` for `HTTPClient`.
final class BufferedClientExchange: ClientExchange {
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []
    private let completion: (Result<HTTPClientResponse, ClientFailure>) -> Void

    init(completion: @escaping (Result<HTTPClientResponse, ClientFailure>) -> Void) {
        self.completion = completion
    }

    func responseHead(_ head: HTTPResponseHead) { self.head = head }
    func responseBody(_ bytes: [UInt8]) { body.append(contentsOf: bytes) }
    func responsePaused() {}

    func responseEnd() {
        guard let head else { return }
        completion(.success(HTTPClientResponse(status: head.status, headers: head.headers, body: body)))
    }

    func responseFailed(_ failure: ClientFailure) { completion(.failure(failure)) }
}

extension ClientFailure {
    /// The `HTTPClient` error for this failure of an exchange with `origin` under `timeout`.
    func clientError(origin: String, timeout: Duration) -> HTTPClientError {
        switch self {
        case .connectFailed(let why): .connectFailed(origin, why)
        case .connectTimedOut, .responseTimedOut: .timedOut(origin, timeout)
        case .tlsFailed(let why): .tls(origin, why)
        case .closedBeforeResponse: .connectionClosed(origin)
        case .responseCutOff(let why), .malformed(let why): .malformedResponse(origin, why)
        }
    }
}
