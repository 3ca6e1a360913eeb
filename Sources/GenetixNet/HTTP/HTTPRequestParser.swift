/// A strict, incremental HTTP/1.1 request parser over raw bytes (RFC 9112), for the server's connection loop: the
/// request-side front of `HTTPMessageParser` (the start line and framing rules are `HTTPRequestLine`).
///
/// Pull shape: the caller keeps a byte buffer, calls `next(_:consumed:)` until it returns nil, appends what it reads
/// from the socket and calls again with the unconsumed bytes first. The parser keeps only counters and owned values
/// between calls, never indices into the caller's buffer, so the caller may compact or move its bytes freely.
/// After `.end` the parser is ready for the next (pipelined) request.
///
/// Strictness, chosen against request smuggling (every rejection throws an `HTTPParseError`; its `status` is the answer):
/// - Lines end in CRLF only: a bare LF or bare CR anywhere in the head, a chunk line or a trailer is a 400.
/// - NUL and other control characters (HTAB aside in field values) are a 400 wherever they appear.
/// - Up to 8 empty lines before a request line are skipped (RFC 9112 §2.2); more are a 400.
/// - Request line: `method SP target SP HTTP/x.y` with single spaces; method is a token; target is visible ASCII.
///   `HTTP/1.0` and `HTTP/1.1` are served; any other `HTTP/<digit>.<digit>` is a 505; anything else a 400.
/// - Field lines: no whitespace before the colon, no obs-fold (line starting with SP/HTAB), token names.
/// - HTTP/1.1 needs exactly one Host; two Host fields are a 400 in any version.
/// - Content-Length: digits only; identical repeated fields are merged, differing ones (or a comma list) are a 400.
/// - Transfer-Encoding: only `chunked` (once, alone) is accepted in requests; any other coding, `chunked` twice or
///   not last, an empty value, Transfer-Encoding with Content-Length, or Transfer-Encoding in HTTP/1.0 is a 400
///   (`ambiguousFraming`) — this parser cannot decode other codings, so it refuses them rather than mis-frame.
/// - Chunk sizes: 1–16 hex digits; extensions are validated and bounded (the whole line ≤ 4096 bytes); chunk data
///   must be followed by CRLF. Trailers are bounded like a header block and may not carry Content-Length or
///   Transfer-Encoding; they are available in `trailers` after `.end`.
/// - Limits (`HTTPLimits`): request line → 431, header block bytes or field count → 431, a declared Content-Length
///   over `maxBodyBytes` → 413 right after the head (before any body byte), a chunked total over it → 413.
public struct HTTPRequestParser: Sendable {
    private var parser: HTTPMessageParser<HTTPRequestLine>

    /// Creates a parser that enforces `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        parser = HTTPMessageParser(limits: limits, startLine: HTTPRequestLine())
    }

    /// Whether the parser is between messages with no byte of a next request seen (skipped empty lines aside).
    /// A timeout or EOF while idle is a clean close; otherwise it interrupted a request.
    public var isIdle: Bool { parser.isIdle }

    /// The trailer fields of the last chunked request, valid after its `.end` (empty for other bodies).
    public var trailers: HTTPHeaders { parser.trailers }

    /// Parses from `buffer[consumed...]`, advances `consumed` past what it used, and returns the next part,
    /// or nil when it needs more bytes. After an error every later call throws the same error.
    public mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<HTTPRequestHead>? {
        try parser.next(buffer, consumed: &consumed)
    }

    /// Tells the parser the peer closed the connection: throws `.truncated` if a request was in progress.
    public mutating func finish() throws(HTTPParseError) {
        try parser.finish()
    }
}
