import GenetixNet
import Testing

@Suite struct HTTPSerializerTests {
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
        let head = HTTPRequestHead(method: "GET\r\nX-Evil:", target: "/a\r\nX-Evil: 1",
                                   headers: ["Host": "h", "X-A\r\nSet-Cookie": "v\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1"])
        var bytes: [UInt8] = []
        HTTPSerializer.requestHead(head, into: &bytes)
        let outcome = HTTPParserDriver.parseRequests(bytes)
        #expect(outcome.error == nil)
        let message = try #require(outcome.messages.first)
        #expect(outcome.messages.count == 1)
        #expect(message.head.method == "GETX-Evil")
        #expect(message.head.target == "/a%%X-Evil:%1")
        #expect(message.head.headers.count == 2)
        #expect(message.head.headers["X-ASet-Cookie"] == "v  Content-Length: 0    GET / HTTP/1.1")
        #expect(!message.head.headers.contains("X-Evil"))
    }

    @Test func chunkSizesAndConnectionCloseAreEncoded() {
        var bytes: [UInt8] = []
        HTTPSerializer.chunk(Array(repeating: 0, count: 0x1a2b), into: &bytes)
        #expect(Array(bytes.prefix(6)) == Array("1a2b\r\n".utf8))
        var head: [UInt8] = []
        HTTPSerializer.requestHead(HTTPRequestHead(method: "GET", target: "/", keepAlive: false), into: &head)
        #expect(String(decoding: head, as: UTF8.self) == "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
    }

    @Test func decimalsAndChunkSizesAppendAfterWhatTheBufferHolds() {
        for (value, text) in [(0, "0"), (5, "5"), (10, "10"), (1_234_567, "1234567"), (Int.max, String(Int.max)), (-3, "0")] {
            var out = Array("Content-Length: ".utf8)
            HTTPSerializer.appendDecimal(value, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == "Content-Length: " + text)
        }
        for (size, text) in [(1, "1"), (0xf, "f"), (0x10, "10"), (0xabcdef, "abcdef")] {
            var out: [UInt8] = Array("x".utf8)
            HTTPSerializer.chunk(Array(repeating: 0, count: size), into: &out)
            #expect(String(decoding: out.prefix(1 + text.utf8.count + 2), as: UTF8.self) == "x" + text + "\r\n")
        }
    }
}
