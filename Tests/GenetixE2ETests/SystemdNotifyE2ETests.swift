import Foundation
import GenetixNet
import GenetixOperations
import GenetixTesting
import Glibc
import Testing

/// Issue 17: `Type=notify`. A real balancer started with `NOTIFY_SOCKET` (a path, or an abstract `@` name) bound by
/// the test sends READY=1 only once its public port answers, then WATCHDOG=1 at half of `WATCHDOG_USEC` for as long as
/// it runs, and STOPPING=1 on SIGTERM.
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs `genetix balancer` in .build/debug/genetix"))
struct SystemdNotifyE2ETests {
    @Test(arguments: [false, true])
    func readyOnlyOnceThePortAnswersThenWatchdogPingsThenStopping(abstract: Bool) async throws {
        try await TemporaryDirectory.with(prefix: "notify") { dir in
            let tokens = dir.file("tokens.json")
            try #"[{"name": "ops", "role": "operator", "secret": "\#(NodeProcess.token)"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
            let name = abstract ? "@genetix-notify-test-\(UUID().uuidString.prefix(8))" : dir.file("notify.sock")
            let socket = try NotifySocket(name: name)
            defer { socket.close() }
            let listen = FreePort.next(), admin = FreePort.next()
            let started = Started()
            defer { started.stopAll() }
            let node = started.add(try NodeProcess(["balancer", "--name", "lb-n", "--listen", "127.0.0.1:\(listen)", "--backend", "127.0.0.1:9",
                                                    "--admin-listen", "127.0.0.1:\(admin)", "--admin-tokens", tokens],
                                                   admin: "http://127.0.0.1:\(admin)", log: dir.file("lb.log"),
                                                   environment: ["NOTIFY_SOCKET": name, "WATCHDOG_USEC": "400000"]))

            // The first datagram is READY=1, and at that moment both ports already accept connections.
            let first = try #require(await socket.receive(within: 60), "no notification; the node said:\n\(node.output)")
            let lines = first.split(separator: "\n")
            #expect(lines.contains("READY=1"), "\(first)")
            #expect(lines.contains("MAINPID=\(node.pid)"), "\(first)")
            #expect(Self.accepts(port: listen), "READY=1 came before the public port answered")
            #expect(Self.accepts(port: admin), "READY=1 came before the admin port answered")

            // WATCHDOG=1 keeps coming (every 200 ms here); wait for five of them.
            var pings = 0
            while pings < 5, let message = await socket.receive(within: 10) {
                #expect(message == "WATCHDOG=1", "\(message)")
                if message == "WATCHDOG=1" { pings += 1 }
            }
            #expect(pings == 5, "\(pings) WATCHDOG=1 received; the node said:\n\(node.output)")

            // SIGTERM: STOPPING=1 (pings may still arrive before it).
            node.kill(SIGTERM)
            var stopping = false
            while !stopping, let message = await socket.receive(within: 20) { stopping = message.split(separator: "\n").contains("STOPPING=1") }
            #expect(stopping, "no STOPPING=1; the node said:\n\(node.output)")
        }
    }

    /// Whether a TCP connection to 127.0.0.1:`port` completes now.
    static func accepts(port: Int) -> Bool {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
