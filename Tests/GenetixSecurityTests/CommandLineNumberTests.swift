import Foundation
import GenetixApp
import GenetixTesting
import Testing

extension SecurityTests {
    /// Numbers an operator can type: every numeric flag and argument of the `genetix` executable, each with a fixed
    /// table of extreme values, exits 64 (usage) naming the flag before the command does anything.
    @Suite(.serialized) struct CommandLineNumberTests {
        static let integers = ["1e19", "-1", "1.5", "-0", "99999999999999999999", "0x10", "٣", "9223372036854775808"]
        static let numbers = ["1e19", "1e308", "-0", "1e-300", "nan", "inf", "-1", "1e400", "0x1p3"]
        /// For `genetix scale NODE COUNT`, where -1 is a legal delta.
        static let counts = ["1e19", "65", "+65", "-65", "-0", "+0", "99999999999999999999", "+9223372036854775807", "1.5", "٣", "0x10"]

        /// The command line before the value, the name the error must carry, and whether the value is an integer.
        /// `files` holds a tokens file and a secrets file, so that node commands get as far as their numeric flags.
        static func flags(_ files: TemporaryDirectory) -> [(prefix: [String], name: String, integer: Bool)] {
            let node = ["--admin-tokens", files.file("tokens.json"), "--admin-listen", "127.0.0.1:0"]
            let app = ["app", "--db", "host=127.0.0.1 port=1", "--secrets", files.file("secrets.json")] + node
            let worker = ["app-worker", "--db", "host=127.0.0.1 port=1", "--secrets", files.file("secrets.json"), "--listen", "127.0.0.1:0"]
            let balancer = ["balancer", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1"] + node
            return [
                (["restart", "app-1"], "<worker>", true),
                (["autoscale", "app-1", "on", "--min"], "--min", true), (["autoscale", "app-1", "on", "--max"], "--max", true),
                (["autoscale", "app-1", "on", "--target"], "--target", false), (["status", "--watch"], "--watch", false),
                (app + ["--workers"], "--workers", true), (app + ["--worker-threads"], "--worker-threads", true),
                (app + ["--max-memory"], "--max-memory", true), (worker + ["--id"], "--id", true), (worker + ["--threads"], "--threads", true),
                (balancer + ["--max-body-mib"], "--max-body-mib", true), (balancer + ["--max-connections"], "--max-connections", true),
                (balancer + ["--max-backend-connections"], "--max-backend-connections", true), (balancer + ["--rate-limit"], "--rate-limit", true),
                (balancer + ["--login-rate-limit"], "--login-rate-limit", true), (balancer + ["--cache-mib"], "--cache-mib", true),
                (balancer + ["--threads"], "--threads", true),
                (["cert", "--out", "/nonexistent/certs", "--days"], "--days", true),
                (["load", "--target", "http://127.0.0.1:1", "--rps"], "--rps", false),
                (["load", "--target", "http://127.0.0.1:1", "--max-in-flight"], "--max-in-flight", true),
                (["up", "--state-dir", "/nonexistent/state", "--load"], "--load", false),
            ]
        }

        @Test func everyNumericFlagRefusesExtremeValuesWithExit64() async throws {
            let files = try TemporaryDirectory(prefix: "cli-numbers")
            defer { files.remove() }
            try #"[{"name": "ops", "role": "operator", "secret": "0123456789abcdef0123456789abcdef"}]"#
                .write(toFile: files.file("tokens.json"), atomically: true, encoding: .utf8)
            try AppSecrets.generateFileContents().write(toFile: files.file("secrets.json"), atomically: true, encoding: .utf8)
            let cases = Self.flags(files) + [(["scale", "app-1"], "<count>", true)]
            for flag in cases {
                for value in flag.name == "<count>" ? Self.counts : flag.integer ? Self.integers : Self.numbers {
                    // `--flag=value`, so values that start with '-' are values, not options.
                    var arguments = flag.prefix
                    if flag.name.hasPrefix("--") { arguments[arguments.count - 1] += "=" + value } else { arguments.append(value) }
                    let outcome = try await Self.run(arguments)
                    #expect(outcome.status == 64, "\(arguments.joined(separator: " ")) → \(outcome.status): \(outcome.output.prefix(300))")
                    #expect(outcome.output.contains("'\(flag.name)'"), "\(arguments.joined(separator: " ")): \(outcome.output.prefix(300))")
                }
            }
        }

        /// Runs `genetix` with `arguments` under coreutils' `timeout`, so the deadline does not depend on this busy test
        /// process's own scheduling: a process still running after 60 s (a value that was wrongly accepted and started a
        /// node) is killed and reported as exit -1.
        static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
            let outcome = try await ExternalTool.run("/usr/bin/timeout", ["--signal=KILL", "60", GenetixExecutable.path] + arguments)
            return (outcome.status == 137 ? -1 : outcome.status, outcome.output)
        }
    }
}
