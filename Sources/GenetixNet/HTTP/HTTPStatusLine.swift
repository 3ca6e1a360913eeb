/// The response side of `HTTPMessageParser`: `HTTP/1.x SP 3DIGIT [SP reason]` and the response framing rules of
/// RFC 9112 §6.3, with responses matched first-in, first-out to the methods they answer. The rules are listed on
/// `HTTPResponseParser`.
struct HTTPStatusLine: HTTPStartLine {
    static let allowsTab = true

    /// The methods of the requests sent and not yet answered by a final response, oldest first.
    var expectedMethods: [String] = []
    private var status = 0
    private var reason = ""
    private var version = HTTPVersion.http1_1

    /// `HTTP/1.x SP 3DIGIT [SP reason]`; the reason may be empty and may hold HTAB, SP, VCHAR and obs-text.
    mutating func read(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> Bool {
        guard line.count >= 12 else {
            throw .invalidStatusLine("\"\(HTTPByteRules.string(buffer, line).prefix(40))\" is too short")
        }
        let versionEnd = line.lowerBound + 8
        do {
            version = try HTTPRequestLine.parseVersion(buffer, line.lowerBound..<versionEnd)
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
        return true
    }

    mutating func makeHead(_ block: HTTPFieldBlock, limits: HTTPLimits) throws(HTTPParseError) -> HTTPResponseHead {
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

    static let name = "status line"
    static func invalid(_ why: String) -> HTTPParseError { .invalidStatusLine(why) }
    static func tooLong(limit: Int) -> HTTPParseError { .invalidStatusLine("status line longer than \(limit) bytes") }
}
