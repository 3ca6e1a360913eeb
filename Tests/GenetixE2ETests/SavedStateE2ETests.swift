import Foundation
import GenetixCore
import GenetixNet
import GenetixOperations
import GenetixTesting
import Synchronization
import Testing

/// Issue 17: operator decisions survive a restart. A real app node and a real balancer (and a real PostgreSQL) are
/// scaled, autoscale-configured, drained and weighted, then killed with SIGKILL and started again with the same
/// command lines: they come back scaled and drained. A torn state file is reported by path and ignored, and
/// `--ignore-saved-state` starts from the command line.
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs `genetix app` and `balancer` in .build/debug/genetix"))
struct SavedStateE2ETests {
    @Test func aScaledAndDrainedClusterComesBackScaledAndDrainedAfterKill9() async throws {
        try await TemporaryPostgres.with { pg in try await TemporaryDirectory.with(prefix: "saved-state") { dir in
            let tokens = dir.file("tokens.json")
            try #"[{"name": "ops", "role": "operator", "secret": "\#(NodeProcess.token)"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
            try NodeProcess.token.write(toFile: dir.file("app.token"), atomically: true, encoding: .utf8)
            let secrets = dir.file("secrets.json")
            try #"{"codeKey": "\#(String(repeating: "a1", count: 32))", "indexKey": "\#(String(repeating: "b2", count: 32))"}"#
                .write(toFile: secrets, atomically: true, encoding: .utf8)
            let state = dir.file("state")
            try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
            let workerBase = NodeProcess.freePortRange(3)
            let appAdmin = "http://127.0.0.1:\(FreePort.next())", lbAdmin = "http://127.0.0.1:\(FreePort.next())"
            let listen = FreePort.next()
            let appArguments = ["app", "--name", "app-s", "--workers", "1", "--listen-base", "127.0.0.1:\(workerBase)",
                                "--admin-listen", String(appAdmin.dropFirst(7)), "--admin-tokens", tokens, "--db", pg.conninfo,
                                "--secrets", secrets, "--state-dir", state, "--drain-timeout", "2s"]
            let lbArguments = ["balancer", "--name", "lb-s", "--listen", "127.0.0.1:\(listen)", "--admin-listen", String(lbAdmin.dropFirst(7)),
                               "--admin-tokens", tokens, "--app-admin", appAdmin, "--app-token-file", dir.file("app.token"),
                               "--state-dir", state]
            let started = Started()
            defer { started.stopAll() }
            func startApp(_ extra: [String] = []) throws -> NodeProcess {
                started.add(try NodeProcess(appArguments + extra, admin: appAdmin, log: dir.file("app.log")))
            }
            func startBalancer() throws -> NodeProcess {
                started.add(try NodeProcess(lbArguments, admin: lbAdmin, log: dir.file("lb.log")))
            }
            func online(_ node: NodeProcess) async -> Int { await node.status()?.workers?.filter { $0.state == .online }.count ?? -1 }
            func backend(_ node: NodeProcess, _ port: Int) async -> BackendStatus? {
                await node.status()?.backends?.first { $0.address == "127.0.0.1:\(port)" }
            }

            // Start from the command line (1 worker), then decide: 3 workers, an autoscaler range, drain worker 2's
            // backend, weight 5 on worker 3's.
            var app = try startApp()
            var lb = try startBalancer()
            #expect(try await E2E.eventually(.seconds(60)) { await online(app) == 1 }, "app:\n\(app.output)")
            #expect(await app.status()?.savedState?.mode == "fresh")
            #expect(await app.action("scale", #"{"workers": 3}"#) == 200)
            #expect(await app.action("autoscale", #"{"enabled": false, "min": 2, "max": 6}"#) == 200)
            #expect(try await E2E.eventually(.seconds(60)) { await online(app) == 3 }, "app:\n\(app.output)")
            #expect(try await E2E.eventually(.seconds(30)) { await lb.status()?.backends?.count == 3 }, "lb:\n\(lb.output)")
            #expect(await lb.action("drain", #"{"backend": "127.0.0.1:\#(workerBase + 1)"}"#) == 200)
            #expect(await lb.action("weight", #"{"backend": "127.0.0.1:\#(workerBase + 2)", "weight": 5}"#) == 200)
            let appFile = state + "/app-s.state.json", lbFile = state + "/lb-s.state.json"
            #expect(FileManager.default.fileExists(atPath: appFile) && FileManager.default.fileExists(atPath: lbFile))

            // kill -9 every node (and the app node's workers with it), then start them again as before.
            await app.stop()
            await lb.stop()
            app = try startApp()
            lb = try startBalancer()
            #expect(try await E2E.eventually(.seconds(60)) { await online(app) == 3 }, "app after restart:\n\(app.output)")
            let appStatus = try #require(await app.status())
            #expect(appStatus.autoscaler?.max == 6 && appStatus.autoscaler?.min == 2 && appStatus.autoscaler?.enabled == false)
            let saved = try #require(appStatus.savedState)
            #expect(saved.mode == "restored" && saved.path == appFile)
            let workers = try #require(saved.settings.first { $0.name == "workers" })
            #expect(workers.value == "3" && workers.source.hasPrefix("saved 20") && workers.actor == "ops", "\(saved)")
            #expect(await app.events().contains { $0.type == "state.restored" && $0.message.contains(appFile) })
            #expect(try await E2E.eventually(.seconds(30)) { await lb.status()?.backends?.count == 3 }, "lb after restart:\n\(lb.output)")
            #expect(await backend(lb, workerBase + 1)?.state == .draining)
            #expect(await backend(lb, workerBase + 2)?.weight == 5)
            #expect(await backend(lb, workerBase)?.state == .up)
            let lbSaved = try #require(await lb.status()?.savedState)
            #expect(lbSaved.settings.contains { $0.name == "backend 127.0.0.1:\(workerBase + 1) drained" && $0.value == "true" && $0.source.hasPrefix("saved ") })

            // A torn state file: reported by path (event and log) and ignored; the balancer starts from its command line.
            await lb.stop()
            let whole = try String(contentsOfFile: lbFile, encoding: .utf8)
            try String(whole.prefix(whole.count / 2)).write(toFile: lbFile, atomically: false, encoding: .utf8)
            lb = try startBalancer()
            #expect(try await E2E.eventually(.seconds(30)) { await lb.status()?.backends?.count == 3 }, "lb with a torn file:\n\(lb.output)")
            #expect(await lb.status()?.savedState?.mode == "corrupt")
            #expect(await backend(lb, workerBase + 1)?.state == .up)
            #expect(await lb.events().contains { $0.type == "state.corrupt" && $0.message.contains(lbFile) })
            #expect(lb.output.contains(lbFile))

            // --ignore-saved-state: the command line's 1 worker; the saved file is kept aside.
            await app.stop()
            app = try startApp(["--ignore-saved-state"])
            #expect(try await E2E.eventually(.seconds(60)) { await online(app) == 1 }, "app ignoring saved state:\n\(app.output)")
            #expect(try await E2E.eventually(.seconds(10)) { await app.status()?.workers?.count == 1 })
            let ignored = try #require(await app.status()?.savedState)
            #expect(ignored.mode == "ignored")
            #expect(ignored.settings.first { $0.name == "workers" }?.source == "command-line")
            #expect(FileManager.default.fileExists(atPath: appFile + ".ignored") && !FileManager.default.fileExists(atPath: appFile))
        } }
    }
}

/// The node processes a test started, so that every one is stopped however the test ends.
final class Started: Sendable {
    private let nodes = Mutex<[NodeProcess]>([])

    @discardableResult
    func add(_ node: NodeProcess) -> NodeProcess {
        nodes.withLock { $0.append(node) }
        return node
    }

    /// SIGKILLs every process group started and not yet reaped, and reaps them; database nodes get SIGTERM first so
    /// their agents stop the PostgreSQL servers they run.
    func stopAll() {
        for node in nodes.withLock({ $0 }) { node.kind == "database" ? node.terminate() : node.stopNow() }
    }
}
