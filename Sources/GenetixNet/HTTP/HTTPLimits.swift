/// Size limits the parsers enforce; every limit maps to a status code in `HTTPParseError`.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line (or status line) in bytes, CRLF excluded. Over it: 431.
    public var maxRequestLineBytes: Int = 8 * 1024
    /// Largest header block (all field lines) in bytes. Over it: 431.
    public var maxHeaderBytes: Int = 32 * 1024
    /// Most header field lines. Over it: 431.
    public var maxHeaderCount: Int = 100
    /// Largest body in bytes (declared Content-Length or chunked total). Over it: 413.
    public var maxBodyBytes: Int = 1024 * 1024

    public init(maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024, maxHeaderCount: Int = 100,
                maxBodyBytes: Int = 1024 * 1024) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
    }
}

/// Why a message was rejected. Each case says what was wrong; `status` is what a server answers before closing.
public enum HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidRequestLine(String)
    case invalidStatusLine(String)
    case unsupportedVersion(String)
    case invalidHeader(String)
    case requestLineTooLong(limit: Int)
    case headersTooLarge(limit: Int)
    case tooManyHeaders(limit: Int)
    case bodyTooLarge(limit: Int)
    /// Content-Length and Transfer-Encoding together, differing Content-Lengths, `chunked` not last… (request smuggling).
    case ambiguousFraming(String)
    case invalidChunk(String)
    case invalidContentLength(String)
    /// The peer closed before the message was complete.
    case truncated

    /// The status a server answers with.
    public var status: Int {
        switch self {
        case .requestLineTooLong, .headersTooLarge, .tooManyHeaders: 431
        case .bodyTooLarge: 413
        case .unsupportedVersion: 505
        default: 400
        }
    }

    public var description: String {
        switch self {
        case .invalidRequestLine(let why): "malformed request line: \(why)"
        case .invalidStatusLine(let why): "malformed status line: \(why)"
        case .unsupportedVersion(let v): "unsupported HTTP version \(v)"
        case .invalidHeader(let why): "malformed header field: \(why)"
        case .requestLineTooLong(let limit): "request line longer than \(limit) bytes"
        case .headersTooLarge(let limit): "header block larger than \(limit) bytes"
        case .tooManyHeaders(let limit): "more than \(limit) header fields"
        case .bodyTooLarge(let limit): "body larger than \(limit) bytes"
        case .ambiguousFraming(let why): "ambiguous message framing: \(why)"
        case .invalidChunk(let why): "malformed chunked body: \(why)"
        case .invalidContentLength(let v): "invalid Content-Length \(v)"
        case .truncated: "connection closed before the message was complete"
        }
    }
}
