/// The field lines of one header block (or trailer block) as they are parsed, with what framing needs to know.
///
/// Content-Length, Transfer-Encoding, Host and Connection are checked from the raw bytes as each line arrives,
/// so deciding the framing at the end of the block costs no second pass and no string comparisons.
struct HTTPFieldBlock: Sendable {
    /// The field lines so far.
    private(set) var headers = HTTPHeaders()
    /// Bytes of the block so far, CRLFs included.
    var byteCount = 0
    /// The single Content-Length value (identical repeats are merged), if any.
    private(set) var contentLength: Int?
    /// Whether any Transfer-Encoding line was seen.
    private(set) var hasTransferEncoding = false
    /// Whether the transfer codings end with `chunked`.
    private(set) var chunkedIsLast = false
    /// The first transfer coding other than `chunked`, for error messages.
    private(set) var otherCoding: String?
    private(set) var hostCount = 0
    private(set) var connectionClose = false
    private(set) var connectionKeepAlive = false

    /// An empty block. It allocates nothing until its first field (most trailer blocks never get one; a parser
    /// makes a fresh block for every message).
    init() {}

    /// What reading one more line of a block gave.
    enum LineOutcome: Sendable, Equatable {
        /// The line is not complete yet: call again with more bytes.
        case needsMoreBytes
        /// A field line was added.
        case field
        /// The empty line that ends the block.
        case end
    }

    /// Reads the next line of the block from `buffer[consumed...]` with `lines` and advances `consumed` past it,
    /// enforcing the block's limits (`maxHeaderBytes` for the whole block, CRLFs included, and `maxHeaderCount`
    /// fields: 431). `what` names the block in error messages ("header", "trailer").
    mutating func readLine(_ buffer: UnsafeRawBufferPointer, consumed: inout Int, lines: inout HTTPLineScanner,
                           limits: HTTPLimits, what: String) throws(HTTPParseError) -> LineOutcome {
        let budget = limits.maxHeaderBytes - byteCount - 2
        let cr: Int?
        do {
            cr = try lines.nextLine(buffer, from: consumed, maxLength: budget, allowTab: true)
        } catch {
            throw Self.lineError(error, limits: limits, what: what)
        }
        guard let cr else { return .needsMoreBytes }
        let line = consumed..<cr
        consumed = cr + 2
        if line.isEmpty { return .end }
        byteCount += line.count + 2
        try add(buffer, line: line, maxCount: limits.maxHeaderCount)
        return .field
    }

    /// Maps a scanner fault in a header or trailer line to the parse error.
    private static func lineError(_ fault: HTTPLineScanner.Fault, limits: HTTPLimits, what: String) -> HTTPParseError {
        switch fault {
        case .bareCR: .invalidHeader("bare CR in a \(what) line (lines must end in CRLF)")
        case .bareLF: .invalidHeader("\(what) line ends in LF without CR")
        case .controlCharacter(let byte): .invalidHeader("control character 0x\(String(byte, radix: 16)) in a \(what) line")
        case .tooLong: .headersTooLarge(limit: limits.maxHeaderBytes)
        }
    }

    /// Parses one field line `buffer[line]` (CRLF excluded but present after it, control characters already rejected
    /// by the scanner).
    mutating func add(_ buffer: UnsafeRawBufferPointer, line: Range<Int>, maxCount: Int) throws(HTTPParseError) {
        guard let first = line.first.map({ buffer[$0] }) else { return }
        if HTTPByteRules.isWhitespace(first) {
            throw .invalidHeader("a field line starts with whitespace (obs-fold line folding is not accepted)")
        }
        var colon = line.lowerBound
        while colon < line.upperBound, HTTPByteRules.isToken(buffer[colon]) { colon += 1 }
        guard colon < line.upperBound else {
            throw .invalidHeader("field line \"\(HTTPByteRules.string(buffer, line).prefix(40))\" has no colon")
        }
        let stopper = buffer[colon]
        if stopper != HTTPByteRules.colon {
            let name = HTTPByteRules.string(buffer, line.lowerBound..<colon).prefix(40)
            if HTTPByteRules.isWhitespace(stopper) {
                throw .invalidHeader("whitespace between field name \"\(name)\" and the colon")
            }
            throw .invalidHeader("invalid character 0x\(String(stopper, radix: 16)) in field name \"\(name)\"")
        }
        let nameRange = line.lowerBound..<colon
        guard !nameRange.isEmpty else { throw .invalidHeader("empty field name") }
        guard headers.count < maxCount else { throw .tooManyHeaders(limit: maxCount) }
        let valueRange = HTTPByteRules.trimmed(buffer, (colon + 1)..<line.upperBound)
        try inspect(buffer, name: nameRange, value: valueRange)
        if valueRange.lowerBound == colon + 2, line.upperBound + 2 <= buffer.count, buffer[colon + 1] == HTTPByteRules.space, valueRange.upperBound == line.upperBound {
            // Already in wire form (`name: value` and the CRLF after it, as nearly every sender writes): copied whole.
            headers.addParsedLine(UnsafeRawBufferPointer(rebasing: buffer[line.lowerBound..<(line.upperBound + 2)]),
                                  nameCount: nameRange.count, valueCount: valueRange.count)
        } else {
            headers.addParsed(name: UnsafeRawBufferPointer(rebasing: buffer[nameRange]),
                              value: UnsafeRawBufferPointer(rebasing: buffer[valueRange]))
        }
    }

    private mutating func inspect(_ buffer: UnsafeRawBufferPointer, name: Range<Int>, value: Range<Int>) throws(HTTPParseError) {
        switch name.count {
        case 4 where HTTPByteRules.equalsIgnoringCase(buffer, name, "host"):
            hostCount += 1
        case 10 where HTTPByteRules.equalsIgnoringCase(buffer, name, "connection"):
            try HTTPByteRules.forEachListElement(buffer, value) { element throws(HTTPParseError) in
                if HTTPByteRules.equalsIgnoringCase(buffer, element, "close") { connectionClose = true }
                if HTTPByteRules.equalsIgnoringCase(buffer, element, "keep-alive") { connectionKeepAlive = true }
            }
        case 14 where HTTPByteRules.equalsIgnoringCase(buffer, name, "content-length"):
            let length = try Self.parseContentLength(buffer, value)
            if let previous = contentLength, previous != length {
                throw .ambiguousFraming("two Content-Length fields with different values (\(previous) and \(length))")
            }
            contentLength = length
        case 17 where HTTPByteRules.equalsIgnoringCase(buffer, name, "transfer-encoding"):
            hasTransferEncoding = true
            guard !value.isEmpty else { throw .ambiguousFraming("empty Transfer-Encoding field") }
            try HTTPByteRules.forEachListElement(buffer, value) { element throws(HTTPParseError) in
                guard !element.isEmpty else {
                    throw .ambiguousFraming("empty element in Transfer-Encoding \"\(HTTPByteRules.string(buffer, value))\"")
                }
                if HTTPByteRules.equalsIgnoringCase(buffer, element, "chunked") {
                    if chunkedSeen { throw .ambiguousFraming("Transfer-Encoding applies chunked twice") }
                    chunkedSeen = true
                    chunkedIsLast = true
                } else {
                    chunkedIsLast = false
                    if otherCoding == nil { otherCoding = HTTPByteRules.string(buffer, element) }
                }
            }
        default:
            break
        }
    }

    /// Whether `chunked` appeared in any Transfer-Encoding element.
    private var chunkedSeen = false

    /// Strict Content-Length: one or more digits, nothing else (no sign, no list, no spaces), no overflow.
    static func parseContentLength(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTPParseError) -> Int {
        guard !range.isEmpty else { throw .invalidContentLength("\"\" (empty)") }
        var total = 0
        for index in range {
            let byte = buffer[index]
            guard byte >= 0x30 && byte <= 0x39 else {
                throw .invalidContentLength("\"\(HTTPByteRules.string(buffer, range).prefix(40))\" (only digits are allowed)")
            }
            let (times10, overflow1) = total.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(byte - 0x30))
            if overflow1 || overflow2 {
                throw .invalidContentLength("\"\(HTTPByteRules.string(buffer, range).prefix(40))\" (too large)")
            }
            total = sum
        }
        return total
    }
}
