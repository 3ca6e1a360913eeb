import Foundation
import GenetixAdmin
import GenetixTesting
import Testing

@Suite struct AdminTokenFileTests {
    func write(_ text: String) throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory(prefix: "tokens")
        let path = dir.file("tokens.json")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test func loadsValidTokens() throws {
        let (dir, path) = try write(#"[{"name": "ops", "role": "operator", "secret": "0123456789abcdef0"}, {"name": "cron", "role": "viewer", "secret": "fedcba98765432100"}]"#)
        defer { dir.remove() }
        let tokens = try AdminTokenFile.load(path)
        #expect(tokens.map(\.name) == ["ops", "cron"])
        #expect(tokens[0].role == .operator && tokens[1].role == .viewer)
    }

    @Test(arguments: [
        (#"{"name": "x"}"#, "expected a JSON list"),
        (#"[{"name": "x", "role": "admin", "secret": "0123456789abcdef0"}]"#, "'role' must be"),
        (#"[{"name": "x", "role": "viewer", "secret": "short"}]"#, "at least 16"),
        (#"[{"name": "x", "role": "viewer", "secret": "0123456789abcdef0", "extra": 1}]"#, "unknown key 'extra'"),
        (#"[]"#, "empty"),
    ])
    func rejectsBadFilesNamingTheProblem(text: String, expected: String) throws {
        let (dir, path) = try write(text)
        defer { dir.remove() }
        do {
            _ = try AdminTokenFile.load(path)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description.contains(path))
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test func missingFileIsNamed() {
        #expect(throws: AdminTokenError.self) { try AdminTokenFile.load("/nonexistent/tokens.json") }
    }
}

@Suite struct CIDRBlockTests {
    @Test(arguments: [
        ("127.0.0.1/32", "127.0.0.1", true), ("127.0.0.0/8", "127.9.9.9", true), ("10.0.0.0/8", "127.0.0.1", false),
        ("192.168.1.0/24", "192.168.1.200", true), ("192.168.1.0/24", "192.168.2.1", false), ("0.0.0.0/0", "8.8.8.8", true),
        ("::1/128", "::1", true), ("fd00::/8", "fd12::1", true), ("fd00::/8", "fe80::1", false),
        ("127.0.0.1", "127.0.0.1", true), ("127.0.0.0/8", "::ffff:127.0.0.5", true), ("10.0.0.0/9", "10.128.0.1", false),
    ])
    func membership(cidr: String, address: String, expected: Bool) throws {
        #expect(try CIDRBlock(parsing: cidr).contains(address) == expected)
    }

    @Test(arguments: ["", "10.0.0.0/33", "banana", "10.0.0.0/-1", "::1/129"])
    func rejectsMalformed(text: String) {
        #expect(throws: CIDRError.self) { try CIDRBlock(parsing: text) }
    }
}
