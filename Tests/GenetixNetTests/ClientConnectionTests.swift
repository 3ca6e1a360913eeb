import GenetixNet
import GenetixTesting
import Testing

/// The engine's streaming client connection, driven through `HTTPClient` against servers that answer byte by byte.
@Suite struct ClientConnectionTests {
    private func get(_ pieces: [String]) async throws(HTTPClientError) -> HTTPClientResponse {
        let server: CannedServer
        do { server = try CannedServer(pieces) } catch { throw .connectFailed("canned server", "\(error)") }
        defer { server.stop() }
        let client = HTTPClient()
        defer { Task { await client.shutdown() } }
        return try await client.get("http://127.0.0.1:\(server.port)/", timeout: .seconds(5))
    }

    @Test func skipsInterimAnswersAndGathersABodyArrivingInPieces() async throws {
        let response = try await get(["HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Len",
                                      "gth: 11\r\n\r\nhello", " world"])
        #expect(response.status == 200)
        #expect(response.text == "hello world")
    }

    /// Regression: a keep-alive response completed from bytes kept since an earlier read (a head split across reads)
    /// emptied the kept bytes, then removed the consumed count from them again: a crash of the balancer's loop.
    @Test func completesAKeepAliveResponseWhoseHeadWasSplitAcrossReads() async throws {
        let response = try await get(["HTTP/1.1 200 OK\r\nContent-Len", "gth: 2\r\n\r\nok"])
        #expect(response.status == 200)
        #expect(response.text == "ok")
    }

    @Test func readsABodyThatEndsWithTheConnection() async throws {
        let response = try await get(["HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil", " the end"])
        #expect(response.status == 200)
        #expect(response.text == "until the end")
    }

    @Test func refusesAProtocolUpgrade() async {
        await #expect(throws: HTTPClientError.self) {
            _ = try await get(["HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"])
        }
    }

    @Test func reportsAClosedConnectionBeforeAnyAnswer() async {
        do {
            _ = try await get([])
            Issue.record("a server that said nothing answered")
        } catch {
            guard case .connectionClosed = error else {
                Issue.record("got \(error)")
                return
            }
        }
    }

    @Test func reportsAResponseCutOffMidBody() async {
        do {
            _ = try await get(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"])
            Issue.record("a truncated body was accepted")
        } catch {
            guard case .malformedResponse = error else {
                Issue.record("got \(error)")
                return
            }
        }
    }
}
