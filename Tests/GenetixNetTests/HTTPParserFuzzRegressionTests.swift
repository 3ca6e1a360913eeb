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
