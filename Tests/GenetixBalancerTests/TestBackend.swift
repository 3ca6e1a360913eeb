import Foundation
import GenetixCore
import GenetixNet
import Synchronization

/// A real HTTP backend for the balancer's tests: an HTTPServer on 127.0.0.1 with a few routes, counting what it saw.
/// POST /apply records the body (a request id) in a ledger shared by all backends of a test, to prove that no request
/// is applied twice.
final class TestBackend: Sendable {
    let group: EventLoopGroup
    let port: Int
    let counters: Counters
    private let server = Mutex<HTTPServer?>(nil)

    /// A ledger of applied POSTs: body → times applied.
    final class Ledger: Sendable {
        let applied = Mutex<[String: Int]>([:])
        var duplicates: [String] { applied.withLock { $0.filter { $0.value > 1 }.map(\.key) } }
        var count: Int { applied.withLock { $0.count } }
    }

    /// What the backend saw.
    final class Counters: Sendable {
        let ledger: Ledger
        let port = Atomic<Int>(0)
        let seen = Atomic<Int>(0)
        let cacheable = Atomic<Int>(0)
        let lastHeaders = Mutex<HTTPHeaders>(HTTPHeaders())
        /// `/static/gated.css`: answers held until the gate opens (`openGate()`).
        let gate = Mutex<(open: Bool, held: [HTTPResponder])>((false, []))
        let gated = Atomic<Int>(0)
        /// Backend fetches of `/static/swr.css`, `/static/sie.css`.
        let versions = Atomic<Int>(0)
        /// `/static/pass.css` (never storable): the first answered at once, later ones held until two wait together.
        let passHeld = Mutex<[HTTPResponder]>([])
        let passSeen = Atomic<Int>(0)
        init(ledger: Ledger) { self.ledger = ledger }

        /// Answers every held `/static/gated.css` request and lets later ones through at once.
        func openGate() {
            let held = gate.withLock { state -> [HTTPResponder] in
                state.open = true
                defer { state.held = [] }
                return state.held
            }
            for responder in held { responder.eventLoop.execute { responder.send(Counters.gatedAnswer) } }
        }

        static let gatedAnswer = HTTPResponse(status: 200, headers: ["Cache-Control": "public, max-age=60", "Content-Type": "text/css"],
                                              body: Array("body { color: teal }".utf8))
    }

    init(ledger: Ledger = Ledger()) throws {
        group = try EventLoopGroup(count: 1, name: "backend")
        counters = Counters(ledger: ledger)
        let server = try Self.makeServer(port: 0, group: group, counters: counters)
        port = server.localAddress.port
        counters.port.store(port, ordering: .relaxed)
        self.server.withLock { $0 = server }
    }

    var address: SocketAddress { SocketAddress(host: "127.0.0.1", port: port) }
    var seen: Int { counters.seen.load(ordering: .relaxed) }
    var ledger: Ledger { counters.ledger }

    /// Closes the listener and every connection at once, like a killed process.
    func kill() async {
        let s = server.withLock { old -> HTTPServer? in
            let s = old
            old = nil
            return s
        }
        await s?.shutdown(grace: .zero)
    }

    /// Listens again on the same port.
    func revive() async throws {
        var tries = 0
        while true {
            do {
                let fresh = try Self.makeServer(port: port, group: group, counters: counters)
                server.withLock { $0 = fresh }
                return
            } catch {
                tries += 1
                if tries > 100 { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func stop() async {
        await kill()
        group.shutdown()
    }

    private static func makeServer(port: Int, group: EventLoopGroup, counters: Counters) throws -> HTTPServer {
        let config = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: port))
        return try HTTPServer(configuration: config, group: group) { request, responder in
            handle(request, responder, counters)
        }
    }

    private static func handle(_ request: HTTPRequest, _ responder: HTTPResponder, _ counters: Counters) {
        if request.path == "/readyz" { return responder.send(.text("ready")) }
        counters.seen.wrappingAdd(1, ordering: .relaxed)
        counters.lastHeaders.withLock { $0 = request.headers }
        let me = "backend-\(counters.port.load(ordering: .relaxed))"
        switch request.path {
        case "/static/gated.css":
            counters.gated.wrappingAdd(1, ordering: .relaxed)
            let open = counters.gate.withLock { state -> Bool in
                if !state.open { state.held.append(responder) }
                return state.open
            }
            if open { responder.send(Counters.gatedAnswer) }
        case "/static/pass.css":
            let answer = HTTPResponse(status: 200, headers: ["Cache-Control": "no-store"], body: Array("uncacheable".utf8))
            if counters.passSeen.wrappingAdd(1, ordering: .relaxed).newValue == 1 { return responder.send(answer) }
            let ready = counters.passHeld.withLock { held -> [HTTPResponder] in
                held.append(responder)
                guard held.count >= 2 else { return [] }
                defer { held = [] }
                return held
            }
            for r in ready { r.eventLoop.execute { r.send(answer) } }
        case "/static/swr.css", "/static/sie.css":
            let version = counters.versions.wrappingAdd(1, ordering: .relaxed).newValue
            // Version 1 goes stale after a second; a refreshed swr.css stays fresh for a minute.
            let control = request.path == "/static/swr.css" ? "public, max-age=\(version == 1 ? 1 : 60), stale-while-revalidate=60"
                : "public, max-age=1, stale-if-error=6"
            responder.send(HTTPResponse(status: 200, headers: ["Cache-Control": control, "ETag": "\"v\(version)\"", "Content-Type": "text/css"],
                                        body: Array("version \(version)".utf8)))
        case "/apply":
            let id = String(decoding: request.body, as: UTF8.self)
            counters.ledger.applied.withLock { $0[id, default: 0] += 1 }
            let loop = responder.eventLoop
            loop.execute {
                loop.schedule(after: .milliseconds(2)) { responder.send(.text("applied \(id) at \(me)")) }
            }
        case "/slow":
            let loop = responder.eventLoop
            loop.execute { loop.schedule(after: .seconds(3)) { responder.send(.text("slow")) } }
        case "/after-200ms":
            let loop = responder.eventLoop
            loop.execute { loop.schedule(after: .milliseconds(200)) { responder.send(.text("late")) } }
        case let p where (p.hasPrefix("/static/") || p.hasPrefix("/cached/")) && p != "/static/login-page":
            counters.cacheable.wrappingAdd(1, ordering: .relaxed)
            let etag = "\"v1-\(p.count)\""
            responder.send(HTTPResponse(status: 200, headers: ["Cache-Control": "public, max-age=60", "ETag": etag,
                                                               "Content-Type": "text/plain"], body: Array("asset \(p)".utf8)))
        case "/api/whoami":
            // A private answer that wrongly looks cacheable (max-age, no `public`): who the caller is.
            let who = request.headers["Cookie"] ?? request.headers["Authorization"] ?? "anonymous"
            responder.send(HTTPResponse(status: 200, headers: ["Cache-Control": "max-age=60", "ETag": "\"\(who.count)\"",
                                                               "Content-Type": "text/plain"], body: Array("you are \(who)".utf8)))
        case "/static/login-page":
            counters.cacheable.wrappingAdd(1, ordering: .relaxed)
            responder.send(HTTPResponse(status: 200, headers: ["Cache-Control": "public, max-age=60", "Set-Cookie": "csrf=\(counters.seen.load(ordering: .relaxed))",
                                                               "Content-Type": "text/plain"], body: Array("login page".utf8)))
        case "/nostore":
            counters.cacheable.wrappingAdd(1, ordering: .relaxed)
            responder.send(HTTPResponse(status: 200, headers: ["Cache-Control": "no-store", "ETag": "\"n\""], body: Array("fresh".utf8)))
        case "/echo-headers":
            var lines: [String] = []
            for (name, value) in request.headers { lines.append("\(name): \(value)") }
            responder.send(HTTPResponse(status: 200, headers: ["Connection": "X-Hop", "X-Hop": "1", "Keep-Alive": "timeout=5",
                                                               "X-Backend": me], body: Array(lines.joined(separator: "\n").utf8)))
        case "/fail":
            responder.send(.text("broken", status: 500))
        default:
            responder.send(HTTPResponse(status: 200, headers: ["X-Backend": me], body: Array("hello from \(me)".utf8)))
        }
    }
}
