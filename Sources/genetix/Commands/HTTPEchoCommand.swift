import GenetixAdmin
import GenetixCommandLine
import GenetixNet

/// `genetix http-echo`: the bare HTTP engine with two routes, for benchmarks and protocol smoke tests.
enum HTTPEchoCommand: Command {
    static let spec = CommandSpec(
        name: "http-echo",
        abstract: "Serve GET /json, GET /readyz and POST /echo on the bare Genetix HTTP engine (benchmarks, protocol checks).",
        options: [
            OptionSpec("listen", valueName: "host:port", help: "Where to listen.", defaultValue: "127.0.0.1:8099"),
            OptionSpec("threads", valueName: "n", help: "Event-loop threads (default: one per core)."),
        ])

    /// The body of GET /json, the same bytes the benchmark's Node.js server sends.
    static let body = Array(#"{"status":"ok","service":"genetix"}"#.utf8)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        SignalWaiter.ignoreSIGPIPE()
        let listen = try arguments.hostPort("listen")
        let group = try EventLoopGroup(count: try arguments.optionalInt("threads", in: 1...256) ?? System.coreCount, name: "http-echo")
        var router = Router()
        let headers: HTTPHeaders = ["Content-Type": "application/json"]
        router.on("GET", "/json") { _, responder in responder.send(HTTPResponse(status: 200, headers: headers, body: body)) }
        // /readyz answers like a worker's, so a balancer's health checks keep an http-echo backend up.
        router.on("GET", "/readyz") { _, responder in responder.send(HTTPResponse(status: 200, headers: headers, body: Array(#"{"status":"ready"}"#.utf8))) }
        router.on("POST", "/echo") { request, responder in
            responder.send(HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: request.body))
        }
        var configuration = HTTPServerConfiguration(address: SocketAddress(host: listen.host, port: Int(listen.port)))
        configuration.errorFormat = .json
        let server = try HTTPServer(configuration: configuration, group: group, handler: router.handler)
        print("http-echo listening on http://\(server.localAddress)")
        _ = await SignalWaiter.wait()
        await server.shutdown(grace: .seconds(2))
        group.shutdown()
        return 0
    }
}
