/// The one incremental HTTP/1.1 message parser behind `HTTPRequestParser` and `HTTPResponseParser`: start line,
/// header block, body, as swift-nio's one `HTTPDecoder` serves both directions.
///
/// `StartLine` says what differs between a request and a response: how the start line reads and how the head's
/// body framing is decided. Everything else — the CRLF line scanner, the header-block byte and field limits
/// (431), the field-line checks of `HTTPFieldBlock`, the body reader, pipelining and the sticky error — exists
/// only here. It keeps only counters and owned values between calls, never indices into the caller's buffer.
struct HTTPMessageParser<StartLine: HTTPStartLine>: Sendable {
    private enum Phase: Sendable {
        case startLine
        case headers
        case body
    }

    private let limits: HTTPLimits
    /// The start line's reader and what it read; the fronts reach into it (the response's method expectations).
    var startLine: StartLine
    private var phase = Phase.startLine
    private var lines = HTTPLineScanner()
    private var hasPartialBytes = false
    private var block = HTTPFieldBlock()
    private var body = HTTPBodyReader(framing: .none, limits: HTTPLimits())
    private var failure: HTTPParseError?
    private var completedTrailers = HTTPHeaders()

    init(limits: HTTPLimits, startLine: StartLine) {
        self.limits = limits
        self.startLine = startLine
    }

    /// Whether the parser is between messages with no byte of a next one seen (skipped empty lines aside).
    var isIdle: Bool { failure == nil && phase == .startLine && !hasPartialBytes }

    /// The trailer fields of the last chunked message, valid after its `.end` (empty for other bodies).
    var trailers: HTTPHeaders { completedTrailers }

    /// Parses from `buffer[consumed...]`, advances `consumed` past what it used, and returns the next part,
    /// or nil when it needs more bytes. After an error every later call throws the same error.
    mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<StartLine.Head>? {
        if let failure { throw failure }
        do {
            return try step(buffer, consumed: &consumed)
        } catch {
            failure = error
            throw error
        }
    }

    /// Tells the parser the peer closed the connection. An until-close body is then complete (the next call to
    /// `next` returns its `.end`); a message cut short throws `.truncated`.
    mutating func finish() throws(HTTPParseError) {
        if let failure { throw failure }
        switch phase {
        case .startLine where !hasPartialBytes: return
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

    private mutating func step(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<StartLine.Head>? {
        while true {
            switch phase {
            case .startLine:
                let cr: Int?
                do {
                    cr = try lines.nextLine(buffer, from: consumed, maxLength: limits.maxRequestLineBytes,
                                            allowTab: StartLine.allowsTab)
                } catch {
                    throw Self.startLineError(error, limits: limits)
                }
                guard let cr else {
                    hasPartialBytes = consumed < buffer.count
                    return nil
                }
                let line = consumed..<cr
                consumed = cr + 2
                guard try startLine.read(buffer, line) else { continue }
                hasPartialBytes = true
                phase = .headers
            case .headers:
                switch try block.readLine(buffer, consumed: &consumed, lines: &lines, limits: limits, what: "header") {
                case .needsMoreBytes: return nil
                case .field: continue
                case .end:
                    let head = try startLine.makeHead(block, limits: limits)
                    body = HTTPBodyReader(framing: head.framing, limits: limits)
                    phase = .body
                    return .head(head)
                }
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

    /// Maps a scanner fault in the start line to the parse error, in the start line's own words.
    private static func startLineError(_ fault: HTTPLineScanner.Fault, limits: HTTPLimits) -> HTTPParseError {
        let name = StartLine.name
        switch fault {
        case .bareCR: return StartLine.invalid("bare CR in the \(name)")
        case .bareLF: return StartLine.invalid("\(name) ends in LF without CR")
        case .controlCharacter(let byte): return StartLine.invalid("control character 0x\(String(byte, radix: 16)) in the \(name)")
        case .tooLong: return StartLine.tooLong(limit: limits.maxRequestLineBytes)
        }
    }

    private mutating func reset() {
        phase = .startLine
        lines.reset()
        hasPartialBytes = false
        block = HTTPFieldBlock()
        body = HTTPBodyReader(framing: .none, limits: limits)
    }
}

/// What `HTTPMessageParser` needs to know about one direction: how its start line reads and how its head is made.
protocol HTTPStartLine: Sendable {
    associatedtype Head: HTTPFramedHead
    /// Whether HTAB may appear in the start line (a response's reason phrase may hold it; a request line may not).
    static var allowsTab: Bool { get }
    /// What the start line is called in error messages ("request line", "status line").
    static var name: String { get }
    /// The error for a malformed start line, saying `why`.
    static func invalid(_ why: String) -> HTTPParseError
    /// The error for a start line longer than `limit` bytes.
    static func tooLong(limit: Int) -> HTTPParseError
    /// Reads the start line `buffer[line]` (CRLF excluded); returns false when the line is skipped instead
    /// (an empty line before a request line).
    mutating func read(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> Bool
    /// The head from the start line read last and the complete header `block`, with its body framing decided.
    mutating func makeHead(_ block: HTTPFieldBlock, limits: HTTPLimits) throws(HTTPParseError) -> Head
}

/// A parsed head that says how its body is framed.
protocol HTTPFramedHead: Sendable, Equatable {
    var framing: HTTPBodyFraming { get }
}

extension HTTPRequestHead: HTTPFramedHead {}
extension HTTPResponseHead: HTTPFramedHead {}
