import GenetixNet
import Testing

@Suite struct HTTPSerializerTests {
    @Test func responseHeadRoundTripsThroughTheParser() throws {
        let head = HTTPResponseHead(status: 201, headers: ["Content-Type": "application/json", "X-Id": "7"], framing: .contentLength(2))
        var bytes: [UInt8] = []
        HTTPSerializer.responseHead(head, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self)
            == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Id: 7\r\nContent-Length: 2\r\n\r\n")
        bytes += Array("{}".utf8)
        let parsed = try #require(HTTPParserDriver.parseResponses(bytes, methods: ["POST"]).messages.first)
        #expect(parsed.head.status == 201)
        #expect(parsed.head.headers["x-id"] == "7")
        #expect(parsed.body == Array("{}".utf8))
    }

    @Test func requestHeadWithChunkedBodyRoundTrips() throws {
        let head = HTTPRequestHead(method: "POST", target: "/upload?x=1", headers: ["Host": "example"], framing: .chunked, keepAlive: false)
        var bytes: [UInt8] = []
        HTTPSerializer.requestHead(head, into: &bytes)
        HTTPSerializer.chunk(Array("hello ".utf8), into: &bytes)
        HTTPSerializer.chunk([UInt8](), into: &bytes)
        HTTPSerializer.chunk(Array(repeating: 0x78, count: 300), into: &bytes)
        bytes += HTTPSerializer.lastChunk
        let outcome = HTTPParserDriver.parseRequests(bytes)
        #expect(outcome.error == nil)
        let message = try #require(outcome.messages.first)
        #expect(message.head.target == "/upload?x=1")
        #expect(message.head.framing == .chunked)
        #expect(message.head.keepAlive == false)
        #expect(message.body == Array("hello ".utf8) + Array(repeating: 0x78, count: 300))
    }

    @Test func injectionIsNeutralized() throws {
        let head = HTTPResponseHead(status: 200, reason: "OK\r\nX-Evil: 1",
                                    headers: ["X-A\r\nSet-Cookie": "v\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200", "Content-Length": "0"])
        var bytes: [UInt8] = []
        HTTPSerializer.responseHead(head, into: &bytes)
        let outcome = HTTPParserDriver.parseResponses(bytes, methods: ["GET"])
        #expect(outcome.error == nil)
        let message = try #require(outcome.messages.first)
        #expect(outcome.messages.count == 1)
        #expect(message.head.headers.count == 2)
        #expect(message.head.headers["X-ASet-Cookie"] == "v  Content-Length: 0    HTTP/1.1 200")
        #expect(!message.head.headers.contains("X-Evil"))
    }

    @Test func statusAndChunkSizesAreEncoded() {
        var bytes: [UInt8] = []
        HTTPSerializer.chunk(Array(repeating: 0, count: 0x1a2b), into: &bytes)
        #expect(Array(bytes.prefix(6)) == Array("1a2b\r\n".utf8))
        var head: [UInt8] = []
        HTTPSerializer.responseHead(HTTPResponseHead(status: 404, keepAlive: false), into: &head)
        #expect(String(decoding: head, as: UTF8.self) == "HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n")
    }
}
