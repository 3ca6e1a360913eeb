import Foundation
import GenetixNet
import GenetixTesting
import Testing

/// The head a server writes: the handler's fields, and framing that is always the connection's own.
@Suite struct ResponseHeadTests {
    private static func server() throws -> (EventLoopGroup, HTTPServer) {
        let group = try EventLoopGroup(count: 1, name: "head-test")
        var router = Router()
        router.on("GET", "/framing") { _, responder in
            // A handler that names framing fields itself: none of them may reach the wire beside the real framing.
            responder.send(HTTPResponse(status: 200, headers: ["Content-Length": "99", "Transfer-Encoding": "chunked",
                                                               "Connection": "close", "X-Ok": "1", "X-Bad": "a\r\nX-Injected: 1"],
                                        body: Array("ab".utf8)))
        }
        router.on("GET", "/written") { _, responder in
            responder.send(status: 201, body: Array("on-loop".utf8)) { HTTPSerializer.appendField("X-Way", "writer", into: &$0) }
        }
        router.on("GET", "/written-later") { _, responder in
            Task { responder.send(status: 202, body: Array("hop".utf8)) { HTTPSerializer.appendField("X-Way", "task", into: &$0) } }
        }
        router.on("GET", "/stream-written") { _, responder in
            responder.startStream(status: 200) { HTTPSerializer.appendField("X-Way", "stream", into: &$0) }
            responder.write(Array("s1".utf8))
            responder.end()
        }
        let server = try HTTPServer(configuration: HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0)),
                                    group: group, handler: router.handler)
        return (group, server)
    }

    private static func exchange(_ port: Int, _ path: String) async throws -> String {
        let socket = try RawSocket(port: port)
        socket.send("GET \(path) HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        return await socket.readAll()
    }

    @Test func aHandlersFramingFieldsNeverReachTheWire() async throws {
        let (group, server) = try Self.server()
        let raw = try await Self.exchange(server.localAddress.port, "/framing")
        #expect(raw.hasPrefix("HTTP/1.1 200 OK\r\nX-Ok: 1\r\nContent-Length: 2\r\n"), "\(raw.debugDescription)")
        #expect(!raw.contains("Transfer-Encoding") && !raw.contains("99") && !raw.contains("X-Injected"))
        #expect(raw.hasSuffix("\r\n\r\nab"))
        await server.shutdown(grace: .milliseconds(100))
        group.shutdown()
    }

    @Test func fieldWritersAnswerOnTheLoopFromATaskAndInAStream() async throws {
        let (group, server) = try Self.server()
        let port = server.localAddress.port
        let onLoop = try await Self.exchange(port, "/written")
        #expect(onLoop.hasPrefix("HTTP/1.1 201 Created\r\nX-Way: writer\r\nContent-Length: 7\r\n") && onLoop.hasSuffix("\r\n\r\non-loop"),
                "\(onLoop.debugDescription)")
        let fromTask = try await Self.exchange(port, "/written-later")
        #expect(fromTask.hasPrefix("HTTP/1.1 202 Accepted\r\nX-Way: task\r\nContent-Length: 3\r\n") && fromTask.hasSuffix("\r\n\r\nhop"),
                "\(fromTask.debugDescription)")
        let streamed = try await Self.exchange(port, "/stream-written")
        #expect(streamed.hasPrefix("HTTP/1.1 200 OK\r\nX-Way: stream\r\nTransfer-Encoding: chunked\r\n"), "\(streamed.debugDescription)")
        #expect(streamed.hasSuffix("\r\n\r\n2\r\ns1\r\n0\r\n\r\n"))
        await server.shutdown(grace: .milliseconds(100))
        group.shutdown()
    }

    /// A field writer that answers on its own connection while its head is being written would corrupt that head (the
    /// runtime's exclusivity check is off for the connection's buffer): the engine traps at once instead. Run in a
    /// child process, which must die; if it answered instead, the child would exit cleanly and the test fail.
    @Test func aFieldWriterThatAnswersWhileItsHeadIsWrittenTraps() async {
        await #expect(processExitsWith: .failure) {
            let group = try EventLoopGroup(count: 1, name: "reentrant")
            var router = Router()
            router.on("GET", "/reentrant") { _, responder in
                responder.send(status: 200, body: []) { _ in responder.send(status: 500, body: []) { _ in } }
            }
            let server = try HTTPServer(configuration: HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0)),
                                        group: group, handler: router.handler)
            let socket = try RawSocket(port: server.localAddress.port)
            socket.send("GET /reentrant HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            _ = await socket.readAll()
        }
    }
}
