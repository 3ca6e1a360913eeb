/// A strict, incremental HTTP/1.1 response parser over raw bytes, for the HTTP client and the balancer's upstream side:
/// the response-side front of `HTTPMessageParser` (the status line and framing rules are `HTTPStatusLine`).
///
/// Same pull shape and the same strictness as `HTTPRequestParser` (CRLF only, no obs-fold, no whitespace before the
/// colon, Content-Length with Transfer-Encoding or differing Content-Lengths rejected, strict chunks), with the
/// response framing rules of RFC 9112 §6.3:
/// - Call `expectResponse(toMethod:)` once per request sent, in order; responses are matched to methods first-in,
///   first-out (pipelining). Without an expectation the method is taken to be GET.
/// - A response to HEAD, a 1xx, 204 or 304 has no body (`.head` then `.end`), whatever its fields say.
/// - 1xx interim responses (100 Continue, 103 Early Hints) are surfaced as `.head` + `.end` and do not use up the
///   method expectation; the final response follows. 101 Switching Protocols is final: after it the connection
///   is no longer HTTP (framing `.none`, `keepAlive` false).
/// - A 2xx to CONNECT is a tunnel: framing `.none`, `keepAlive` false.
/// - Transfer-Encoding with `chunked` last → chunked; Transfer-Encoding without `chunked` last → until close
///   (other codings are not decoded; the bytes are delivered as sent).
/// - Content-Length → that many bytes; neither → `.untilClose`: body parts until EOF, then call `finish()` and
///   `next` yields the final `.end`. An until-close response is never keep-alive.
/// - `maxBodyBytes` bounds response bodies too (413-class `bodyTooLarge`); the status line is bounded by
///   `maxRequestLineBytes`.
public struct HTTPResponseParser: Sendable {
    private var parser: HTTPMessageParser<HTTPStatusLine>

    /// Creates a parser that enforces `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        parser = HTTPMessageParser(limits: limits, startLine: HTTPStatusLine())
    }

    /// Records that a request with `method` was sent; its response is the next final response not yet matched.
    public mutating func expectResponse(toMethod method: String) {
        parser.startLine.expectedMethods.append(method)
    }

    /// Whether the parser is between responses with no byte of a next one seen.
    public var isIdle: Bool { parser.isIdle }

    /// The trailer fields of the last chunked response, valid after its `.end`.
    public var trailers: HTTPHeaders { parser.trailers }

    /// Parses from `buffer[consumed...]`, advances `consumed` past what it used, and returns the next part,
    /// or nil when it needs more bytes. After an error every later call throws the same error.
    public mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<HTTPResponseHead>? {
        try parser.next(buffer, consumed: &consumed)
    }

    /// Tells the parser the peer closed the connection. An until-close body is then complete (the next call to
    /// `next` returns its `.end`); a response cut short throws `.truncated`.
    public mutating func finish() throws(HTTPParseError) {
        try parser.finish()
    }
}
