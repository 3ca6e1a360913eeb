import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing

/// `--output`, `-q`, `-v`, `logs -n` and `events --follow` through the built executable against real admin servers.
@Suite struct OutputControlsCommandTests {
    /// Runs the executable with a per-node timeout that a loaded machine cannot miss (a dead node refuses at once).
    static func genetix(_ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
        try await GenetixExecutable.runSeparately(arguments + ["--timeout", "10s"])
    }

    /// Runs `body` with a fresh test cluster, a scratch directory and the cluster's configuration file in it.
    static func withCluster(_ prefix: String, _ body: (TestCluster, TemporaryDirectory, String) async throws -> Void) async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: prefix)
        do {
            let config = dir.file("c.json")
            try cluster.configJSON().write(toFile: config, atomically: true, encoding: .utf8)
            try await body(cluster, dir, config)
        } catch {
            dir.remove()
            await cluster.shutdown()
            throw error
        }
        dir.remove()
        await cluster.shutdown()
    }

    @Test func outputJSONIsTheJSONAliasAndWideAddsColumns() async throws {
        try await Self.withCluster("output") { cluster, dir, config in
            let viaAlias = try await Self.genetix(["status", "--json", "--config", config])
            let viaOutput = try await Self.genetix(["status", "--output", "json", "--config", config])
            #expect(viaAlias.code == 0 && viaOutput.code == 0, "\(viaAlias.err)\(viaOutput.err)")
            let a = try GenetixJSON.decode(StatusReport.self, from: Array(viaAlias.out.utf8))
            let b = try GenetixJSON.decode(StatusReport.self, from: Array(viaOutput.out.utf8))
            #expect(a.nodes.map(\.name) == TestCluster.order && b.nodes.map(\.name) == TestCluster.order)
            #expect(a.summary == b.summary)
            let wide = try await Self.genetix(["status", "-o", "wide", "--config", config])
            #expect(wide.code == 0)
            let header = wide.out.split(separator: "\n").first { $0.hasPrefix("NODE") }.map(String.init) ?? ""
            #expect(header.split(separator: " ").map(String.init) == ["NODE", "KIND", "ROLE", "HEALTH", "REQ/S", "P99", "5XX", "CPU",
                                                                       "ADMIN", "PID", "VERSION", "STARTED", "ASKED", "DETAIL"], "\(wide.out)")
            #expect(wide.out.contains(cluster.servers["app-1"]!.url))
            let text = try await Self.genetix(["status", "--output", "text", "--config", config])
            #expect(!text.out.contains("ADMIN") && text.out.contains("DETAIL"))
            // The same pair on a mutating command: --output json prints the action report as --json does.
            let scaled = try await Self.genetix(["scale", "app-1", "3", "--yes", "--output", "json", "--config", config])
            #expect(scaled.code == 0, "\(scaled.err)")
            #expect(scaled.out.hasPrefix("{") && scaled.out.contains("genetix scale app-1 3 --yes"), "\(scaled.out)")
            let contradiction = try await Self.genetix(["status", "--json", "--output", "wide", "--config", config])
            #expect(contradiction.code == 64)
            #expect(contradiction.err.contains("'--json' and '--output wide' of 'genetix status' contradict each other"))
            let checkContradiction = try await Self.genetix(["check", "-q", "-v", "--config", config])
            #expect(checkContradiction.code == 3, "check's usage errors are UNKNOWN")
        }
    }

    @Test func quietPrintsOnlyErrorsAndVerboseShowsEveryRequest() async throws {
        try await Self.withCluster("quiet") { cluster, dir, config in
            let quiet = try await Self.genetix(["status", "-q", "--config", config])
            #expect(quiet.code == 0 && quiet.out.isEmpty && quiet.err.isEmpty, "\(quiet)")
            let quietScale = try await Self.genetix(["scale", "app-1", "+1", "--yes", "--quiet", "--config", config])
            #expect(quietScale.code == 0 && quietScale.out.isEmpty && quietScale.err.isEmpty, "\(quietScale)")
            #expect(cluster.app1.workerCount == 3)
            let quietRefusal = try await Self.genetix(["scale", "app-9", "+1", "--yes", "-q", "--config", config])
            #expect(quietRefusal.code != 0 && quietRefusal.out.isEmpty)
            #expect(quietRefusal.err.contains("app-9"), "an error still says what went wrong")
            await cluster.stop("db-3")
            let quietDown = try await Self.genetix(["events", "-q", "--config", config])
            #expect(quietDown.code == 3 && quietDown.out.isEmpty && quietDown.err.isEmpty, "no warnings either: \(quietDown)")
            let verbose = try await Self.genetix(["status", "-v", "--json", "--config", config])
            #expect(verbose.code == 3)
            #expect(verbose.err.contains("genetix: configuration \(config): cluster test, 6 nodes"), "\(verbose.err)")
            for name in ["lb-1", "app-1", "app-2", "db-1", "db-2"] {
                let url = cluster.servers[name]!.url + "/admin/v1/status"
                #expect(verbose.err.contains("genetix: GET \(url) (\(name)): 200 in "), "\(name): \(verbose.err)")
            }
            #expect(verbose.err.contains("/admin/v1/status (db-3): no answer ("), "\(verbose.err)")
            let check = try await Self.genetix(["check", "-v", "--node", "app-1", "--config", config])
            #expect(check.code == 0 && check.out.hasPrefix("GENETIX OK"), "\(check)")
            #expect(check.err.contains("genetix: GET \(cluster.servers["app-1"]!.url)/admin/v1/status (app-1): 200 in "), "\(check.err)")
            let quietCheck = try await Self.genetix(["check", "-q", "--config", config])
            #expect(quietCheck.code == 2 && quietCheck.out.isEmpty && quietCheck.err.isEmpty, "db-3 is down: CRITICAL, said by the exit code alone")
            // Standard output stays the JSON document alone.
            #expect((try? GenetixJSON.decode(StatusReport.self, from: Array(verbose.out.utf8)))?.summary.unreachable == 1)
        }
    }

    @Test func logsLastNLinesLikeTail() async throws {
        try await Self.withCluster("logs-n") { cluster, dir, config in
            let base = Date(timeIntervalSince1970: 1_900_000_000)
            for i in 0..<5 {
                cluster.logs["app-1"]!.append(level: .info, source: "test", message: "tail-line-\(i)", time: base.addingTimeInterval(Double(i * 2)))
                cluster.logs["app-2"]!.append(level: .info, source: "test", message: "tail-line-\(i)b", time: base.addingTimeInterval(Double(i * 2 + 1)))
            }
            let last = try await Self.genetix(["logs", "app-1", "app-2", "-n", "3", "--grep", "tail-line", "--config", config])
            #expect(last.code == 0, "\(last.err)")
            let messages = last.out.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).joined(separator: " ") }
            #expect(messages == ["tail-line-3b", "tail-line-4", "tail-line-4b"], "\(last.out)")
            let json = try await Self.genetix(["logs", "app-1", "--lines=2", "--grep", "tail-line", "--output", "json", "--config", config])
            let entries = json.out.split(separator: "\n").compactMap { try? GenetixJSON.decode(LogEntry.self, from: Array($0.utf8)) }
            #expect(entries.map(\.message) == ["tail-line-3", "tail-line-4"], "\(json.out)")
            let none = try await Self.genetix(["logs", "-n", "0", "--config", config])
            #expect(none.code == 0 && none.out.isEmpty)
            for bad in ["-1", "many", "1000001"] {
                let refused = try await Self.genetix(["logs", "-n", bad, "--config", config])
                #expect(refused.code == 64, "\(bad)")
                #expect(refused.err.contains("invalid value '\(bad)' for '--lines' of 'genetix logs': expected an integer from 0 to 1000000."),
                        "\(refused.err)")
            }
        }
    }

    /// `events --follow --output json`: the events already there, then each new one as one JSON line, until SIGINT (exit 0).
    @Test func eventsFollowStreamsJSONLinesUntilInterrupted() async throws {
        try await Self.withCluster("events-follow") { cluster, dir, config in
            cluster.events["db-1"]!.emit(type: "test.before", message: "already there")
            let pid = try ChildProcess.spawn(GenetixExecutable.path, ["events", "--follow", "--output", "json", "--config", config, "--timeout", "10s"],
                                             logFile: dir.file("out"), errorFile: dir.file("err"), newGroup: true)
            func events() -> [NodeEvent] {
                let text = (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? ""
                return text.split(separator: "\n").compactMap { try? GenetixJSON.decode(NodeEvent.self, from: Array($0.utf8)) }
            }
            func waitFor(_ type: String) async -> Bool {
                for _ in 0..<200 where !events().contains(where: { $0.type == type }) { try? await Task.sleep(for: .milliseconds(50)) }
                return events().contains { $0.type == type }
            }
            #expect(await waitFor("test.before"))
            cluster.events["app-2"]!.emit(type: "test.after", severity: .warn, message: "arrived while following", target: "worker-1")
            #expect(await waitFor("test.after"))
            let after = events().first { $0.type == "test.after" }
            #expect(after?.node == "app-2" && after?.target == "worker-1" && after?.severity == "warn")
            let lines = ((try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? "").split(separator: "\n")
            #expect(lines.count == events().count, "every line is one JSON object")
            kill(pid, SIGINT)
            let status = await ChildProcess.wait(pid)
            #expect(status & 0x7F == 0 && (status >> 8) & 0xFF == 0, "SIGINT ends following with exit 0 (status \(status))")
            kill(-pid, SIGKILL)
        }
    }
}
