import GenetixNet
import Testing

@Suite struct HTTPRequestParserTests {
    @Test(arguments: acceptedRequestCases + rejectedRequestCases)
    func conformance(_ testCase: RequestCase) throws {
        let outcome = HTTPParserDriver.parseRequests(testCase.bytes, limits: testCase.limits)
        switch testCase.outcome {
        case .rejected(let kind):
            let error = try #require(outcome.error, "expected \(kind), got \(outcome.messages.count) requests")
            #expect(error.kind == kind, "\(error)")
        case .requests(let expected):
            #expect(outcome.error == nil, "\(String(describing: outcome.error))")
            try #require(outcome.messages.count == expected.count)
            for (message, want) in zip(outcome.messages, expected) {
                #expect(message.complete)
                #expect(message.head.method == want.method)
                #expect(message.head.target == want.target)
                #expect(message.head.version == want.version)
                #expect(String(decoding: message.body, as: UTF8.self) == want.body)
                if let count = want.headerCount { #expect(message.head.headers.count == count) }
                if let field = want.field { #expect(message.head.headers[field.name] == field.value) }
                if let framing = want.framing { #expect(message.head.framing == framing) }
                if let keepAlive = want.keepAlive { #expect(message.head.keepAlive == keepAlive) }
                if let trailer = want.trailer { #expect(message.trailers[trailer.name] == trailer.value) }
            }
        }
    }

    /// Property: feeding one byte at a time, or in uneven reads, gives exactly what the whole buffer gives.
    @Test(arguments: acceptedRequestCases + rejectedRequestCases)
    func splitFeedingMatchesWholeBuffer(_ testCase: RequestCase) {
        let whole = HTTPParserDriver.parseRequests(testCase.bytes, limits: testCase.limits)
        let bytewise = HTTPParserDriver.parseRequests(testCase.bytes, splits: HTTPParserDriver.bytewise(testCase.bytes),
                                                      limits: testCase.limits)
        #expect(bytewise == whole)
        for pattern in [[2], [3, 1], [7, 5, 1], [16]] {
            let splits = Array(repeating: pattern, count: testCase.bytes.count).flatMap { $0 }
            #expect(HTTPParserDriver.parseRequests(testCase.bytes, splits: splits, limits: testCase.limits) == whole)
        }
    }

    @Test func conformanceTableIsLarge() {
        #expect(acceptedRequestCases.count + rejectedRequestCases.count >= 80)
    }

    @Test func statusCodesOfRejections() {
        #expect(HTTPParseError.requestLineTooLong(limit: 1).status == 431)
        #expect(HTTPParseError.headersTooLarge(limit: 1).status == 431)
        #expect(HTTPParseError.tooManyHeaders(limit: 1).status == 431)
        #expect(HTTPParseError.bodyTooLarge(limit: 1).status == 413)
        #expect(HTTPParseError.unsupportedVersion("HTTP/2.0").status == 505)
        #expect(HTTPParseError.ambiguousFraming("x").status == 400)
    }

    @Test func declaredBodyTooLargeIsRejectedBeforeAnyBodyByte() {
        var parser = HTTPRequestParser(limits: HTTPLimits(maxBodyBytes: 100))
        let head = Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n".utf8)
        var consumed = 0
        #expect(throws: HTTPParseError.bodyTooLarge(limit: 100)) {
            _ = try head.withUnsafeBytes { bytes throws(HTTPParseError) in try parser.next(bytes, consumed: &consumed) }
        }
    }

    @Test func largeBodyArrivesInSeveralParts() throws {
        let body = [UInt8](repeating: 0x61, count: 10_000)
        let input = Array("PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 10000\r\n\r\n".utf8) + body
        let outcome = HTTPParserDriver.parseRequests(input, splits: [100, 1000, 4000])
        #expect(outcome.error == nil)
        #expect(outcome.messages.first?.body == body)
    }

    @Test func idleStateTracksPartialRequests() throws {
        var parser = HTTPRequestParser()
        #expect(parser.isIdle)
        var consumed = 0
        let partial = Array("GET / HT".utf8)
        let part = try partial.withUnsafeBytes { bytes throws(HTTPParseError) in try parser.next(bytes, consumed: &consumed) }
        #expect(part == nil)
        #expect(consumed == 0)
        #expect(!parser.isIdle)
        #expect(throws: HTTPParseError.truncated) { try parser.finish() }

        var fresh = HTTPRequestParser()
        let full = Array("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
        consumed = 0
        var parts: [HTTPPart<HTTPRequestHead>] = []
        while let next = try full.withUnsafeBytes({ bytes throws(HTTPParseError) in try fresh.next(bytes, consumed: &consumed) }) {
            parts.append(next)
            if case .head = next { #expect(!fresh.isIdle) }
        }
        #expect(parts.count == 2)
        #expect(parts.last == .end)
        #expect(consumed == full.count)
        #expect(fresh.isIdle)
        try fresh.finish()
    }

    @Test func errorsAreSticky() {
        var parser = HTTPRequestParser()
        let bad = Array("GET / HTTP/1.1\nHost: a\r\n\r\n".utf8)
        var consumed = 0
        for _ in 0..<2 {
            #expect(throws: HTTPParseError.self) {
                _ = try bad.withUnsafeBytes { bytes throws(HTTPParseError) in try parser.next(bytes, consumed: &consumed) }
            }
        }
        #expect(!parser.isIdle)
    }

    @Test func headerFieldsKeepOrderAndCase() throws {
        let input = Array("GET / HTTP/1.1\r\nhost: a\r\nX-B: 1\r\nx-a: 2\r\nX-B: 3\r\n\r\n".utf8)
        let head = try #require(HTTPParserDriver.parseRequests(input).messages.first?.head)
        #expect(head.headers.fields.map(\.name) == ["host", "X-B", "x-a", "X-B"])
        #expect(head.headers.values("x-b") == ["1", "3"])
    }
}
