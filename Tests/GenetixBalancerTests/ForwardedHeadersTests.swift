@testable import GenetixBalancer
import GenetixNet
import Testing

/// The field lines the proxy writes for the client and for the backend, byte for byte.
@Suite struct ForwardedHeadersTests {
    private static func text(_ write: (inout [UInt8]) -> Void) -> String {
        var buffer: [UInt8] = []
        write(&buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func theResponseKeepsEndToEndFieldsAndDropsHopByHopDateAndFraming() {
        let backend: HTTPHeaders = [
            "Server": "nginx", "Date": "Thu, 03 Dec 2026 01:00:00 GMT", "Content-Length": "12", "Connection": "X-Private, keep-alive",
            "X-Private": "hop", "Keep-Alive": "timeout=5", "Transfer-Encoding": "chunked", "ETag": "\"abc\"", "Via": "1.0 cdn",
        ]
        let written = Self.text {
            ForwardedHeaders.writeResponse(backend, via: "1.1 lb-1", requestId: "r-1", cacheLabel: "MISS", hsts: "max-age=63072000", into: &$0)
        }
        #expect(written == "Server: nginx\r\nETag: \"abc\"\r\nVia: 1.0 cdn, 1.1 lb-1\r\nX-Request-Id: r-1\r\nX-Cache: MISS\r\n"
            + "Strict-Transport-Security: max-age=63072000\r\n")
        // The list form (what the cache stores) holds the same fields, without X-Cache and HSTS.
        let listed = ForwardedHeaders.response(backend, via: "1.1 lb-1", requestId: "r-1")
        #expect(listed.fields.map { "\($0.name): \($0.value)" } == ["Server: nginx", "ETag: \"abc\"", "Via: 1.0 cdn, 1.1 lb-1", "X-Request-Id: r-1"])
    }

    @Test func aRequestIdTheBackendEchoesIsNotAddedTwice() {
        let written = Self.text {
            ForwardedHeaders.writeResponse(["X-Request-Id": "from-client"], via: "1.1 lb-1", requestId: "from-client", cacheLabel: nil,
                                           hsts: nil, into: &$0)
        }
        #expect(written == "X-Request-Id: from-client\r\nVia: 1.1 lb-1\r\n")
    }

    @Test func addedValuesAreSanitised() {
        let written = Self.text {
            ForwardedHeaders.writeResponse([:], via: "1.1 lb\r\nX-Evil: 1", requestId: "r\n2", cacheLabel: nil, hsts: nil, into: &$0)
        }
        #expect(!written.contains("\r\nX-Evil"))
        #expect(written.split(separator: "\r\n").count == 2, "\(written.debugDescription)")
    }

    @Test func theRequestForTheBackendGetsForwardingFieldsAndAHostWhenTheClientSentNone() throws {
        var parser = HTTPRequestParser(limits: HTTPLimits())
        let raw = Array("GET /a?b=1 HTTP/1.0\r\nX-Forwarded-For: 10.0.0.9\r\nConnection: X-Secret\r\nX-Secret: s\r\nExpect: 100-continue\r\nUser-Agent: t\r\n\r\n".utf8)
        var consumed = 0
        let part = try raw.withUnsafeBytes { bytes throws(HTTPParseError) in try parser.next(bytes, consumed: &consumed) }
        guard case .head(let head) = part else {
            Issue.record("no head parsed: \(String(describing: part))")
            return
        }
        let written = Self.text {
            ForwardedHeaders.writeRequest(head, bodyCount: 0, client: "127.0.0.1", isTLS: true, via: "1.1 lb-1", requestId: "r-9",
                                          hasRequestId: false, ifNoneMatch: nil, backendHost: "10.0.0.2:8080", into: &$0)
        }
        #expect(written == "GET /a?b=1 HTTP/1.1\r\nUser-Agent: t\r\nHost: 10.0.0.2:8080\r\nX-Forwarded-For: 10.0.0.9, 127.0.0.1\r\n"
            + "X-Forwarded-Proto: https\r\nVia: 1.1 lb-1\r\nX-Request-Id: r-9\r\n\r\n")
    }

    @Test func aBackendsParsedLinesGoOutAsTheirBytesObsTextIncluded() throws {
        var parser = HTTPResponseParser(limits: HTTPLimits())
        parser.expectResponse(toMethod: "GET")
        let raw = Array("HTTP/1.1 200 OK\r\nX-Name:  caf".utf8) + [0xE9] + Array(" \r\nServer: s\r\nContent-Length: 0\r\n\r\n".utf8)
        var consumed = 0
        let part = try raw.withUnsafeBytes { bytes throws(HTTPParseError) in try parser.next(bytes, consumed: &consumed) }
        guard case .head(let head) = part else {
            Issue.record("no head parsed: \(String(describing: part))")
            return
        }
        var written: [UInt8] = []
        ForwardedHeaders.writeResponse(head.headers, via: "1.1 lb-1", requestId: "r-1", cacheLabel: nil, hsts: nil, into: &written)
        #expect(written == Array("X-Name: caf".utf8) + [0xE9] + Array("\r\nServer: s\r\nVia: 1.1 lb-1\r\nX-Request-Id: r-1\r\n".utf8))
    }
}
