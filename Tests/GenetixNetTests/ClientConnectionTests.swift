import Foundation
import GenetixNet
import Glibc
import Testing

/// A TCP server that reads each request head and answers with canned byte pieces, a short pause between them, then
/// closes the connection.
final class CannedServer: Sendable {
    let fd: Int32
    let port: Int

    init(_ pieces: [String]) throws {
        fd = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0), reusePort: false)
        port = Socket.localAddress(of: fd)!.port
        let fd = self.fd
        // The listener is non-blocking: poll it from a plain thread; accepted sockets are blocking.
        let thread = Thread {
            while true {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let r = poll(&p, 1, 100)
                if r < 0 || p.revents & Int16(POLLNVAL) != 0 { return }
                if r == 0 { continue }
                let c = accept(fd, nil, nil)
                if c < 0 { if errno == EBADF || errno == EINVAL { return } else { continue } }
                var request: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
                    let n = recv(c, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    request.append(contentsOf: buffer[0..<n])
                }
                for piece in pieces {
                    let bytes = Array(piece.utf8)
                    _ = send(c, bytes, bytes.count, Int32(MSG_NOSIGNAL))
                    usleep(20_000)
                }
                close(c)
            }
        }
        thread.start()
    }

    func stop() { close(fd) }
}

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
