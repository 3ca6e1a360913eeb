import Foundation
import GenetixOperations
import GenetixTesting
import Testing

@Suite struct OperatorConfigTests {
    static let valid = """
        {"cluster": "prod", "refresh": 2, "theme": "nord", "logLines": 500,
         "thresholds": {"p99Ms": {"warn": 100, "crit": 500}, "unreachable": {"warn": 1, "crit": 2}},
         "nodes": [
           {"name": "lb-1", "kind": "balancer", "admin": "http://127.0.0.1:9101/", "token": "inline-secret"},
           {"name": "app-1", "kind": "app", "admin": "http://127.0.0.1:9102", "tokenFile": "op.token"},
           {"name": "db-1", "kind": "database", "admin": "http://127.0.0.1:9103", "tokenEnv": "DB_TOKEN"}
         ]}
        """

    func load(_ json: String, env: [String: String] = ["DB_TOKEN": "from-env"], name: String = "c.json") throws -> (Result<OperatorConfig, OperatorConfigError>, String) {
        let dir = try TemporaryDirectory(prefix: "config")
        defer { dir.remove() }
        try "file-secret\n".write(toFile: dir.file("op.token"), atomically: true, encoding: .utf8)
        try json.write(toFile: dir.file(name), atomically: true, encoding: .utf8)
        let loader = OperatorConfigLoader(environment: env, currentDirectory: dir.path)
        do { return (.success(try loader.load(explicit: dir.file(name))), dir.file(name)) } catch { return (.failure(error), dir.file(name)) }
    }

    func message(_ json: String, env: [String: String] = ["DB_TOKEN": "from-env"]) throws -> String {
        let (result, path) = try load(json, env: env)
        guard case .failure(let error) = result else { Issue.record("expected an error"); return "" }
        return error.description.replacingOccurrences(of: path, with: "FILE")
    }

    @Test func readsEveryField() throws {
        let config = try load(Self.valid).0.get()
        #expect(config.cluster == "prod")
        #expect(config.refreshSeconds == 2)
        #expect(config.theme == "nord")
        #expect(config.logLines == 500)
        #expect(config.thresholds.p99Ms == .init(warn: 100, crit: 500))
        #expect(config.thresholds.unreachable == .init(warn: 1, crit: 2))
        #expect(config.thresholds.errorRate == CheckThresholds().errorRate)
        #expect(config.nodes.map(\.name) == ["lb-1", "app-1", "db-1"])
        #expect(config.nodes.map(\.kind) == [.balancer, .app, .database])
        #expect(config.nodes[0].admin == "http://127.0.0.1:9101")
        #expect(config.nodes.map(\.token) == ["inline-secret", "file-secret", "from-env"])
    }

    @Test func everyErrorNamesTheFileAndKey() throws {
        let node = #"{"name": "a", "kind": "app", "admin": "http://127.0.0.1:1"}"#
        let cases: [(String, String)] = [
            ("[1]", "FILE: (top level): must be an object with cluster, nodes, refresh, theme, thresholds"),
            (#"{"cluster": "x", "nodes": [\#(node)], "colour": 1}"#, "FILE: colour: unknown key (expected one of: cluster, nodes, refresh, theme, logLines, thresholds, collector)"),
            (#"{"nodes": [\#(node)]}"#, "FILE: cluster: is required (the cluster's name)"),
            (#"{"cluster": "x"}"#, "FILE: nodes: is required (a list of {name, kind, admin, token…})"),
            (#"{"cluster": "x", "nodes": []}"#, "FILE: nodes: is empty: list at least one node"),
            (#"{"cluster": "x", "nodes": [\#(node), \#(node), {"name": "c", "kind": "cache", "admin": "http://127.0.0.1:1"}]}"#,
             "FILE: nodes[1].name: 'a' is used by an earlier node; names must be unique"),
            (#"{"cluster": "x", "nodes": [\#(node), {"name": "b", "kind": "app", "admin": "http://h:1"}, {"name": "c", "kind": "cache", "admin": "http://127.0.0.1:1"}]}"#,
             "FILE: nodes[2].kind: must be app, balancer or database"),
            (#"{"cluster": "x", "nodes": [{"name": "a", "kind": "app", "admin": "127.0.0.1:9"}]}"#,
             "FILE: nodes[0].admin: '127.0.0.1:9' is not an http:// or https:// URL"),
            (#"{"cluster": "x", "nodes": [{"name": "a", "kind": "app", "admin": "http://h:1", "tokn": "x"}]}"#,
             "FILE: nodes[0].tokn: unknown key (expected one of: name, kind, admin, token, tokenFile, tokenEnv, caFile)"),
            (#"{"cluster": "x", "nodes": [{"name": "a", "kind": "app", "admin": "http://h:1", "token": "x", "tokenEnv": "Y"}]}"#,
             "FILE: nodes[0]: give only one of token, tokenFile, tokenEnv (found token, tokenEnv)"),
            (#"{"cluster": "x", "nodes": [{"name": "a", "kind": "app", "admin": "http://h:1", "tokenEnv": "NOPE"}]}"#,
             "FILE: nodes[0].tokenEnv: the environment variable NOPE is not set (export it, or use token or tokenFile)"),
            (#"{"cluster": "x", "refresh": 0.1, "nodes": [\#(node)]}"#, "FILE: refresh: must be a number of seconds from 0.25 to 3600"),
            (#"{"cluster": "x", "logLines": 5, "nodes": [\#(node)]}"#,
             "FILE: logLines: must be a whole number of lines from 100 to 100000 (the console keeps about 250 bytes per line)"),
            (#"{"cluster": "x", "logLines": 1000.5, "nodes": [\#(node)]}"#,
             "FILE: logLines: must be a whole number of lines from 100 to 100000 (the console keeps about 250 bytes per line)"),
            (#"{"cluster": "x", "thresholds": {"p99": {"warn": 1}}, "nodes": [\#(node)]}"#,
             "FILE: thresholds.p99: unknown key (expected one of: p99Ms, errorRate, lagBytes, cpuPercent, unavailable, unreachable, staleSeconds)"),
            (#"{"cluster": "x", "thresholds": {"p99Ms": {"warn": 900, "crit": 100}}, "nodes": [\#(node)]}"#,
             "FILE: thresholds.p99Ms: warn (900) must not exceed crit (100)"),
            (#"{"cluster": "x", "thresholds": {"lagBytes": {"warn": "big"}}, "nodes": [\#(node)]}"#,
             "FILE: thresholds.lagBytes.warn: must be a number, 0 or more"),
        ]
        for (json, expected) in cases {
            #expect(try message(json) == expected, "for \(json)")
        }
    }

    @Test func unreadableTokenFileIsNamed() throws {
        let text = try message(#"{"cluster": "x", "nodes": [{"name": "a", "kind": "app", "admin": "http://h:1", "tokenFile": "missing.token"}]}"#)
        #expect(text.hasPrefix("FILE: nodes[0].tokenFile: cannot read "))
        #expect(text.hasSuffix("missing.token: No such file or directory") || text.contains("missing.token"))
    }

    @Test func malformedAndMissingFiles() throws {
        #expect(try message("{\"cluster\": ").hasPrefix("FILE: not valid JSON: "))
        let loader = OperatorConfigLoader(environment: [:], currentDirectory: "/nonexistent-dir")
        #expect(throws: OperatorConfigError.unreadable(path: "/nonexistent-dir/x.json", reason: "No such file or directory")) {
            try loader.load(explicit: "x.json")
        }
    }

    @Test func searchOrder() throws {
        let dir = try TemporaryDirectory(prefix: "search")
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.file("xdg/genetix"), withIntermediateDirectories: true)
        let body = { (name: String) in #"{"cluster": "\#(name)", "nodes": [{"name": "a", "kind": "app", "admin": "http://h:1"}]}"# }
        try body("xdg").write(toFile: dir.file("xdg/genetix/config.json"), atomically: true, encoding: .utf8)
        var loader = OperatorConfigLoader(environment: ["XDG_CONFIG_HOME": dir.file("xdg")], currentDirectory: dir.path)
        #expect(try loader.load(explicit: nil).cluster == "xdg")
        try body("cwd").write(toFile: dir.file("genetix.json"), atomically: true, encoding: .utf8)
        #expect(try loader.load(explicit: nil).cluster == "cwd")
        try body("env").write(toFile: dir.file("env.json"), atomically: true, encoding: .utf8)
        loader.environment["GENETIX_CONFIG"] = dir.file("env.json")
        #expect(try loader.load(explicit: nil).cluster == "env")
        try body("flag").write(toFile: dir.file("flag.json"), atomically: true, encoding: .utf8)
        #expect(try loader.load(explicit: "flag.json").cluster == "flag")
        let empty = OperatorConfigLoader(environment: ["HOME": "/nonexistent-home"], currentDirectory: "/nonexistent-cwd")
        #expect(throws: OperatorConfigError.notFound(searched: ["/nonexistent-cwd/genetix.json", "/nonexistent-home/.config/genetix/config.json"])) {
            try empty.load(explicit: nil)
        }
    }

    @Test func exampleConfigurationIsValid() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loader = OperatorConfigLoader(environment: ["GENETIX_OPERATOR_TOKEN": "example-token-0123456789"], currentDirectory: root.path)
        let config = try loader.load(path: root.path + "/config.example.json")
        #expect(config.nodes.map(\.kind) == [.balancer, .app, .app, .database, .database])
    }
}
