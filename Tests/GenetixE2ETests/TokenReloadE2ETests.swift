import Foundation
import GenetixNet
import GenetixOperations
import GenetixTesting
import Glibc
import Synchronization
import Testing

/// Issue 17: SIGHUP reloads the admin tokens file and the balancer's backends. A real balancer in front of a real
/// `genetix http-echo` serves a steady stream of requests while its tokens file is rotated, a second backend is added
/// to its `--config` (with a rate-limit change it cannot apply live) and SIGHUP sent: the new token works, the old one
/// is refused, the new backend takes requests, the unapplied change is reported, and not one proxied request or
/// operator status poll fails on the way. A broken tokens file keeps the old tokens.
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs `genetix balancer` in .build/debug/genetix"))
struct TokenReloadE2ETests {
    @Test func sighupRotatesATokenWithNoFailedRequestUnderLoad() async throws {
        try await TemporaryDirectory.with(prefix: "reload") { dir in
            let tokens = dir.file("tokens.json")
            func write(cron: String) throws {
                try #"[{"name": "ops", "role": "operator", "secret": "\#(NodeProcess.token)"}, {"name": "cron", "role": "viewer", "secret": "\#(cron)"}]"#
                    .write(toFile: tokens, atomically: true, encoding: .utf8)
            }
            try write(cron: "cron-secret-old-0123456789")
            let echo = FreePort.next(), echo2 = FreePort.next(), listen = FreePort.next(), admin = FreePort.next()
            let config = dir.file("lb.json")
            try #"{"backend": ["127.0.0.1:\#(echo)"]}"#.write(toFile: config, atomically: true, encoding: .utf8)
            let started = Started()
            defer { started.stopAll() }
            _ = started.add(try NodeProcess(["http-echo", "--listen", "127.0.0.1:\(echo)", "--threads", "1"], admin: "http://127.0.0.1:\(echo)",
                                            log: dir.file("echo.log")))
            _ = started.add(try NodeProcess(["http-echo", "--listen", "127.0.0.1:\(echo2)", "--threads", "1"], admin: "http://127.0.0.1:\(echo2)",
                                            log: dir.file("echo2.log")))
            let lb = started.add(try NodeProcess(["balancer", "--name", "lb-r", "--listen", "127.0.0.1:\(listen)", "--config", config,
                                                  "--admin-listen", "127.0.0.1:\(admin)", "--admin-tokens", tokens, "--threads", "1"],
                                                 admin: "http://127.0.0.1:\(admin)", log: dir.file("lb.log")))
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
            func status(_ secret: String) async -> Int {
                var headers = HTTPHeaders()
                headers.add("Authorization", "Bearer \(secret)")
                return (try? await client.get("http://127.0.0.1:\(admin)/admin/v1/status", headers: headers))?.status ?? 0
            }
            #expect(try await E2E.eventually(.seconds(30)) { (try? await client.get("http://127.0.0.1:\(listen)/json"))?.status == 200 },
                    "\(lb.output)")
            // The public listener is bound before the admin API: wait for the admin side too.
            #expect(try await E2E.eventually(.seconds(30)) { await status("cron-secret-old-0123456789") == 200 }, "\(lb.output)")
            // The balancer's active health check has passed at least once (the backend answers /readyz).
            #expect(try await E2E.eventually(.seconds(30)) {
                guard let backend = await lb.status()?.backends?.first else { return false }
                return backend.lastCheck != nil && backend.state == .up
            }, "\(lb.output)")

            // Load: proxied requests and operator status polls, until told to stop.
            let counts = Mutex((requests: 0, failures: [String]()))
            let stop = Atomic<Bool>(false)
            let load = Task {
                while !stop.load(ordering: .relaxed) {
                    let proxied = (try? await client.get("http://127.0.0.1:\(listen)/json"))?.status ?? 0
                    let polled = await status(NodeProcess.token)
                    counts.withLock { c in
                        c.requests += 2
                        if proxied != 200 { c.failures.append("proxied \(proxied)") }
                        if polled != 200 { c.failures.append("status \(polled)") }
                    }
                }
            }
            #expect(try await E2E.eventually { counts.withLock { $0.requests } > 50 })

            // Rotate the viewer token, add a backend (and change a limit that needs a restart), send SIGHUP.
            try write(cron: "cron-secret-new-9876543210")
            try #"{"backend": ["127.0.0.1:\#(echo)", "127.0.0.1:\#(echo2)"], "rate-limit": 1000}"#.write(toFile: config, atomically: true, encoding: .utf8)
            lb.kill(SIGHUP)
            #expect(try await E2E.eventually { await lb.status()?.backends?.count == 2 }, "\(lb.output)")
            #expect(try await E2E.eventually {
                (await lb.status()?.backends?.first { $0.address == "127.0.0.1:\(echo2)" }?.requests ?? 0) > 5
            }, "the added backend takes no requests:\n\(lb.output)")
            #expect(await lb.events().contains { $0.type == "reload.partial" && $0.message.contains("--rate-limit") && $0.message.contains("+1") })
            #expect(try await E2E.eventually { await status("cron-secret-new-9876543210") == 200 }, "\(lb.output)")
            #expect(await status("cron-secret-old-0123456789") == 401)
            #expect(await lb.events().contains { $0.type == "reload.tokens" })

            // A broken file: reported, the current tokens stay.
            try "[{not json".write(toFile: tokens, atomically: true, encoding: .utf8)
            lb.kill(SIGHUP)
            #expect(try await E2E.eventually { await lb.events().contains { $0.type == "reload.failed" && $0.message.contains(tokens) } })
            #expect(await status("cron-secret-new-9876543210") == 200)

            let before = counts.withLock { $0.requests }
            #expect(try await E2E.eventually { counts.withLock { $0.requests } > before + 20 })
            stop.store(true, ordering: .relaxed)
            await load.value
            let result = counts.withLock { $0 }
            #expect(result.failures.isEmpty, "\(result.failures.count) of \(result.requests) requests failed: \(result.failures.prefix(5))")
            await client.shutdown()
        }
    }
}
