/// The HTTP version of a message.
public struct HTTPVersion: Sendable, Equatable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// How the body of a message is delimited, as decided by the parser (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Equatable {
    /// No body at all.
    case none
    /// Exactly this many bytes.
    case contentLength(Int)
    /// Chunked transfer coding.
    case chunked
    /// Until the connection closes (responses only).
    case untilClose
}

/// The request line and header fields of a request.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, e.g. `GET` (case-sensitive, as RFC 9110 says).
    public var method: String
    /// The request target as sent, e.g. `/admin/v1/logs?after=3`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// How the body is framed; set by the parser.
    public var framing: HTTPBodyFraming
    /// Whether the connection stays open after this exchange (HTTP/1.1 default, `Connection: close`, HTTP/1.0 keep-alive).
    public var keepAlive: Bool

    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
                framing: HTTPBodyFraming = .none, keepAlive: Bool = true) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
    }

    /// The path part of the target, without the query.
    public var path: Substring {
        // Through the UTF-8 view: the `?` is an ASCII byte, so no character or scalar boundary needs checking (the
        // `String` subscripts check both, and this is read for every proxied request).
        if let q = queryMark { return Substring(target.utf8[..<q]) }
        return Substring(target)
    }

    /// The raw query string after `?`, if any.
    public var query: Substring? {
        guard let q = queryMark else { return nil }
        return target[target.utf8.index(after: q)...]
    }

    /// Where the `?` is: searched as a byte (an ASCII byte is always a character boundary), not by `Character`, since
    /// every proxied request asks for its path.
    private var queryMark: String.Index? {
        let utf8 = target.utf8
        guard let found = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: UInt8(ascii: "?")) }) else {
            return utf8.firstIndex(of: UInt8(ascii: "?"))
        }
        return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }
}

/// The status line and header fields of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// How the body is framed; set by the parser.
    public var framing: HTTPBodyFraming
    /// Whether the connection stays open after this exchange.
    public var keepAlive: Bool

    public init(status: Int, reason: String? = nil, version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(),
                framing: HTTPBodyFraming = .none, keepAlive: Bool = true) {
        self.status = status
        self.reason = reason ?? HTTPStatus.reasonPhrase(status)
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
    }
}

/// One step of a parsed message: the head, a piece of body, or the end.
public enum HTTPPart<Head: Sendable & Equatable>: Sendable, Equatable {
    case head(Head)
    case body([UInt8])
    case end
}

/// Status codes and their reason phrases.
public enum HTTPStatus {
    /// The standard reason phrase for `code`.
    public static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Status \(code)"
        }
    }
}
