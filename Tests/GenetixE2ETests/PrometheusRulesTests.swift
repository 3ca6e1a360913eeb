import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// docs/deploy/prometheus: the alerting rules pass `promtool check rules` and their unit tests
/// (`promtool test rules`), and the scrape configuration passes `promtool check config` (with its token and CA files
/// placed in a scratch directory).
@Suite struct PrometheusRulesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/deploy/prometheus").path

    static func promtool(_ arguments: [String], in directory: String, log: String) async throws -> (Int32, String) {
        let tool = try #require(PrometheusLiveE2ETests.promtool, "promtool is missing: scripts/setup installs Debian's prometheus package")
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        let pid = try ChildProcess.spawn("/bin/sh", ["-c", "cd '\(directory)' && exec \(tool) \(quoted)"], logFile: log, newGroup: true)
        let status = await ChildProcess.wait(pid)
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func rulesCheckAndPassTheirUnitTestsAndTheScrapeConfigChecks() async throws {
        try await TemporaryDirectory.with(prefix: "promtool") { dir in
            let check = try await Self.promtool(["check", "rules", "genetix-rules.yml"], in: Self.directory, log: dir.file("check.log"))
            #expect(check.0 == 0 && check.1.contains("SUCCESS: 8 rules found"), "\(check.1)")
            let test = try await Self.promtool(["test", "rules", "genetix-rules.test.yml"], in: Self.directory, log: dir.file("test.log"))
            #expect(test.0 == 0 && test.1.contains("SUCCESS"), "\(test.1)")
            for file in ["genetix-rules.yml", "genetix-targets.json"] {
                try FileManager.default.copyItem(atPath: Self.directory + "/" + file, toPath: dir.file(file))
            }
            try "viewer-token-0123456789\n".write(toFile: dir.file("genetix-viewer.token"), atomically: true, encoding: .utf8)
            try "".write(toFile: dir.file("genetix-cluster-ca.pem"), atomically: true, encoding: .utf8)
            let config = try String(contentsOfFile: Self.directory + "/prometheus.yml", encoding: .utf8)
                .replacingOccurrences(of: "/etc/prometheus/", with: dir.path + "/")
            try config.write(toFile: dir.file("prometheus.yml"), atomically: true, encoding: .utf8)
            let checked = try await Self.promtool(["check", "config", "prometheus.yml"], in: dir.path, log: dir.file("config.log"))
            #expect(checked.0 == 0, "\(checked.1)")
        }
    }

    /// `genetix-targets.json` is what `genetix prometheus-targets` makes of the deploy example's console configuration
    /// (and the test above has promtool check it as a file_sd file).
    @Test func theTargetsFileIsGeneratedFromTheClusterConfiguration() async throws {
        try await TemporaryDirectory.with(prefix: "targets") { dir in
            let example = URL(fileURLWithPath: Self.directory).deletingLastPathComponent().appendingPathComponent("example/console.json").path
            try FileManager.default.copyItem(atPath: example, toPath: dir.file("console.json"))
            try "operator-token-0123456789\n".write(toFile: dir.file("operator.token"), atomically: true, encoding: .utf8)
            try "".write(toFile: dir.file("cluster-ca.pem"), atomically: true, encoding: .utf8)
            let pid = try ChildProcess.spawn(GenetixExecutable.path, ["prometheus-targets", "--config", dir.file("console.json"), "--out", dir.file("targets.json")],
                                             logFile: dir.file("targets.log"), newGroup: true)
            #expect(await ChildProcess.wait(pid) == 0, "\((try? String(contentsOfFile: dir.file("targets.log"), encoding: .utf8)) ?? "")")
            let generated = try String(contentsOfFile: dir.file("targets.json"), encoding: .utf8)
            let shipped = try String(contentsOfFile: Self.directory + "/genetix-targets.json", encoding: .utf8)
            #expect(generated == shipped, "docs/deploy/prometheus/genetix-targets.json is not what genetix prometheus-targets writes; regenerate it")
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.file("targets.json"))
            #expect((attributes[.posixPermissions] as? Int) == 0o644)
        }
    }
}
