/// A strict, incremental HTTP/1.1 request parser over raw bytes (RFC 9112), for the server's connection loop.
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
    private enum Phase: Sendable {
        case requestLine
        case headers
        case body
    }

    /// The most empty lines skipped before a request line.
    static let maxLeadingEmptyLines = 8

    private let limits: HTTPLimits
    private var phase = Phase.requestLine
    private var lines = HTTPLineScanner()
    private var leadingEmptyLines = 0
    private var hasPartialBytes = false
    private var method = ""
    private var target = ""
    private var version = HTTPVersion.http1_1
    private var block = HTTPFieldBlock()
    private var body = HTTPBodyReader(framing: .none, limits: HTTPLimits())
    private var failure: HTTPParseError?
    private var completedTrailers = HTTPHeaders()

    /// Creates a parser that enforces `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Whether the parser is between messages with no byte of a next request seen (skipped empty lines aside).
    /// A timeout or EOF while idle is a clean close; otherwise it interrupted a request.
    public var isIdle: Bool { failure == nil && phase == .requestLine && !hasPartialBytes }

    /// The trailer fields of the last chunked request, valid after its `.end` (empty for other bodies).
    public var trailers: HTTPHeaders { completedTrailers }

    /// Parses from `buffer[consumed...]`, advances `consumed` past what it used, and returns the next part,
    /// or nil when it needs more bytes. After an error every later call throws the same error.
    public mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<HTTPRequestHead>? {
        if let failure { throw failure }
        do {
            return try step(buffer, consumed: &consumed)
        } catch {
            failure = error
            throw error
        }
    }

    /// Tells the parser the peer closed the connection: throws `.truncated` if a request was in progress.
    public mutating func finish() throws(HTTPParseError) {
        if let failure { throw failure }
        switch phase {
        case .requestLine where !hasPartialBytes: return
        case .body where body.isComplete: return
        default:
            failure = .truncated
            throw .truncated
        }
    }

    private mutating func step(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<HTTPRequestHead>? {
        while true {
            switch phase {
            case .requestLine:
                let cr: Int?
                do {
                    cr = try lines.nextLine(buffer, from: consumed, maxLength: limits.maxRequestLineBytes, allowTab: false)
                } catch {
                    throw Self.requestLineError(error, limits: limits)
                }
                guard let cr else {
                    hasPartialBytes = consumed < buffer.count
                    return nil
                }
                let line = consumed..<cr
                consumed = cr + 2
                if line.isEmpty {
                    leadingEmptyLines += 1
                    guard leadingEmptyLines <= Self.maxLeadingEmptyLines else {
                        throw .invalidRequestLine("more than \(Self.maxLeadingEmptyLines) empty lines before the request line")
                    }
                    continue
                }
                hasPartialBytes = true
                try parseRequestLine(buffer, line)
                phase = .headers
            case .headers:
                let budget = limits.maxHeaderBytes - block.byteCount - 2
                let cr: Int?
                do {
                    cr = try lines.nextLine(buffer, from: consumed, maxLength: budget, allowTab: true)
                } catch {
                    throw HTTPBodyReader.fieldLineError(error, limits: limits, what: "header")
                }
                guard let cr else { return nil }
                let line = consumed..<cr
                consumed = cr + 2
                if line.isEmpty {
                    let head = try makeHead()
                    body = HTTPBodyReader(framing: head.framing, limits: limits)
                    phase = .body
                    return .head(head)
                }
                block.byteCount += line.count + 2
                try block.add(buffer, line: line, maxCount: limits.maxHeaderCount)
            case .body:
                guard let event = try body.next(buffer, consumed: &consumed) else { return nil }
                switch event {
                case .body(let bytes):
                    return .body(bytes)
                case .end:
                    completedTrailers = body.trailers
                    reset()
                    return .end
                }
            }
        }
    }

    private mutating func reset() {
        phase = .requestLine
        lines.reset()
        leadingEmptyLines = 0
        hasPartialBytes = false
        block = HTTPFieldBlock()
        body = HTTPBodyReader(framing: .none, limits: limits)
    }

    private mutating func parseRequestLine(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) {
        var index = line.lowerBound
        while index < line.upperBound, HTTPByteRules.isToken(buffer[index]) { index += 1 }
        let methodRange = line.lowerBound..<index
        guard !methodRange.isEmpty else {
            throw .invalidRequestLine("the line does not start with a method token")
        }
        guard index < line.upperBound, buffer[index] == HTTPByteRules.space else {
            throw .invalidRequestLine("invalid character after the method (expected one space)")
        }
        index += 1
        let targetStart = index
        while index < line.upperBound, buffer[index] > 0x20 && buffer[index] < 0x7F { index += 1 }
        let targetRange = targetStart..<index
        guard !targetRange.isEmpty else { throw .invalidRequestLine("empty request target (or two spaces after the method)") }
        guard index < line.upperBound, buffer[index] == HTTPByteRules.space else {
            if index < line.upperBound {
                throw .invalidRequestLine("invalid byte 0x\(String(buffer[index], radix: 16)) in the request target")
            }
            throw .invalidRequestLine("no HTTP version after the request target")
        }
        index += 1
        version = try Self.parseVersion(buffer, index..<line.upperBound)
        method = HTTPByteRules.string(buffer, methodRange)
        target = HTTPByteRules.string(buffer, targetRange)
    }

    /// `HTTP/1.0` or `HTTP/1.1`; other `HTTP/d.d` → 505; anything else → 400.
    static func parseVersion(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTPParseError) -> HTTPVersion {
        let text = { HTTPByteRules.string(buffer, range).prefix(20) }
        guard range.count == 8,
              buffer[range.lowerBound] == 0x48, buffer[range.lowerBound + 1] == 0x54,
              buffer[range.lowerBound + 2] == 0x54, buffer[range.lowerBound + 3] == 0x50,
              buffer[range.lowerBound + 4] == 0x2F, buffer[range.lowerBound + 6] == 0x2E else {
            throw .invalidRequestLine("\"\(text())\" is not an HTTP version")
        }
        let major = buffer[range.lowerBound + 5], minor = buffer[range.lowerBound + 7]
        guard (0x30...0x39).contains(major), (0x30...0x39).contains(minor) else {
            throw .invalidRequestLine("\"\(text())\" is not an HTTP version")
        }
        guard major == 0x31, minor == 0x30 || minor == 0x31 else { throw .unsupportedVersion(String(text())) }
        return minor == 0x30 ? .http1_0 : .http1_1
    }

    private func makeHead() throws(HTTPParseError) -> HTTPRequestHead {
        if block.hostCount > 1 { throw .invalidHeader("more than one Host field") }
        if version == .http1_1 && block.hostCount == 0 { throw .invalidHeader("HTTP/1.1 request without a Host field") }
        let framing: HTTPBodyFraming
        if block.hasTransferEncoding {
            if block.contentLength != nil { throw .ambiguousFraming("both Content-Length and Transfer-Encoding") }
            if version == .http1_0 { throw .ambiguousFraming("Transfer-Encoding in an HTTP/1.0 request") }
            if let other = block.otherCoding {
                throw .ambiguousFraming("unsupported transfer coding \"\(other.prefix(40))\" (only chunked is accepted)")
            }
            framing = .chunked
        } else if let length = block.contentLength {
            guard length <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
            framing = .contentLength(length)
        } else {
            framing = .none
        }
        let keepAlive = version == .http1_1 ? !block.connectionClose : block.connectionKeepAlive && !block.connectionClose
        return HTTPRequestHead(method: method, target: target, version: version, headers: block.headers,
                               framing: framing, keepAlive: keepAlive)
    }

    private static func requestLineError(_ fault: HTTPLineScanner.Fault, limits: HTTPLimits) -> HTTPParseError {
        switch fault {
        case .bareCR: .invalidRequestLine("bare CR in the request line")
        case .bareLF: .invalidRequestLine("request line ends in LF without CR")
        case .controlCharacter(let byte): .invalidRequestLine("control character 0x\(String(byte, radix: 16)) in the request line")
        case .tooLong: .requestLineTooLong(limit: limits.maxRequestLineBytes)
        }
    }
}
