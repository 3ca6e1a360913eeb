import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing

/// `genetix weight`, `purge`, `fence`, `unfence`, `follow`, `rejoin` and `sync` through the built executable: the
/// same `--yes`, `--json` and exit codes as the other mutating commands, each one POST to the right node.
@Suite struct MaintenanceCommandTests {
    struct Report: Decodable {
        struct Outcome: Decodable { var summary: String }
        var action: String
        var command: String
        var outcome: Outcome?
        var error: String?
    }

    @Test func everyMaintenanceCommandRunsOnceWithJSONAndExitCodes() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "maintenance")
        do {
            let config = dir.file("c.json")
            try cluster.configJSON().write(toFile: config, atomically: true, encoding: .utf8)
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
            ]
            for (args, journal, command) in cases {
                let before = cluster.journal.all.count
                let (code, report) = try await run(args)
                #expect(code == 0, "\(args)")
                #expect(report?.command == command)
                #expect(report?.outcome != nil && report?.error == nil, "\(args): \(report?.error ?? "no report")")
                #expect(Array(cluster.journal.all.dropFirst(before)) == [journal], "\(args)")
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
