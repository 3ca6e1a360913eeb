/// The request side of `HTTPMessageParser`: `method SP target SP HTTP/x.y`, up to 8 empty lines skipped before it,
/// and the request framing rules (one Host, only `chunked` as a transfer coding, no Transfer-Encoding in HTTP/1.0,
/// a declared body over `maxBodyBytes` refused right after the head). The rules are listed on `HTTPRequestParser`.
struct HTTPRequestLine: HTTPStartLine {
    /// The most empty lines skipped before a request line.
    static let maxLeadingEmptyLines = 8
    static let allowsTab = false

    private var leadingEmptyLines = 0
    private var method = ""
    private var target = ""
    private var version = HTTPVersion.http1_1

    mutating func read(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> Bool {
        if line.isEmpty {
            leadingEmptyLines += 1
            guard leadingEmptyLines <= Self.maxLeadingEmptyLines else {
                throw .invalidRequestLine("more than \(Self.maxLeadingEmptyLines) empty lines before the request line")
            }
            return false
        }
        leadingEmptyLines = 0
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
        return true
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

    func makeHead(_ block: HTTPFieldBlock, limits: HTTPLimits) throws(HTTPParseError) -> HTTPRequestHead {
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

    static let name = "request line"
    static func invalid(_ why: String) -> HTTPParseError { .invalidRequestLine(why) }
    static func tooLong(limit: Int) -> HTTPParseError { .requestLineTooLong(limit: limit) }
}
