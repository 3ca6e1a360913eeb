import GenetixNet

/// The shared body of the HTTP parser fuzz targets (`fuzz-http`, `fuzz-http-response`, `fuzz-chunked`): each target's
/// `main.swift` only says which bytes it feeds and which parser reads them; the feeding and the checks live here.
///
/// The input is fed in one piece and in pseudo-random reads derived from the input (so a crash reproduces), and it
/// traps if an invariant breaks: `consumed` goes backwards or past the bytes given, a body part is empty, a message
/// body exceeds `maxBodyBytes`, the parser reports idle after an error, or split feeding gives another result than
/// the whole buffer (heads, bodies, trailers, the error).
public enum HTTPParserFuzzing {
    /// Small limits, so the fuzzer reaches every limit (431, 413) with short inputs.
    public static let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 1024)

    /// Runs `input` through parsers from `makeParser`, whole and split three ways, and traps on any broken invariant.
    /// `seedByte` with the fuzzer's input size seeds the split points.
    public static func check<Parser: FuzzableHTTPParser>(_ input: [UInt8], inputSize: Int, seedByte: UInt8,
                                                         makeParser: () -> Parser) {
        let whole = run(makeParser(), [input[...]])
        var seed = UInt64(inputSize) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(seedByte)
        for round in 0..<3 {
            var reads: [ArraySlice<UInt8>] = []
            var offset = 0
            while offset < input.count {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let length = round == 0 ? 1 : Int(seed >> 59) + 1
                let end = min(input.count, offset + length)
                reads.append(input[offset..<end])
                offset = end
            }
            let split = run(makeParser(), reads)
            precondition(split.0 == whole.0 && split.1 == whole.1, "split feeding differs from whole-buffer parsing")
        }
    }

    /// Parts (bodies merged per message) and the error, as a comparable transcript. After the last read the parser
    /// is told of EOF (`finish()`) and drained once more, so an until-close response body ends.
    private static func run<Parser: FuzzableHTTPParser>(_ parser: Parser, _ reads: [ArraySlice<UInt8>]) -> ([String], HTTPParseError?) {
        var parser = parser
        var transcript: [String] = []
        var body: [UInt8] = []
        var pending: [UInt8] = []
        func drain() throws {
            var consumed = 0
            while true {
                let before = consumed
                let part = try pending.withUnsafeBytes { bytes throws(HTTPParseError) in
                    try parser.next(bytes, consumed: &consumed)
                }
                precondition(consumed >= before && consumed <= pending.count, "consumed out of range")
                guard let part else { break }
                switch part {
                case .head(let head): transcript.append("head \(head)")
                case .body(let bytes):
                    precondition(!bytes.isEmpty, "empty body part")
                    body += bytes
                    precondition(body.count <= limits.maxBodyBytes, "body larger than maxBodyBytes delivered")
                case .end:
                    transcript.append("body \(body) trailers \(parser.trailers.fields.map { "\($0.name)=\($0.value)" })")
                    transcript.append("end")
                    body = []
                }
            }
            pending.removeFirst(consumed)
        }
        do {
            for read in reads {
                pending += read
                try drain()
            }
            try parser.finish()
            try drain()
            return (transcript + ["body \(body)"], nil)
        } catch let error as HTTPParseError {
            precondition(!parser.isIdle, "idle after an error")
            return (transcript, error)
        } catch {
            preconditionFailure("unexpected error type \(error)")
        }
    }
}

/// What the fuzz harness drives: `HTTPRequestParser` and `HTTPResponseParser`.
public protocol FuzzableHTTPParser: Sendable {
    /// The head the parser yields (`HTTPRequestHead`, `HTTPResponseHead`).
    associatedtype Head: Sendable & Equatable
    /// The next part from `buffer[consumed...]`, or nil when more bytes are needed.
    mutating func next(_ buffer: UnsafeRawBufferPointer, consumed: inout Int) throws(HTTPParseError) -> HTTPPart<Head>?
    /// The peer closed the connection.
    mutating func finish() throws(HTTPParseError)
    /// Between messages with no byte of a next one seen.
    var isIdle: Bool { get }
    /// The trailer fields of the last chunked message.
    var trailers: HTTPHeaders { get }
}

extension HTTPRequestParser: FuzzableHTTPParser {}
extension HTTPResponseParser: FuzzableHTTPParser {}
