/// A request for `HTTPClient`.
public struct HTTPClientRequest: Sendable {
    public var method: String
    public var url: HTTPURL
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String = "GET", url: HTTPURL, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Whether sending it twice does no harm (RFC 9110 §9.2.2).
    public var isIdempotent: Bool { ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"].contains(method) }
}

/// A whole response received by `HTTPClient`.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a client request failed.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case connectFailed(String, String)
    case timedOut(String, Duration)
    case connectionClosed(String)
    case malformedResponse(String, String)
    case tls(String, String)
    case invalidURL(String)

    public var description: String {
        switch self {
        case .connectFailed(let to, let why): "cannot connect to \(to): \(why)"
        case .timedOut(let to, let after): "no answer from \(to) within \(after)"
        case .connectionClosed(let to): "\(to) closed the connection before answering"
        case .malformedResponse(let from, let why): "bad response from \(from): \(why)"
        case .tls(let to, let why): "TLS with \(to) failed: \(why)"
        case .invalidURL(let why): why
        }
    }
}
