import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// The built executable's exit codes: cron mode, UNKNOWN on an unreadable configuration, and a real scale.
@Suite struct HeadlessCommandTests {
    @Test func cronModeWithoutYesIsAUsageError() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "cron")
        do {
            try cluster.configJSON().write(toFile: dir.file("c.json"), atomically: true, encoding: .utf8)
            let refused = try await GenetixExecutable.run(["scale", "app-1", "+2", "--config", dir.file("c.json")])
            #expect(refused.code == 64)
            #expect(refused.output.contains("add --yes"))
            #expect(cluster.app1.workerCount == 2)
            let done = try await GenetixExecutable.run(["scale", "app-1", "+2", "--yes", "--config", dir.file("c.json")])
            #expect(done.code == 0, "\(done.output)")
            #expect(done.output.contains("done: app-1 scaled from 2 to 4 workers"))
            #expect(cluster.app1.workerCount == 4)
            let usage = try await GenetixExecutable.run(["scale", "app-1", "two", "--yes", "--config", dir.file("c.json")])
            #expect(usage.code == 64)
        }
        dir.remove()
        await cluster.shutdown()
    }

    /// `genetix drain` of the last healthy backend is refused with why and how; `--force` drains it.
    @Test func drainOfTheLastHealthyBackendNeedsForce() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "drain")
        do {
            try cluster.configJSON().write(toFile: dir.file("c.json"), atomically: true, encoding: .utf8)
            for address in ["127.0.0.1:8101", "127.0.0.1:8102", "127.0.0.1:8121"] { cluster.balancer.setState(address, .draining) }
            let refused = try await GenetixExecutable.run(["drain", "lb-1", "127.0.0.1:8122", "--yes", "--config", dir.file("c.json")])
            #expect(refused.code == 1, "\(refused.output)")
            #expect(refused.output.contains("127.0.0.1:8122 is the last healthy backend of lb-1"), "\(refused.output)")
            #expect(refused.output.contains("genetix drain lb-1 127.0.0.1:8122 --force"))
            #expect(cluster.balancer.state(of: "127.0.0.1:8122") == .up)
            let forced = try await GenetixExecutable.run(["drain", "lb-1", "127.0.0.1:8122", "--force", "--yes", "--config", dir.file("c.json")])
            #expect(forced.code == 0, "\(forced.output)")
            #expect(cluster.balancer.state(of: "127.0.0.1:8122") == .draining)
        }
        dir.remove()
        await cluster.shutdown()
    }

    @Test func checkExitCodesFromOKToCriticalToUnknown() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "check")
        do {
            try cluster.configJSON().write(toFile: dir.file("c.json"), atomically: true, encoding: .utf8)
            let ok = try await GenetixExecutable.run(["check", "--config", dir.file("c.json")])
            #expect(ok.code == 0, "\(ok.output)")
            #expect(ok.output.hasPrefix("GENETIX OK - test: all 6 nodes ok"))
            await cluster.stop("db-3")
            // db-3 refuses connections at once; the timeout only has to let the live nodes answer on a busy machine.
            let crit = try await GenetixExecutable.run(["check", "--config", dir.file("c.json"), "--timeout", "5s"])
            #expect(crit.code == 2)
            #expect(crit.output.hasPrefix("GENETIX CRITICAL - test: db-3 unreachable"))
            chmod(dir.file("c.json"), 0)
            let unknown = try await GenetixExecutable.run(["check", "--config", dir.file("c.json")])
            if getuid() != 0 { #expect(unknown.code == 3) }
            let missing = try await GenetixExecutable.run(["check", "--config", dir.file("missing.json")])
            #expect(missing.code == 3)
            #expect(missing.output.hasPrefix("GENETIX UNKNOWN - cannot read the configuration: "))
        }
        dir.remove()
        await cluster.shutdown()
    }
}
