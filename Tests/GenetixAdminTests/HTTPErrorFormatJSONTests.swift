import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

/// The errors the engine answers itself (malformed requests, no route) come out of the admin server in the APIs'
/// JSON shape, byte for byte what `HTTPResponse.error` makes.
@Suite struct HTTPErrorFormatJSONTests {
    @Test func jsonFormatIsTheAPIErrorBody() throws {
        let response = HTTPErrorFormat.json.response(431, "headers_too_large", "the header block is over 32768 bytes")
        #expect(response.status == 431)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.body == HTTPResponse.error(431, code: "headers_too_large", "the header block is over 32768 bytes").body)
        let decoded = try GenetixJSON.decode(APIErrorBody.self, from: response.body)
        #expect(decoded == APIErrorBody(code: "headers_too_large", message: "the header block is over 32768 bytes"))
    }

    @Test func adminServerAnswersMalformedRequestsAndUnknownRoutesInJSON() async throws {
        let fixture = try AdminFixture()
        let port = fixture.server.localAddress.port
        let malformed = try RawSocket(port: port)
        malformed.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        let reply = await malformed.readAll()
        #expect(reply.hasPrefix("HTTP/1.1 400 "))
        #expect(reply.contains("Content-Type: application/json"))
        let expected = HTTPResponse.error(400, code: "bad_request",
                                          HTTPParseError.ambiguousFraming("two Content-Length fields with different values (1 and 2)").description)
        #expect(reply.hasSuffix("\r\n\r\n" + String(decoding: expected.body, as: UTF8.self)))
        let missing = try RawSocket(port: port)
        missing.send("GET /no/such/route HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let notFound = await missing.readAll()
        #expect(notFound.hasPrefix("HTTP/1.1 404 "))
        #expect(notFound.contains(#"{"error":{"code":"not_found","#))
        await fixture.stop()
    }
}
