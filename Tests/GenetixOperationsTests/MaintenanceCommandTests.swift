import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing

/// `genetix weight`, `purge`, `fence`, `unfence`, `follow`, `rejoin`, `sync`, `pause` and `resume` through the built executable: the
/// same `--yes`, `--json` and exit codes as the other mutating commands, each one POST to the right node.
@Suite struct MaintenanceCommandTests {
    struct Report: Decodable {
        struct Outcome: Decodable { var summary: String }
        var action: String
        var command: String
        var outcome: Outcome?
        var error: String?
        var paused: Bool?
        var summary: String?
    }

    @Test func everyMaintenanceCommandRunsOnceWithJSONAndExitCodes() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "maintenance")
        do {
            let config = dir.file("c.json")
            try cluster.configJSON().write(toFile: config, atomically: true, encoding: .utf8)
            for node in cluster.databases.values { node.setFailover("auto") }
            func run(_ args: [String]) async throws -> (code: Int32, report: Report?) {
                let result = try await GenetixExecutable.run(args + ["--yes", "--json", "--config", config])
                // Standard output (the JSON report, from its `{` line to its `}` line) and error share the file.
                let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
                guard let start = lines.firstIndex(of: "{"), let end = lines[start...].firstIndex(of: "}") else { return (result.code, nil) }
                let json = lines[start...end].joined(separator: "\n")
                return (result.code, try? GenetixJSON.decode(Report.self, from: Array(json.utf8)))
            }
            let backend = "127.0.0.1:8101"
            let cases: [([String], String, String)] = [
                (["weight", "lb-1", backend, "5"], "lb weight \(backend) 5", "genetix weight lb-1 \(backend) 5 --yes"),
                (["purge", "lb-1", "/static/"], "lb purge /static/", "genetix purge lb-1 /static/ --yes"),
                (["sync", "db-1", "on"], "db-1 sync true", "genetix sync db-1 on --yes"),
                (["fence", "db-1"], "db-1 fence", "genetix fence db-1 --yes"),
                (["unfence", "db-1"], "db-1 unfence", "genetix unfence db-1 --yes"),
                (["follow", "db-3"], "db-3 follow 127.0.0.1:5433", "genetix follow db-3 --yes"),
                (["rejoin", "db-2", "--primary", "127.0.0.1:5435"], "db-2 rejoin 127.0.0.1:5435", "genetix rejoin db-2 --primary 127.0.0.1:5435 --yes"),
                (["pause"], "db-1 pause", "genetix pause --yes"),
                (["resume", "db-3"], "db-3 resume", "genetix resume db-3 --yes"),
            ]
            for (args, journal, command) in cases {
                let before = cluster.journal.all.count
                let (code, report) = try await run(args)
                #expect(code == 0, "\(args)")
                #expect(report?.command == command)
                #expect(report?.outcome != nil && report?.error == nil, "\(args): \(report?.error ?? "no report")")
                #expect(Array(cluster.journal.all.dropFirst(before)) == [journal], "\(args)")
                if ["pause", "resume"].contains(args[0]) {
                    #expect(report?.paused == (args[0] == "pause") && report?.summary == report?.outcome?.summary, "\(args)")
                }
            }
            // Refused before anything is sent: exit 1 with the blocker in the report.
            let before = cluster.journal.all.count
            let (fenceReplica, refused) = try await run(["fence", "db-2"])
            #expect(fenceReplica == 1)
            #expect(refused?.error?.contains("db-2 is not a primary") == true)
            let (badBackend, _) = try await run(["weight", "lb-1", "127.0.0.1:1", "5"])
            #expect(badBackend == 1)
            #expect(cluster.journal.all.count == before)
            // Usage: exit 64.
            #expect(try await run(["weight", "lb-1", backend, "heavy"]).code == 64)
            #expect(try await run(["sync", "db-1", "maybe"]).code == 64)
            // A node of the wrong kind is refused in the preflight, as for scale and promote.
            let wrongKind = try await run(["fence", "app-1"])
            #expect(wrongKind.code == 1)
            #expect(wrongKind.report?.error == "fence applies to database nodes, and app-1 is a app node")
            // Rejoining a node that still accepts writes discards them: refused with the override named, run with --force.
            let beforeRejoin = cluster.journal.all.count
            let (rejoinWritable, unsafe) = try await run(["rejoin", "db-1", "--primary", "127.0.0.1:5434"])
            #expect(rejoinWritable == 1)
            #expect(unsafe?.error?.contains("db-1 still accepts writes") == true, "\(unsafe?.error ?? "no report")")
            #expect(unsafe?.error?.contains("genetix rejoin db-1 --force") == true)
            #expect(cluster.journal.all.count == beforeRejoin)
            let (forced, forcedReport) = try await run(["rejoin", "db-1", "--primary", "127.0.0.1:5434", "--force"])
            #expect(forced == 0, "\(forcedReport?.error ?? "no report")")
            #expect(forcedReport?.command == "genetix rejoin db-1 --primary 127.0.0.1:5434 --force --yes")
            #expect(Array(cluster.journal.all.dropFirst(beforeRejoin)) == ["db-1 rejoin 127.0.0.1:5434 force"])
        }
        dir.remove()
        await cluster.shutdown()
    }
}

/// Pause and resume of automatic failover are `ClusterAction`s on the one road: a preflight that reads the node's
/// `ha.mode`, one POST, and the JSON report keeping the `paused` and `summary` fields the commands printed before.
@Suite struct FailoverPauseTests {
    @Test func pauseAndResumeRunThroughTheOperatorWithTheirPreflight() async throws {
        let cluster = try TestCluster()
        do {
            let runner = ClusterOperator(cluster: try ClusterClient(config: cluster.config(), timeout: .seconds(2)))
            // Without etcd (no `ha` in the status) there is nothing to pause: refused, nothing sent.
            let manual = await runner.preflight(.pause(via: "db-2"))
            #expect(manual.blocker?.hasPrefix("db-2 runs without etcd (ha.mode manual)") == true, "\(manual)")
            for node in cluster.databases.values { node.setFailover("auto") }
            let pause = ClusterAction.pause(via: "db-2")
            #expect(pause.headlessCommand == "genetix pause db-2 --yes")
            let preflight = await runner.preflight(pause)
            #expect(preflight.blocker == nil, "\(preflight)")
            #expect(preflight.lines.first == "db-2: automatic failover auto", "\(preflight.lines)")
            let outcome = try await runner.perform(pause, checked: preflight)
            #expect(outcome.summary.hasPrefix("automatic failover paused for the whole cluster"))
            #expect(cluster.journal.all == ["db-2 pause"])
            // Paused now: pausing again warns, resuming is what the console's key offers next.
            #expect(await runner.preflight(.pause(via: "db-2")).warnings == ["automatic failover is already paused"])
            let resume = ClusterAction.resume(via: nil)
            let resumed = try await runner.perform(resume, checked: await runner.preflight(resume))
            #expect(resumed.summary == "automatic failover resumed for the whole cluster")
            #expect(cluster.journal.all == ["db-2 pause", "db-1 resume"])
            // Not a database node: refused before anything is sent.
            let wrong = await runner.preflight(.pause(via: "app-1"))
            #expect(wrong.blocker == "pause applies to database nodes, and app-1 is a app node")
            #expect(cluster.journal.all.count == 2)
        }
        await cluster.shutdown()
    }
}
