import GenetixNet
import Testing

/// A response conformance case: raw bytes and the methods of the requests they answer, the responses
/// (status, body, framing) or the rejection expected. Ported from nodejs/llhttp test/response/*.md.
struct ResponseCase: Sendable, CustomStringConvertible {
    struct Expected: Sendable {
        var status: Int
        var body: String = ""
        var framing: HTTPBodyFraming?
        var keepAlive: Bool?
        var reason: String?
    }
    var name: String
    var raw: String
    var methods: [String]
    var responses: [Expected]
    var rejection: String?
    var limits = HTTPLimits()

    var description: String { name }
    var bytes: [UInt8] { Array(raw.utf8) }

    init(_ name: String, _ raw: String, methods: [String] = ["GET"], _ responses: Expected..., rejection: String? = nil,
         limits: HTTPLimits = HTTPLimits()) {
        self.name = name
        self.raw = raw
        self.methods = methods
        self.responses = responses
        self.rejection = rejection
        self.limits = limits
    }
}

private typealias R = ResponseCase.Expected

let responseCases: [ResponseCase] = [
    ResponseCase("llhttp sample: simple response", "HTTP/1.1 200 OK\r\nHeader1: Value1\r\nHeader2:\t Value2\r\nContent-Length: 0\r\n\r\n",
                 R(status: 200, framing: .contentLength(0), keepAlive: true, reason: "OK")),
    ResponseCase("llhttp sample: RTSP response", "RTSP/1.1 200 OK\r\n\r\n", rejection: "invalidStatusLine"),
    ResponseCase("llhttp sample: HTTPER", "HTTPER/1.1 200 OK\r\n\r\n", rejection: "invalidStatusLine"),
    ResponseCase("llhttp sample: empty body until close", "HTTP/1.1 200 OK\r\n\r\n", R(status: 200, framing: .untilClose, keepAlive: false)),
    ResponseCase("llhttp sample: Google 301 with padded Content-Length", "HTTP/1.1 301 Moved Permanently\r\nLocation: http://www.google.com/\r\nX-$PrototypeBI-Version: 1.6.0.3\r\nContent-Length:  5  \r\n\r\nhello",
                 R(status: 301, body: "hello", framing: .contentLength(5), reason: "Moved Permanently")),
    ResponseCase("llhttp sample: amazon chunked", "HTTP/1.1 301 MovedPermanently\r\nVary: Accept-Encoding,User-Agent\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n\n\r\n0\r\n\r\n",
                 R(status: 301, body: "\n", framing: .chunked, keepAlive: true)),
    ResponseCase("llhttp sample: 404 no headers no body", "HTTP/1.1 404 Not Found\r\n\r\n", R(status: 404, framing: .untilClose, reason: "Not Found")),
    ResponseCase("llhttp sample: no reason phrase", "HTTP/1.1 301\r\nContent-Length: 0\r\n\r\n", R(status: 301, reason: "")),
    ResponseCase("llhttp sample: empty reason phrase after space", "HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n", R(status: 200, reason: "")),
    ResponseCase("llhttp sample: no carriage return", "HTTP/1.1 200 OK\nContent-Type: text/html\n\nbody", rejection: "invalidStatusLine"),
    ResponseCase("llhttp sample: underscore in header key", "HTTP/1.1 200 OK\r\nDCLK_imp: v7;x;114750856\r\nContent-Length: 0\r\n\r\n", R(status: 200)),
    ResponseCase("llhttp sample: bonjourmadame empty value, HTTP/1.0 keep-alive", "HTTP/1.0 301 Moved Permanently\r\nPragma: \r\nLocation: http://www.bonjourmadame.fr/\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n",
                 R(status: 301, keepAlive: true)),
    ResponseCase("llhttp sample: chunked with Connection: close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", R(status: 200, framing: .chunked, keepAlive: false)),
    ResponseCase("HTTP/1.0 without keep-alive", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi", R(status: 200, body: "hi", keepAlive: false)),
    ResponseCase("until close body", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthese bytes end at EOF", R(status: 200, body: "these bytes end at EOF", framing: .untilClose, keepAlive: false)),
    ResponseCase("HEAD response ignores Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", methods: ["HEAD", "GET"],
                 R(status: 200, framing: HTTPBodyFraming.none, keepAlive: true), R(status: 204, framing: HTTPBodyFraming.none)),
    ResponseCase("HEAD response ignores chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", methods: ["HEAD"], R(status: 200, framing: HTTPBodyFraming.none)),
    ResponseCase("204 has no body", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", R(status: 204, framing: HTTPBodyFraming.none)),
    ResponseCase("304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", methods: ["GET", "GET"],
                 R(status: 304, framing: HTTPBodyFraming.none), R(status: 200, body: "x")),
    ResponseCase("100 Continue then the final response", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", methods: ["POST"],
                 R(status: 100, framing: HTTPBodyFraming.none), R(status: 200, body: "ok")),
    ResponseCase("103 Early Hints keeps the HEAD expectation", "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", methods: ["HEAD"],
                 R(status: 103), R(status: 200, framing: HTTPBodyFraming.none)),
    ResponseCase("101 Switching Protocols ends HTTP", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                 R(status: 101, framing: HTTPBodyFraming.none, keepAlive: false)),
    ResponseCase("2xx to CONNECT is a tunnel", "HTTP/1.1 200 Connection Established\r\n\r\n", methods: ["CONNECT"], R(status: 200, framing: HTTPBodyFraming.none, keepAlive: false)),
    ResponseCase("pipelined responses", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nb\r\n0\r\n\r\n", methods: ["GET", "GET"],
                 R(status: 200, body: "a"), R(status: 200, body: "b")),
    ResponseCase("llhttp te: chunked with trailers", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n", R(status: 200, body: "hello")),
    ResponseCase("llhttp te: chunked not last reads until close", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nraw", R(status: 200, body: "raw", framing: .untilClose, keepAlive: false)),
    ResponseCase("gzip, chunked is chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nzz\r\n0\r\n\r\n", R(status: 200, body: "zz", framing: .chunked)),
    ResponseCase("llhttp content-length: with Transfer-Encoding", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", rejection: "ambiguousFraming"),
    ResponseCase("differing Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", rejection: "ambiguousFraming"),
    ResponseCase("llhttp content-length: invalid", "HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\nhello", rejection: "invalidContentLength"),
    ResponseCase("llhttp invalid: obs-fold", "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 0\r\n\r\n", rejection: "invalidHeader"),
    ResponseCase("whitespace before colon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", rejection: "invalidHeader"),
    ResponseCase("bare CR in a field", "HTTP/1.1 200 OK\r\nX: a\rb\r\nContent-Length: 0\r\n\r\n", rejection: "invalidHeader"),
    ResponseCase("bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", rejection: "invalidChunk"),
    ResponseCase("chunk without CRLF after data", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n", rejection: "invalidChunk"),
    ResponseCase("two-digit status code", "HTTP/1.1 20 OK\r\n\r\n", rejection: "invalidStatusLine"),
    ResponseCase("status code below 100", "HTTP/1.1 099 Odd\r\n\r\n", rejection: "invalidStatusLine"),
    ResponseCase("HTTP/2.0 status line", "HTTP/2.0 200 OK\r\n\r\n", rejection: "unsupportedVersion"),
    ResponseCase("truncated Content-Length body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", rejection: "truncated"),
    ResponseCase("truncated head", "HTTP/1.1 200 OK\r\nContent-", rejection: "truncated"),
    ResponseCase("declared body over the limit", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n", rejection: "bodyTooLarge",
                 limits: HTTPLimits(maxBodyBytes: 10)),
    ResponseCase("until-close body over the limit", "HTTP/1.1 200 OK\r\n\r\n0123456789A", rejection: "bodyTooLarge",
                 limits: HTTPLimits(maxBodyBytes: 10)),
]

@Suite struct HTTPResponseParserTests {
    @Test(arguments: responseCases)
    func conformance(_ testCase: ResponseCase) throws {
        let outcome = HTTPParserDriver.parseResponses(testCase.bytes, methods: testCase.methods, limits: testCase.limits)
        if let rejection = testCase.rejection {
            let error = try #require(outcome.error)
            #expect(error.kind == rejection, "\(error)")
            return
        }
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        try #require(outcome.messages.count == testCase.responses.count)
        for (message, want) in zip(outcome.messages, testCase.responses) {
            #expect(message.complete)
            #expect(message.head.status == want.status)
            #expect(String(decoding: message.body, as: UTF8.self) == want.body)
            if let framing = want.framing { #expect(message.head.framing == framing) }
            if let keepAlive = want.keepAlive { #expect(message.head.keepAlive == keepAlive) }
            if let reason = want.reason { #expect(message.head.reason == reason) }
        }
    }

    @Test(arguments: responseCases)
    func splitFeedingMatchesWholeBuffer(_ testCase: ResponseCase) {
        let whole = HTTPParserDriver.parseResponses(testCase.bytes, methods: testCase.methods, limits: testCase.limits)
        let bytewise = HTTPParserDriver.parseResponses(testCase.bytes, methods: testCase.methods,
                                                       splits: HTTPParserDriver.bytewise(testCase.bytes), limits: testCase.limits)
        #expect(bytewise.error == whole.error)
        #expect(bytewise.messages.map(\.head) == whole.messages.map(\.head))
        #expect(bytewise.messages.map(\.body) == whole.messages.map(\.body))
    }

    @Test func untilCloseEndsOnlyAfterFinish() throws {
        var parser = HTTPResponseParser()
        parser.expectResponse(toMethod: "GET")
        let bytes = Array("HTTP/1.1 200 OK\r\n\r\npartial".utf8)
        var consumed = 0
        var parts: [HTTPPart<HTTPResponseHead>] = []
        while let part = try bytes.withUnsafeBytes({ raw throws(HTTPParseError) in try parser.next(raw, consumed: &consumed) }) {
            parts.append(part)
        }
        #expect(parts.count == 2)
        #expect(parts.last == .body(Array("partial".utf8)))
        try parser.finish()
        let empty: [UInt8] = []
        consumed = 0
        let last = try empty.withUnsafeBytes { raw throws(HTTPParseError) in try parser.next(raw, consumed: &consumed) }
        #expect(last == .end)
        #expect(parser.isIdle)
    }

    @Test func trailersAreAvailableAfterEnd() throws {
        let outcome = HTTPParserDriver.parseResponses(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\nX-Sum: 7\r\n\r\n".utf8),
                                                      methods: ["GET"])
        let message = try #require(outcome.messages.first)
        #expect(message.trailers["x-sum"] == "7")
    }
}
