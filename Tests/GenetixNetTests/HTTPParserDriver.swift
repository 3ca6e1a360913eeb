import GenetixNet

/// What feeding a parser some bytes produced: the messages (head, whole body, trailers) and the error, if any.
struct ParseOutcome<Head: Sendable & Equatable>: Equatable {
    struct Message: Equatable {
        var head: Head
        var body: [UInt8]
        var trailers: HTTPHeaders
        var complete: Bool
    }
    var messages: [Message] = []
    var error: HTTPParseError?

    /// Records one part.
    mutating func record(_ part: HTTPPart<Head>, trailers: HTTPHeaders) {
        switch part {
        case .head(let head): messages.append(Message(head: head, body: [], trailers: HTTPHeaders(), complete: false))
        case .body(let bytes): messages[messages.count - 1].body += bytes
        case .end:
            messages[messages.count - 1].complete = true
            messages[messages.count - 1].trailers = trailers
        }
    }
}

/// Feeds bytes to the parsers the way a connection loop does: a buffer that keeps unconsumed bytes, appends each
/// read, and compacts after every round. `splits` are the sizes of successive reads (the rest comes in one read).
enum HTTPParserDriver {
    static func parseRequests(_ input: [UInt8], splits: [Int] = [], limits: HTTPLimits = HTTPLimits(),
                              finish: Bool = true) -> ParseOutcome<HTTPRequestHead> {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = ParseOutcome<HTTPRequestHead>()
        var pending: [UInt8] = []
        do {
            for read in reads(input, splits) {
                pending += read
                var consumed = 0
                while let part = try pending.withUnsafeBytes({ bytes throws(HTTPParseError) in
                    try parser.next(bytes, consumed: &consumed)
                }) {
                    outcome.record(part, trailers: parser.trailers)
                }
                precondition(consumed <= pending.count, "parser consumed more than it was given")
                pending.removeFirst(consumed)
            }
            if finish { try parser.finish() }
        } catch {
            outcome.error = error as? HTTPParseError
        }
        return outcome
    }

    static func parseResponses(_ input: [UInt8], methods: [String], splits: [Int] = [],
                               limits: HTTPLimits = HTTPLimits()) -> ParseOutcome<HTTPResponseHead> {
        var parser = HTTPResponseParser(limits: limits)
        for method in methods { parser.expectResponse(toMethod: method) }
        var outcome = ParseOutcome<HTTPResponseHead>()
        var pending: [UInt8] = []
        func drain() throws {
            var consumed = 0
            while let part = try pending.withUnsafeBytes({ bytes throws(HTTPParseError) in
                try parser.next(bytes, consumed: &consumed)
            }) {
                outcome.record(part, trailers: parser.trailers)
            }
            pending.removeFirst(consumed)
        }
        do {
            for read in reads(input, splits) {
                pending += read
                try drain()
            }
            try parser.finish()
            try drain()
        } catch {
            outcome.error = error as? HTTPParseError
        }
        return outcome
    }

    /// The input cut into reads of the given sizes, the rest in one piece.
    static func reads(_ input: [UInt8], _ splits: [Int]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        for size in splits where offset < input.count {
            let end = min(input.count, offset + max(size, 1))
            result.append(Array(input[offset..<end]))
            offset = end
        }
        if offset < input.count { result.append(Array(input[offset...])) }
        return result
    }

    /// Splits of one byte each.
    static func bytewise(_ input: [UInt8]) -> [Int] { Array(repeating: 1, count: input.count) }
}

extension HTTPParseError {
    /// The case name, so tables can name the expected rejection.
    var kind: String {
        switch self {
        case .invalidRequestLine: "invalidRequestLine"
        case .invalidStatusLine: "invalidStatusLine"
        case .unsupportedVersion: "unsupportedVersion"
        case .invalidHeader: "invalidHeader"
        case .requestLineTooLong: "requestLineTooLong"
        case .headersTooLarge: "headersTooLarge"
        case .tooManyHeaders: "tooManyHeaders"
        case .bodyTooLarge: "bodyTooLarge"
        case .ambiguousFraming: "ambiguousFraming"
        case .invalidChunk: "invalidChunk"
        case .invalidContentLength: "invalidContentLength"
        case .truncated: "truncated"
        }
    }
}
