import CSystem
import Foundation
import Glibc
import GenetixTesting

/// Raw client behaviours for the bad-input suites: one hostile request per connection, slow clients, and clients
/// that vanish mid-body. Blocking socket work runs off Swift's cooperative pool.
enum HostileClients {
    /// What a server answered to one hostile request on a fresh connection.
    struct Answer: Sendable {
        let text: String
        /// The status of the first response, 0 when none came.
        var status: Int {
            guard text.hasPrefix("HTTP/1.1 "), text.count >= 12 else { return 0 }
            return Int(text.dropFirst(9).prefix(3)) ?? 0
        }
        /// How many responses came back on the connection.
        var responses: Int {
            // Status lines only: error messages may quote "HTTP/1.1" themselves.
            (try? NSRegularExpression(pattern: "HTTP/1\\.1 [0-9]{3} "))?.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text)) ?? 0
        }
        /// Whether the response announced the close.
        var closes: Bool { text.lowercased().contains("\r\nconnection: close\r\n") }
    }

    /// Sends `bytes` on a new connection, half-closes nothing, and reads until the server closes (or 5 s pass).
    static func send(_ bytes: [UInt8], port: Int) async throws -> Answer {
        let socket = try RawSocket(port: port, timeout: 5)
        await RawSocket.offload { socket.send(bytes) }
        return Answer(text: await socket.readAll())
    }

    /// Raises this process's open-file limit to at least `count` (up to the hard limit); the limit reached.
    @discardableResult
    static func raiseFileLimit(to count: Int) -> Int {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(count) {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(limit.rlim_cur)
    }

    /// Opens `count` connections that each send the start of a request head and then nothing more (slowloris).
    /// While they are open, a Foundation `Process.run()` elsewhere in this process can crash (it walks the open
    /// descriptors): this target's suites run one test at a time (`SecurityTests`).
    static func slowClients(_ count: Int, port: Int) async throws -> [RawSocket] {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try (0..<count).map { i in
                        let socket = try RawSocket(port: port, timeout: 10)
                        socket.send("GET /slow-\(i) HTTP/1.1\r\nHost: a\r\nX-Slow: ")
                        return socket
                    }
                })
            }.start()
        }
    }

    /// Opens a connection, sends a request head promising `declared` body bytes and only `sent` of them, then closes
    /// abruptly: with an RST (SO_LINGER 0) when `reset`, else with a FIN.
    static func vanishMidBody(port: Int, head: String, declared: Int, sent: Int, reset: Bool) async throws {
        let socket = try RawSocket(port: port, timeout: 2)
        await RawSocket.offload {
            socket.send(head + "Content-Length: \(declared)\r\n\r\n" + String(repeating: "{", count: sent))
            if reset {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(socket.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
        }
        // The socket closes when the last reference goes (RawSocket's deinit).
    }
}
