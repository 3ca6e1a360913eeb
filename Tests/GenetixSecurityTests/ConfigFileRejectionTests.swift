import Foundation
import GenetixOperations
import GenetixTesting
import Testing

extension SecurityTests {
    /// Node `--config` files and the console configuration with wrong types, unknown keys, missing and unreadable files:
    /// the real `genetix` executable exits non-zero with a message naming the file and the key.
    @Suite(.serialized) struct ConfigFileRejectionTests {
        /// A bad file's contents (nil: the path does not exist; "<dir>": the path is a directory), and the key named.
        static let nodeCases: [(name: String, contents: String?, key: String?)] = [
            ("unknown key", #"{"admin-lisen": "127.0.0.1:0"}"#, "admin-lisen"),
            ("bool for a number", #"{"workers": true}"#, "workers"),
            ("list for a single value", #"{"name": ["a", "b"]}"#, "name"),
            ("object for a string", #"{"log-level": {"level": "info"}}"#, "log-level"),
            ("null", #"{"admin-tokens": null}"#, "admin-tokens"),
            ("not an object", #"["workers", 2]"#, nil),
            ("malformed", #"{"workers": 2"#, nil),
            ("missing file", nil, nil),
            ("a directory", "<dir>", nil),
        ]

        static func write(_ contents: String?, in directory: TemporaryDirectory, as name: String) throws -> String {
            let path = directory.file(name)
            switch contents {
            case nil: break
            case "<dir>"?: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            case let text?: try text.write(toFile: path, atomically: true, encoding: .utf8)
            }
            return path
        }

        @Test(arguments: ["app", "database"])
        func nodeConfigFiles(_ command: String) async throws {
            try await TemporaryDirectory.with(prefix: "security-config") { directory in
                for (i, bad) in Self.nodeCases.enumerated() {
                    let path = try Self.write(bad.contents, in: directory, as: "node-\(i).json")
                    var arguments = [command, "--config", path]
                    if command == "database" { arguments += ["--data", directory.file("data-\(i)")] }
                    let outcome = try await ExternalTool.run(GenetixExecutable.path, arguments)
                    #expect(outcome.status == 78, "\(command) \(bad.name): exit \(outcome.status): \(outcome.output)")
                    #expect(outcome.output.contains(path), "\(command) \(bad.name): the message does not name the file: \(outcome.output)")
                    if let key = bad.key {
                        #expect(outcome.output.contains("'\(key)'"), "\(command) \(bad.name): the message does not name the key: \(outcome.output)")
                    }
                    #expect(!FileManager.default.fileExists(atPath: directory.file("data-\(i)")), "\(command) started despite a bad config")
                }
            }
        }

        @Test func aValueOfTheWrongKindNamesTheOption() async throws {
            try await TemporaryDirectory.with(prefix: "security-config") { directory in
                let tokens = try Self.write(#"[{"name": "ops", "role": "operator", "secret": "operator-secret-0123456789"}]"#, in: directory, as: "tokens.json")
                let secrets = try Self.write(#"{"codeKey": "\#(String(repeating: "a1", count: 32))", "indexKey": "\#(String(repeating: "b2", count: 32))"}"#,
                                             in: directory, as: "secrets.json")
                let path = try Self.write(#"{"workers": "many", "admin-tokens": "\#(tokens)", "secrets": "\#(secrets)", "admin-listen": "127.0.0.1:0", "db": "host=127.0.0.1 port=1"}"#,
                                          in: directory, as: "app.json")
                // `timeout` ends the node should it start after all.
                let outcome = try await ExternalTool.run("/usr/bin/timeout", ["20", GenetixExecutable.path, "app", "--config", path])
                #expect(outcome.status != 0 && outcome.status != 124, "exit \(outcome.status): \(outcome.output)")
                #expect(outcome.output.contains("workers"), "\(outcome.output)")
            }
        }

        static let consoleCases: [(name: String, contents: String?, key: String?)] = [
            ("unknown key", #"{"cluster": "c", "nodez": []}"#, "nodez"),
            ("wrong type", #"{"cluster": 7, "nodes": []}"#, "cluster"),
            ("node kind", #"{"cluster": "c", "nodes": [{"name": "a", "kind": "router", "admin": "http://127.0.0.1:1", "token": "t"}]}"#, "nodes[0].kind"),
            ("node unknown key", #"{"cluster": "c", "nodes": [{"name": "a", "kind": "app", "admin": "http://127.0.0.1:1", "tokn": "t"}]}"#, "nodes[0].tokn"),
            ("refresh type", #"{"cluster": "c", "refresh": "1s", "nodes": [{"name": "a", "kind": "app", "admin": "http://127.0.0.1:1"}]}"#, "refresh"),
            ("empty key", #"{"": 1}"#, "\"\""),
            ("trailing comma", #"{"cluster": "c",}"#, nil),
            ("missing file", nil, nil),
            ("a directory", "<dir>", nil),
        ]

        @Test func consoleConfigFiles() async throws {
            try await TemporaryDirectory.with(prefix: "security-console") { directory in
                for (i, bad) in Self.consoleCases.enumerated() {
                    let path = try Self.write(bad.contents, in: directory, as: "console-\(i).json")
                    let outcome = try await ExternalTool.run(GenetixExecutable.path, ["status", "--config", path])
                    #expect(outcome.status != 0 && outcome.status != 1, "status \(bad.name): exit \(outcome.status): \(outcome.output)")
                    #expect(outcome.output.contains(path), "status \(bad.name): the message does not name the file: \(outcome.output)")
                    if let key = bad.key {
                        #expect(outcome.output.contains("\(path): \(key):"), "status \(bad.name): the message does not name the key: \(outcome.output)")
                    }
                    // The same errors come from the loader in-process.
                    #expect(throws: OperatorConfigError.self) { try OperatorConfigLoader(environment: [:], currentDirectory: directory.path).load(path: path) }
                }
            }
        }
    }
}
