import GenetixNet
import GenetixTesting
import Testing

/// The test server the client tests lean on: a stopped server must never answer for a newer one.
@Suite struct CannedServerTests {
    /// Regression: `stop()` closed the listener under its own accepting thread; the next listener often got the same
    /// descriptor number, and the stopped server's thread then answered some of its connections with its own pieces
    /// (here: none, which the client saw as "closed the connection before answering").
    @Test func aStoppedServerNeverAnswersForTheNextOne() async throws {
        let client = HTTPClient()
        for round in 0..<5 {
            let silent = try CannedServer([])
            silent.stop()
            let server = try CannedServer(["HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\nb"])
            defer { server.stop() }
            for attempt in 0..<4 {
                let response = try await client.get("http://127.0.0.1:\(server.port)/", timeout: .seconds(5))
                #expect(response.text == "b", "round \(round), attempt \(attempt)")
            }
        }
        await client.shutdown()
    }

    @Test func aStoppedServerRefusesConnections() async throws {
        let server = try CannedServer(["HTTP/1.1 204 No Content\r\n\r\n"])
        server.stop()
        let client = HTTPClient()
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.get("http://127.0.0.1:\(server.port)/", timeout: .seconds(2))
        }
        await client.shutdown()
    }
}
