import Foundation
import GenetixNet
import GenetixTesting
import Testing

/// A server on an ephemeral port with a few routes, shut down after each test.
final class ServerFixture: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    var port: Int { server.localAddress.port }

    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        group = try EventLoopGroup(count: 2, name: "test")
        var router = Router()
        router.on("GET", "/hello") { _, responder in responder.send(.text("hello")) }
        router.on("POST", "/echo") { request, responder in
            responder.send(HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: request.body))
        }
        router.on("GET", "/kits/{id}") { request, responder in responder.send(.text("kit \(request.pathParameters["id"] ?? "?")")) }
        router.on("GET", "/slow", async: { _ in
            try? await Task.sleep(for: .milliseconds(100))
            return .text("slow")
        })
        router.on("GET", "/stream") { _, responder in
            responder.startStream(status: 200, headers: ["Content-Type": "text/plain"])
            Task {
                for i in 0..<3 {
                    responder.write(Array("part\(i);".utf8))
                    try? await Task.sleep(for: .milliseconds(10))
                }
                responder.end()
            }
        }
        var config = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0))
        configure(&config)
        server = try HTTPServer(configuration: config, group: group, handler: router.handler)
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(200))
        group.shutdown()
    }
}

@Suite struct HTTPServerTests {
    @Test func answersThroughTheClientWithKeepAlive() async throws {
        let fixture = try ServerFixture()
        let client = HTTPClient()
        let url = "http://127.0.0.1:\(fixture.port)/hello"
        for _ in 0..<5 {
            let response = try await client.get(url)
            #expect(response.status == 200)
            #expect(response.text == "hello")
            #expect(response.headers["Date"] != nil)
        }
        #expect(fixture.server.openConnections == 1)
        await client.shutdown()
        await fixture.stop()
    }

    @Test func acceptedConnectionsAreDealtRoundRobinOverTheLoops() async throws {
        let group = try EventLoopGroup(count: 2, name: "deal")
        var router = Router()
        router.on("GET", "/loop") { _, responder in responder.send(.text("<\(responder.eventLoop.name)>")) }
        let server = try HTTPServer(configuration: HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0)),
                                    group: group, handler: router.handler)
        var sockets: [RawSocket] = []
        var served: [String] = []
        for _ in 0..<6 {  // one after another, all kept open: accepted in this order
            let socket = try RawSocket(port: server.localAddress.port)
            sockets.append(socket)
            socket.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n")
            let answer = await socket.read(until: ">")
            served.append(String(answer.split(separator: "<").last?.dropLast() ?? ""))
        }
        let names = group.loops.map(\.name)
        #expect(served.filter { $0 == names[0] }.count == 3, "served by: \(served)")
        #expect(served.filter { $0 == names[1] }.count == 3, "served by: \(served)")
        for (i, name) in served.enumerated().dropFirst() { #expect(name != served[i - 1], "served by: \(served)") }
        sockets.removeAll()
        await server.shutdown(grace: .milliseconds(200))
        group.shutdown()
    }

    @Test func routesPathParametersAndAnswers404And405InTheServersErrorFormat() async throws {
        let fixture = try ServerFixture { $0.errorFormat = HTTPErrorFormat { status, code, message in .text("\(code): \(message)", status: status) } }
        let client = HTTPClient()
        let base = "http://127.0.0.1:\(fixture.port)"
        #expect(try await client.get("\(base)/kits/42").text == "kit 42")
        let missing = try await client.get("\(base)/nope")
        #expect(missing.status == 404)
        #expect(missing.text == "not_found: no route for GET /nope")
        let wrong = try await client.execute(HTTPClientRequest(method: "DELETE", url: try HTTPURL(parsing: "\(base)/hello")))
        #expect(wrong.status == 405)
        #expect(wrong.headers["Allow"] == "GET, HEAD")
        #expect(wrong.text.hasPrefix("method_not_allowed: DELETE is not allowed on /hello"))
        await client.shutdown()
        await fixture.stop()
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /kits/7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let all = await socket.readAll()
        let slow = try #require(all.range(of: "slow"))
        let hello = try #require(all.range(of: "hello"))
        let kit = try #require(all.range(of: "kit 7"))
        #expect(slow.lowerBound < hello.lowerBound && hello.lowerBound < kit.lowerBound)
        #expect(all.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
        await fixture.stop()
    }

    @Test func malformedRequestGets400AndTheConnectionCloses() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc")
        let reply = await socket.readAll()
        #expect(reply.hasPrefix("HTTP/1.1 400 "))
        #expect(reply.contains("Connection: close"))
        // The engine's own error format is plain text (the APIs set GenetixAdmin's JSON one).
        #expect(reply.contains("Content-Type: text/plain"))
        #expect(reply.hasSuffix("both Content-Length and Transfer-Encoding\n"))
        await fixture.stop()
    }

    @Test func oversizedHeadersGet431() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 40_000))\r\n\r\n")
        #expect(await socket.readAll().hasPrefix("HTTP/1.1 431 "))
        await fixture.stop()
    }

    @Test func bodyOverTheLimitGets413() async throws {
        let fixture = try ServerFixture { $0.limits.maxBodyBytes = 1000 }
        let socket = try RawSocket(port: fixture.port)
        socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")
        #expect(await socket.readAll().hasPrefix("HTTP/1.1 413 "))
        await fixture.stop()
    }

    @Test func slowClientGets408() async throws {
        let fixture = try ServerFixture { $0.headerTimeout = .milliseconds(300) }
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        let reply = await socket.readAll()
        #expect(reply.hasPrefix("HTTP/1.1 408 "))
        await fixture.stop()
    }

    @Test func echoesBodiesChunkedAndPlain() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
        let reply = await socket.read(until: "hello world")
        #expect(reply.contains("Content-Length: 11"))
        let client = HTTPClient()
        let big = [UInt8](repeating: 65, count: 300_000)
        let response = try await client.execute(HTTPClientRequest(method: "POST", url: try HTTPURL(parsing: "http://127.0.0.1:\(fixture.port)/echo"), body: big))
        #expect(response.body == big)
        await client.shutdown()
        await fixture.stop()
    }

    @Test func expectContinueGets100BeforeTheBody() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(await socket.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 100 Continue"))
        socket.send("ping")
        #expect(await socket.read(until: "ping").contains("200 OK"))
        await fixture.stop()
    }

    @Test func headAnswersWithoutABody() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let reply = await socket.readAll()
        #expect(reply.contains("Content-Length: 5"))
        #expect(reply.hasSuffix("\r\n\r\n"))
        await fixture.stop()
    }

    @Test func streamsChunkedResponses() async throws {
        let fixture = try ServerFixture()
        let client = HTTPClient()
        let response = try await client.get("http://127.0.0.1:\(fixture.port)/stream")
        #expect(response.text == "part0;part1;part2;")
        #expect(response.headers["Transfer-Encoding"] == "chunked")
        await client.shutdown()
        await fixture.stop()
    }

    @Test func http10ClosesUnlessKeepAlive() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /hello HTTP/1.0\r\n\r\n")
        let reply = await socket.readAll()
        #expect(reply.contains("hello"))
        #expect(reply.contains("Connection: close"))
        await fixture.stop()
    }

    @Test func halfClosedClientStillGetsItsAnswer() async throws {
        let fixture = try ServerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        socket.shutdownWrite()
        #expect(await socket.readAll().contains("slow"))
        await fixture.stop()
    }

    @Test func clientTimesOutAndReportsConnectFailures() async throws {
        let fixture = try ServerFixture()
        let client = HTTPClient()
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.get("http://127.0.0.1:\(fixture.port)/slow", timeout: .milliseconds(20))
        }
        let port = fixture.port
        await fixture.stop()
        do {
            _ = try await client.get("http://127.0.0.1:\(port)/hello")
            Issue.record("a stopped server answered")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(port)"))
        }
        await client.shutdown()
    }
}
