import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing

/// The four refusals that `--force` lifts (a scale to 0, a drain of the last healthy backend, an unfence beside another
/// primary, a rejoin of a node that still accepts writes): the preflight says why and names the override, the
/// headless command refuses with exit 1 and sends nothing, and the override it names — the command the console's
/// `F` prints — runs through the executable and sends the forced POST once.
@Suite struct RefusalOverrideTests {
    struct Report: Decodable {
        struct Preflight: Decodable { var blocker: String?; var override: String? }
        var preflight: Preflight
        var error: String?
    }

    @Test func eachRefusalNamesItsOverrideAndTheOverrideRuns() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "override")
        do {
            let config = dir.file("c.json")
            try cluster.configJSON().write(toFile: config, atomically: true, encoding: .utf8)
            let runner = ClusterOperator(cluster: try ClusterClient(config: cluster.config(), timeout: .seconds(5)))
            for address in ["127.0.0.1:8101", "127.0.0.1:8102", "127.0.0.1:8121"] { cluster.balancer.setState(address, .draining) }
            let cases: [(ClusterAction, String, String)] = [
                (.scale(node: "app-1", change: .exactly(0)), "scaling app-1 to 0 would stop all 2 of its workers", #"app-1 scale {"force":true,"workers":0}"#),
                (.drain(balancer: "lb-1", backend: "127.0.0.1:8122"), "127.0.0.1:8122 is the last healthy backend of lb-1", "lb drain 127.0.0.1:8122"),
                (.unfence(node: "db-2"), "db-1 is also a primary: two writable primaries split the data", "db-2 unfence force"),
                (.rejoin(node: "db-1", primary: "127.0.0.1:5434"), "db-1 still accepts writes", "db-1 rejoin 127.0.0.1:5434 force"),
            ]
            for (action, why, journal) in cases {
                let forced = try #require(action.forced, "\(action.title) has no override")
                let preflight = await runner.preflight(action)
                #expect(preflight.blocker?.contains(why) == true, "\(action.title): \(preflight)")
                #expect(preflight.blocker?.contains("--force") == true, "the refusal says how to override: \(preflight.blocker ?? "")")
                #expect(preflight.override == forced.headlessCommand)
                // Headless, unforced: refused, exit 1, nothing sent; the JSON names the override.
                let before = cluster.journal.all.count
                let refused = try await GenetixExecutable.run(Self.argv(action.headlessCommand) + ["--json", "--config", config])
                #expect(refused.code == 1, "\(refused.output)")
                #expect(Self.report(refused.output)?.preflight.override == forced.headlessCommand, "\(refused.output)")
                #expect(cluster.journal.all.count == before)
                // The override, as printed: runs, one forced POST.
                let ran = try await GenetixExecutable.run(Self.argv(forced.headlessCommand) + ["--config", config])
                #expect(ran.code == 0, "\(forced.headlessCommand): \(ran.output)")
                #expect(Array(cluster.journal.all.dropFirst(before)) == [journal], "\(forced.headlessCommand)")
            }
            // A refusal that force does not lift names no override.
            let fenceReplica = await runner.preflight(.fence(node: "db-3"))
            #expect(fenceReplica.blocker != nil && fenceReplica.override == nil)
        }
        dir.remove()
        await cluster.shutdown()
    }

    /// `genetix scale app-1 0 --force --yes` → its arguments after `genetix`.
    static func argv(_ command: String) -> [String] { command.split(separator: " ").dropFirst().map(String.init) }

    static func report(_ output: String) -> Report? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "{"), let end = lines[start...].firstIndex(of: "}") else { return nil }
        return try? GenetixJSON.decode(Report.self, from: Array(lines[start...end].joined(separator: "\n").utf8))
    }
}
