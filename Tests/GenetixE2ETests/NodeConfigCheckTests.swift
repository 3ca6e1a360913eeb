import Foundation
import GenetixTesting
import Testing

/// Issue 17: `genetix NODE --check --config FILE` validates a configuration like `nginx -t`: exit 0 when it is
/// usable, 78 (EX_CONFIG) with the file and the key (or flag) at fault otherwise; nothing is started.
@Suite(.enabled(if: E2E.nodesAvailable, "needs the node commands in .build/debug/genetix"))
struct NodeConfigCheckTests {
    @Test func validAndInvalidConfigurationsOfEveryNodeKind() async throws {
        try await TemporaryDirectory.with(prefix: "config-check") { dir in
            let tokens = dir.file("tokens.json")
            try #"[{"name": "ops", "role": "operator", "secret": "operator-secret-0123456789"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
            let secrets = dir.file("secrets.json")
            try #"{"codeKey": "\#(String(repeating: "a1", count: 32))", "indexKey": "\#(String(repeating: "b2", count: 32))"}"#
                .write(toFile: secrets, atomically: true, encoding: .utf8)
            func config(_ name: String, _ json: String) throws -> String {
                let path = dir.file(name)
                try json.write(toFile: path, atomically: true, encoding: .utf8)
                return path
            }
            let cases: [(String, String, Int32, [String])] = [
                ("balancer", #"{"admin-tokens": "\#(tokens)", "listen": "127.0.0.1:1", "backend": ["127.0.0.1:8101"]}"#, 0, ["is valid"]),
                ("balancer", #"{"admin-tokens": "\#(tokens)", "listn": "127.0.0.1:1", "backend": ["127.0.0.1:8101"]}"#, 78,
                 ["unknown key 'listn'", "Did you mean 'listen'?"]),
                ("balancer", #"{"admin-tokens": "\#(tokens)", "rate-limit": true, "backend": ["127.0.0.1:8101"]}"#, 78, ["key 'rate-limit'"]),
                ("balancer", #"{"admin-tokens": "\#(dir.file("missing.json"))", "backend": ["127.0.0.1:8101"]}"#, 78, [dir.file("missing.json")]),
                ("balancer", #"{"admin-tokens": "\#(tokens)"}"#, 78, ["--backend or --app-admin"]),
                ("balancer", #"{"admin-tokens": "\#(tokens)", "backend": ["127.0.0.1:8101"], "tls-listen": "127.0.0.1:1"}"#, 78, ["--cert and --key"]),
                ("app", #"{"admin-tokens": "\#(tokens)", "db": "host=127.0.0.1 dbname=genetix", "secrets": "\#(secrets)"}"#, 0, ["is valid"]),
                ("app", #"{"admin-tokens": "\#(tokens)", "db": "host=127.0.0.1 dbname=genetix"}"#, 78, ["--secrets"]),
                ("app", #"{"admin-tokens": "\#(tokens)", "db": "host=127.0.0.1", "secrets": "\#(tokens)"}"#, 78, ["--secrets"]),
                ("app", #"["not", "an", "object"]"#, 78, ["the top level must be an object"]),
                ("database", #"{"admin-tokens": "\#(tokens)"}"#, 0, ["is valid"]),
                ("database", #"{"admin-tokens": "\#(tokens)", "lag-threshold": "lots"}"#, 78, ["--lag-threshold"]),
            ]
            for (index, (kind, json, code, words)) in cases.enumerated() {
                let path = try config("\(kind)-\(index).json", json)
                let run = try await E2E.run([kind, "--check", "--config", path] + (kind == "database" ? ["--data", dir.file("db")] : []))
                #expect(run.code == code, "\(kind) \(json): exit \(run.code)\n\(run.output)")
                for word in words { #expect(run.output.contains(word), "\(kind) \(json):\n\(run.output)") }
                if code == 78 { #expect(run.stderr.contains(path), "the error must name \(path):\n\(run.stderr)") }
            }
            #expect(!FileManager.default.fileExists(atPath: dir.file("db")), "--check must not create the data directory")
        }
    }
}
