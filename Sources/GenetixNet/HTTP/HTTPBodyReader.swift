/// Reads a message body after its head: fixed length, chunked (with extensions and trailers) or until close.
///
/// Like the parsers it keeps only counters and state, never indices into the caller's buffer.
struct HTTPBodyReader: Sendable {
    /// Longest chunk-size line (size and extensions) accepted, in bytes.
    static let maxChunkLineBytes = 4096

    /// What the reader produced.
    enum Event: Sendable, Equatable {
        case body([UInt8])
        case end
    }

    private enum State: Sendable, Equatable {
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case complete
    }

    private var state: State
    private var lines = HTTPLineScanner()
    private var chunkedTotal = 0
    private var trailerBlock = HTTPFieldBlock()
    private let limits: HTTPLimits

    /// The trailer fields of a chunked body, complete once `.end` was produced.
    var trailers: HTTPHeaders { trailerBlock.headers }

    /// Whether the body is complete (`.end` is due or was produced).
    var isComplete: Bool { state == .complete }

    init(framing: HTTPBodyFraming, limits: HTTPLimits) {
        self.limits = limits
        switch framing {
        case .none: state = .complete
        case .contentLength(let length): state = length == 0 ? .complete : .fixed(remaining: length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .untilClose
        }
    }

    /// Marks an until-close body as complete (the peer closed); other bodies are truncated.
    mutating func finish() throws(HTTPParseError) {
        switch state {
        case .untilClose: state = .complete
        case .complete: break
        default: throw .truncated
        }
    }

    /// The next body event from `buffer[consumed...]`, or nil when more bytes are needed.
    mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> Event? {
        while true {
            let available = buffer.count - consumed
            switch state {
            case .complete:
                return .end
            case .fixed(let remaining):
                guard available > 0 else { return nil }
                let take = min(available, remaining)
                let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[consumed..<(consumed + take)]))
                consumed += take
                state = take == remaining ? .complete : .fixed(remaining: remaining - take)
                return .body(bytes)
            case .untilClose:
                guard available > 0 else { return nil }
                let take = min(available, limits.maxBodyBytes - chunkedTotal)
                guard take > 0 else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
                chunkedTotal += take
                let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[consumed..<(consumed + take)]))
                consumed += take
                return .body(bytes)
            case .chunkData(let remaining):
                guard available > 0 else { return nil }
                let take = min(available, remaining)
                let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer[consumed..<(consumed + take)]))
                consumed += take
                state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
                return .body(bytes)
            case .chunkDataEnd:
                if available >= 1 && buffer[consumed] != HTTPByteRules.cr
                    || available >= 2 && buffer[consumed + 1] != HTTPByteRules.lf {
                    throw .invalidChunk("chunk data is not followed by CRLF (chunk longer than its declared size?)")
                }
                guard available >= 2 else { return nil }
                consumed += 2
                state = .chunkSize
            case .chunkSize:
                let cr: Int?
                do {
                    cr = try lines.nextLine(buffer, from: consumed, maxLength: Self.maxChunkLineBytes, allowTab: true)
                } catch {
                    throw Self.chunkLineError(error)
                }
                guard let cr else { return nil }
                let size = try parseChunkLine(buffer, consumed..<cr)
                consumed = cr + 2
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .trailers:
                switch try trailerBlock.readLine(buffer, consumed: &consumed, lines: &lines, limits: limits, what: "trailer") {
                case .needsMoreBytes: return nil
                case .end:
                    state = .complete
                    return .end
                case .field: break
                }
                if trailerBlock.contentLength != nil || trailerBlock.hasTransferEncoding {
                    throw .ambiguousFraming("Content-Length or Transfer-Encoding in the trailer of a chunked body")
                }
            }
        }
    }

    /// `chunk-size [ chunk-ext ]`: hex digits, then `;name[=token|quoted-string]` extensions with optional BWS.
    private mutating func parseChunkLine(_ buffer: UnsafeRawBufferPointer, _ line: Range<Int>) throws(HTTPParseError) -> Int {
        var index = line.lowerBound
        var size: UInt64 = 0
        while index < line.upperBound, let digit = HTTPByteRules.hexValue(buffer[index]) {
            guard index - line.lowerBound < 16 else { throw .invalidChunk("chunk size has more than 16 hex digits") }
            size = size << 4 | digit
            index += 1
        }
        guard index > line.lowerBound else {
            throw .invalidChunk("chunk size \"\(HTTPByteRules.string(buffer, line).prefix(40))\" is not a hex number")
        }
        guard size <= UInt64(Int.max) else { throw .invalidChunk("chunk size overflows") }
        try Self.validateExtensions(buffer, index..<line.upperBound)
        let length = Int(size)
        guard length <= limits.maxBodyBytes - chunkedTotal else { throw .bodyTooLarge(limit: limits.maxBodyBytes) }
        chunkedTotal += length
        return length
    }

    private static func validateExtensions(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTPParseError) {
        var index = range.lowerBound
        let end = range.upperBound
        func skipWhitespace() { while index < end, HTTPByteRules.isWhitespace(buffer[index]) { index += 1 } }
        func token() -> Bool {
            let start = index
            while index < end, HTTPByteRules.isToken(buffer[index]) { index += 1 }
            return index > start
        }
        while true {
            skipWhitespace()
            guard index < end else { return }
            guard buffer[index] == 0x3B else { throw .invalidChunk("invalid character after the chunk size") }
            index += 1
            skipWhitespace()
            guard token() else { throw .invalidChunk("chunk extension without a name") }
            skipWhitespace()
            guard index < end, buffer[index] == 0x3D else { continue }
            index += 1
            skipWhitespace()
            if index < end, buffer[index] == 0x22 {
                index += 1
                var closed = false
                while index < end {
                    let byte = buffer[index]
                    index += 1
                    if byte == 0x22 { closed = true; break }
                    if byte == 0x5C {
                        guard index < end else { break }
                        index += 1
                    }
                }
                guard closed else { throw .invalidChunk("unterminated quoted chunk extension value") }
            } else if !token() {
                throw .invalidChunk("chunk extension with an empty value")
            }
        }
    }

    private static func chunkLineError(_ fault: HTTPLineScanner.Fault) -> HTTPParseError {
        switch fault {
        case .bareCR: .invalidChunk("bare CR in a chunk size line")
        case .bareLF: .invalidChunk("chunk size line ends in LF without CR")
        case .controlCharacter(let byte): .invalidChunk("control character 0x\(String(byte, radix: 16)) in a chunk size line")
        case .tooLong: .invalidChunk("chunk size line (with extensions) longer than \(maxChunkLineBytes) bytes")
        }
    }
}
