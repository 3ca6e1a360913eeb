import GenetixNet
import Testing

/// One test per fuzzer finding (fuzz-http), each reproducing the input shape that failed.
@Suite struct HTTPParserFuzzRegressionTests {
    /// Finding 1: once the header block had used its whole byte budget, a read ending exactly at a line boundary made
    /// the line scanner index one byte past the buffer (out-of-bounds trap) instead of reporting 431.
    @Test func exhaustedHeaderBudgetAtAReadBoundary() {
        let limits = HTTPLimits(maxRequestLineBytes: 64, maxHeaderBytes: 20)
        let head = "GET / HTTP/1.1\r\nHost: aaaaaaaaaaaa\r\n"
        let input = Array((head + "X: y\r\n\r\n").utf8)
        let whole = HTTPParserDriver.parseRequests(input, limits: limits)
        let split = HTTPParserDriver.parseRequests(input, splits: [head.utf8.count], limits: limits)
        #expect(whole.error == .headersTooLarge(limit: 20))
        #expect(split == whole)
    }
}

/// Finding 2 (`docs/fuzz-findings/http-split-feeding-72ed42a6.bin`): once a header block had used its whole byte
/// budget, the line scanner said "too long" before it had seen a byte of the next line when that line started a
/// read, but "bare LF" when it saw the byte in the same read. Every parser that reads a field block shares the
/// scanner; each gets a test, fed whole, at the boundary and byte by byte.
@Suite struct HTTPFieldBlockBudgetRegressionTests {
    static let limits = HTTPLimits(maxRequestLineBytes: 64, maxHeaderBytes: 20)

    @Test func requestHeadersFullThenBareLF() {
        let head = "GET / HTTP/1.1\r\nHost: aaaaaaaaaaaa\r\n"
        let input = Array((head + "\n").utf8)
        let whole = HTTPParserDriver.parseRequests(input, limits: Self.limits)
        #expect(whole.error?.kind == "invalidHeader")
        #expect(HTTPParserDriver.parseRequests(input, splits: [head.utf8.count], limits: Self.limits) == whole)
        #expect(HTTPParserDriver.parseRequests(input, splits: HTTPParserDriver.bytewise(input), limits: Self.limits) == whole)
    }

    @Test func requestHeadersFullThenOrdinaryByteIsTooLarge() {
        let head = "GET / HTTP/1.1\r\nHost: aaaaaaaaaaaa\r\n"
        let input = Array((head + "\r\n").utf8)
        let whole = HTTPParserDriver.parseRequests(input, limits: Self.limits)
        #expect(whole.error == .headersTooLarge(limit: 20))
        #expect(HTTPParserDriver.parseRequests(input, splits: HTTPParserDriver.bytewise(input), limits: Self.limits) == whole)
    }

    @Test func responseHeadersFullThenBareLF() {
        let head = "HTTP/1.1 200 OK\r\nServer: aaaaaaaaaa\r\n"
        let input = Array((head + "\n").utf8)
        let whole = HTTPParserDriver.parseResponses(input, methods: ["GET"], limits: Self.limits)
        #expect(whole.error?.kind == "invalidHeader")
        #expect(HTTPParserDriver.parseResponses(input, methods: ["GET"], splits: [head.utf8.count], limits: Self.limits) == whole)
        #expect(HTTPParserDriver.parseResponses(input, methods: ["GET"], splits: HTTPParserDriver.bytewise(input),
                                                limits: Self.limits) == whole)
    }

    @Test func chunkedTrailersFullThenBareLF() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: " + String(repeating: "a", count: 27) + "\r\n"
        let limits = HTTPLimits(maxRequestLineBytes: 64, maxHeaderBytes: 40)
        let input = Array((head + "\n").utf8)
        let whole = HTTPParserDriver.parseRequests(input, limits: limits)
        #expect(whole.error?.kind == "invalidChunk" || whole.error?.kind == "invalidHeader", "\(String(describing: whole.error))")
        #expect(HTTPParserDriver.parseRequests(input, splits: [head.utf8.count], limits: limits) == whole)
        #expect(HTTPParserDriver.parseRequests(input, splits: HTTPParserDriver.bytewise(input), limits: limits) == whole)
    }

    /// The fuzzer's own input, replayed through the parser whole and in every split shape the fuzz harness uses.
    @Test func theFuzzFindingItself() throws {
        let input = Array(HTTPFuzzFindings.splitFeeding72ed42a6)
        let limits = HTTPLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 8, maxBodyBytes: 1024)
        let whole = HTTPParserDriver.parseRequests(input, limits: limits)
        #expect(whole.error != nil)
        #expect(HTTPParserDriver.parseRequests(input, splits: HTTPParserDriver.bytewise(input), limits: limits) == whole)
        for cut in 1..<input.count {
            #expect(HTTPParserDriver.parseRequests(input, splits: [cut], limits: limits) == whole, "split at \(cut)")
        }
    }
}
