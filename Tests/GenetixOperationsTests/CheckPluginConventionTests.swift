import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// Issue 17: `genetix check` follows the Monitoring Plugins conventions — ranges, -w/-c over the configured levels,
/// --node/--kind selection, -t, perfdata with units after `|`, and UNKNOWN (3) for every usage or configuration error.
@Suite struct CheckPluginConventionTests {
    @Test(arguments: [
        ("10", -1.0, true), ("10", 0.0, false), ("10", 10.0, false), ("10", 10.5, true),
        ("10:", 9.9, true), ("10:", 10.0, false), ("10:", 1e9, false),
        ("~:10", -1e9, false), ("~:10", 10.0, false), ("~:10", 11.0, true),
        ("10:20", 9.0, true), ("10:20", 10.0, false), ("10:20", 20.0, false), ("10:20", 21.0, true),
        ("@10:20", 9.0, false), ("@10:20", 10.0, true), ("@10:20", 15.0, true), ("@10:20", 20.0, true), ("@10:20", 20.1, false),
        ("-5:-1", -3.0, false), ("-5:-1", 0.0, true), ("0.5", 0.6, true), ("@~:0", -1.0, true), ("@~:0", 1.0, false),
    ])
    func rangeAlerts(text: String, value: Double, alerts: Bool) throws {
        #expect(try MonitoringRange(parsing: text).alerts(value) == alerts, "\(text) with \(value)")
    }

    @Test(arguments: ["", "@", "abc", "1:2:3", "20:10", "~", "10:x", "nan", "inf"])
    func malformedRangesAreRefused(text: String) {
        #expect(throws: MonitoringRangeError.self) { try MonitoringRange(parsing: text) }
    }

    @Test func rangesReplaceTheConfiguredLevelsOfTheirMetric() throws {
        let levels = CheckThresholds.Levels(warn: 250, crit: 1000)
        let warnOnly = CheckRanges(metric: "p99Ms", warn: try MonitoringRange(parsing: "10"), crit: nil)
        #expect(warnOnly.severity(of: 5, levels: levels) == .ok)
        #expect(warnOnly.severity(of: 20, levels: levels) == .warning)
        #expect(warnOnly.severity(of: 1000, levels: levels) == .critical)  // the configured crit still applies
        let errorRate = CheckRanges(metric: "errorRate", warn: nil, crit: try MonitoringRange(parsing: "2"))  // percent
        #expect(errorRate.severity(of: 0.015, levels: CheckThresholds.Levels(warn: 0.01, crit: 0.05)) == .warning)
        #expect(errorRate.severity(of: 0.03, levels: CheckThresholds.Levels(warn: 0.01, crit: 0.05)) == .critical)
    }

    /// The real executable against real admin servers (app p99 20 ms, balancer p99 15 ms).
    @Test func exitCodesAndPerfdataOfTheRealCommand() async throws {
        let cluster = try TestCluster()
        let dir = try TemporaryDirectory(prefix: "check-plugin")
        defer { dir.remove() }
        do {
            let config = dir.file("c.json")
            try cluster.configJSON().write(toFile: config, atomically: true, encoding: .utf8)
            let cases: [([String], Int32, String)] = [
                (["--node", "app-1"], 0, "GENETIX OK - test: all 1 nodes ok (1 app) | nodes=1;;;0 "),
                (["--node", "app-1", "-w", "10"], 1, "app-1_p99=20ms;10;1000;0"),
                (["--node", "app-1", "-w", "10", "-c", "15"], 2, "app-1_p99=20ms;10;15;0"),
                (["--node", "app-1", "-w", "@0:50"], 1, "(warn @0:50)"),
                (["--node", "app-1", "--metric", "cpuPercent", "-c", "~:1"], 2, "app-1_cpu=3%;70;~:1;0"),
                (["--kind", "balancer", "-c", "20:"], 2, "lb-1 p99 15 ms (crit 20:)"),
                (["--kind", "balancer", "-c", "~:100", "-t", "10"], 0, "GENETIX OK - test: all 1 nodes ok (1 balancer)"),
                (["--node", "app-1,lb-1", "--metric", "errorRate", "-w", "0.5"], 0, "lb-1_5xx=0%;0.5;5;0"),
                (["--kind", "nope"], 3, ""), (["-w", "abc"], 3, "GENETIX UNKNOWN - -w 'abc' is not a range"),
                (["-c", "20:10"], 3, "GENETIX UNKNOWN"), (["--node", "ghost"], 3, "GENETIX UNKNOWN - --node ghost: no such node"),
                (["--bogus"], 3, ""), (["-t", "0"], 3, "GENETIX UNKNOWN - -t 0"), (["--metric", "nope", "-w", "1"], 3, ""),
                (["-t"], 3, ""),
            ]
            for (extra, code, text) in cases {
                let run = try await GenetixExecutable.run(["check", "--config", config] + extra)
                #expect(run.code == code, "check \(extra.joined(separator: " ")): exit \(run.code)\n\(run.output)")
                #expect(text.isEmpty || run.output.contains(text), "check \(extra.joined(separator: " ")):\n\(run.output)")
                if code != 3 { #expect(run.output.split(separator: "\n").count == 1 && run.output.contains(" | ")) }
            }
            let missing = try await GenetixExecutable.run(["check", "--config", dir.file("missing.json"), "--node", "app-1"])
            #expect(missing.code == 3 && missing.output.hasPrefix("GENETIX UNKNOWN - cannot read the configuration: "), "\(missing.output)")
        }
        await cluster.shutdown()
    }
}
