/// A strict, incremental HTTP/1.1 response parser over raw bytes, for the HTTP client and the balancer's upstream side.
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
    private enum Phase: Sendable {
        case statusLine
        case headers
        case body
    }

    private let limits: HTTPLimits
    private var phase = Phase.statusLine
    private var lines = HTTPLineScanner()
    private var hasPartialBytes = false
    private var expectedMethods: [String] = []
    private var status = 0
    private var reason = ""
    private var version = HTTPVersion.http1_1
    private var block = HTTPFieldBlock()
    private var body = HTTPBodyReader(framing: .none, limits: HTTPLimits())
    private var failure: HTTPParseError?
    private var completedTrailers = HTTPHeaders()

    /// Creates a parser that enforces `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Records that a request with `method` was sent; its response is the next final response not yet matched.
    public mutating func expectResponse(toMethod method: String) {
        expectedMethods.append(method)
    }

    /// Whether the parser is between responses with no byte of a next one seen.
    public var isIdle: Bool { failure == nil && phase == .statusLine && !hasPartialBytes }

    /// The trailer fields of the last chunked response, valid after its `.end`.
    public var trailers: HTTPHeaders { completedTrailers }

    /// Parses from `buffer[consumed...]`, advances `consumed` past what it used, and returns the next part,
    /// or nil when it needs more bytes. After an error every later call throws the same error.
    public mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<HTTPResponseHead>? {
        if let failure { throw failure }
        do {
            return try step(buffer, consumed: &consumed)
        } catch {
            failure = error
            throw error
        }
    }

    /// Tells the parser the peer closed the connection. An until-close body is then complete (the next call to
    /// `next` returns its `.end`); a response cut short throws `.truncated`.
    public mutating func finish() throws(HTTPParseError) {
        if let failure { throw failure }
        switch phase {
        case .statusLine where !hasPartialBytes: return
        case .body:
            do {
                try body.finish()
            } catch {
                failure = error
                throw error
            }
        default:
            failure = .truncated
            throw .truncated
        }
    }

    private mutating func step(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<HTTPResponseHead>? {
        while true {
            switch phase {
            case .statusLine:
                let cr: Int?
                do {
                    cr = try lines.nextLine(buffer, from: consumed, maxLength: limits.maxRequestLineBytes, allowTab: true)
                } catch {
                    throw Self.statusLineError(error, limits: limits)
                }
                guard let cr else {
                    hasPartialBytes = consumed < buffer.count
                    return nil
                }
                let line = consumed..<cr
                consumed = cr + 2
                hasPartialBytes = true
                try parseStatusLine(buffer, line)
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
        phase = .statusLine
        lines.reset()
        hasPartialBytes = false
        block = HTTPFieldBlock()
        body = HTTPBodyReader(framing: .none, limits: limits)
    }

    /// `HTTP/1.x SP 3DIGIT [SP reason]`; the reason may be empty and may hold HTAB, SP, VCHAR and obs-text.
    private mutating func parseStatusLine(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) {
        guard line.count >= 12 else {
            throw .invalidStatusLine("\"\(HTTPByteRules.string(buffer, line).prefix(40))\" is too short")
        }
        let versionEnd = line.lowerBound + 8
        do {
            version = try HTTPRequestParser.parseVersion(buffer, line.lowerBound..<versionEnd)
        } catch .invalidRequestLine(let why) {
            throw .invalidStatusLine(why)
        }
        guard buffer[versionEnd] == HTTPByteRules.space else { throw .invalidStatusLine("expected one space after the version") }
        var code = 0
        for index in (versionEnd + 1)..<(versionEnd + 4) {
            let byte = buffer[index]
            guard byte >= 0x30 && byte <= 0x39 else { throw .invalidStatusLine("the status code is not three digits") }
            code = code * 10 + Int(byte - 0x30)
        }
        guard code >= 100 else { throw .invalidStatusLine("status code \(code) is below 100") }
        let reasonStart = versionEnd + 4
        if reasonStart < line.upperBound {
            guard buffer[reasonStart] == HTTPByteRules.space else {
                throw .invalidStatusLine("expected a space after the status code")
            }
            reason = HTTPByteRules.string(buffer, (reasonStart + 1)..<line.upperBound)
        } else {
            reason = ""
        }
        status = code
    }

    private mutating func makeHead() throws(HTTPParseError) -> HTTPResponseHead {
        if block.hasTransferEncoding && block.contentLength != nil {
            throw .ambiguousFraming("both Content-Length and Transfer-Encoding")
        }
        let interim = status < 200 && status != 101
        let method = expectedMethods.first ?? "GET"
        if !interim && !expectedMethods.isEmpty { expectedMethods.removeFirst() }
        var keepAlive = version == .http1_1 ? !block.connectionClose : block.connectionKeepAlive && !block.connectionClose
        let framing: HTTPBodyFraming
        if status == 101 || (method == "CONNECT" && status / 100 == 2) {
            framing = .none
            keepAlive = false
        } else if method == "HEAD" || status < 200 || status == 204 || status == 304 {
            framing = .none
        } else if block.hasTransferEncoding {
            framing = block.chunkedIsLast ? .chunked : .untilClose
        } else if let length = block.contentLength {
            guard length <= limits.maxBodyBytes else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
            framing = .contentLength(length)
        } else {
            framing = .untilClose
        }
        if framing == .untilClose { keepAlive = false }
        return HTTPResponseHead(status: status, reason: reason, version: version, headers: block.headers,
                                framing: framing, keepAlive: keepAlive)
    }

    private static func statusLineError(_ fault: HTTPLineScanner.Fault, limits: HTTPLimits) -> HTTPParseError {
        switch fault {
        case .bareCR: .invalidStatusLine("bare CR in the status line")
        case .bareLF: .invalidStatusLine("status line ends in LF without CR")
        case .controlCharacter(let byte): .invalidStatusLine("control character 0x\(String(byte, radix: 16)) in the status line")
        case .tooLong: .invalidStatusLine("status line longer than \(limits.maxRequestLineBytes) bytes")
        }
    }
}
